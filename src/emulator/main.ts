import { startEmulator } from './server';
import { emulatorOptionsFromEnv } from './env';

/** `npm run emulator`: the emulator alone, as a Cloud Control endpoint for any AWS client. */
async function main(): Promise<void> {
  let options;
  try {
    options = emulatorOptionsFromEnv(process.env);
  } catch (error) {
    console.error(`emulator: ${(error as Error).message}`);
    process.exit(2);
  }
  const emulator = await startEmulator(options);
  console.log(
    JSON.stringify({
      msg: 'Cloud Control emulator listening',
      endpoint: emulator.url,
      typeName: 'AWS::ImageBuilder::ImagePipeline',
      regions: emulator.store.regions(),
      settings: emulator.settings,
      try: `aws cloudcontrol list-resources --type-name AWS::ImageBuilder::ImagePipeline --region us-east-1 --endpoint-url ${emulator.url}`,
    }),
  );
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
