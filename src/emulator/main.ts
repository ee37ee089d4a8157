import { EmulatorConfigError, emulatorOptionsFromEnv } from './env';
import { RESOURCE_TYPES } from './resources/resource-types';
import { startEmulator } from './server';
import { SERVICES } from './services';

/** How many resources of each type each account holds in each region, for the start-up line. */
function resourceCounts(contents: Record<string, Record<string, Record<string, string[]>>>) {
  const count = <T, R>(record: Record<string, T>, map: (value: T) => R) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
  return count(contents, (regions) => count(regions, (types) => count(types, (identifiers) => identifiers.length)));
}

/** `npm run emulator`: the emulator alone, an endpoint for any AWS client. */
async function main(): Promise<void> {
  let options;
  try {
    options = emulatorOptionsFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof EmulatorConfigError)) throw error;
    console.error(`emulator: ${error.message}`);
    process.exit(2);
  }
  const emulator = await startEmulator(options);
  console.log(
    JSON.stringify({
      // The message others wait for (scripts, process tests) stays as it was; `services` says what answers.
      msg: 'Cloud Control emulator listening',
      endpoint: emulator.url,
      services: [...SERVICES.keys()],
      typeNames: [...RESOURCE_TYPES.keys()],
      resources: resourceCounts(emulator.store.contents()),
      settings: emulator.settings,
      try: [
        `aws cloudcontrol list-resources --type-name AWS::ImageBuilder::ImagePipeline --region us-east-1 --endpoint-url ${emulator.url}`,
        `aws imagebuilder list-image-pipelines --region us-east-1 --endpoint-url ${emulator.url}`,
        `aws sts get-caller-identity --region us-east-1 --endpoint-url ${emulator.url}`,
      ],
    }),
  );
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
