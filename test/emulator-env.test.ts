import { EmulatorConfigError, emulatorOptionsFromEnv } from '../src/emulator/env';
import { run } from './support/processes';

/** EMULATOR_* settings, read by the emulator itself: each mistake is one line naming the variable, its value and what is allowed. */
describe("the emulator's environment", () => {
  it('has defaults for everything', () => {
    expect(emulatorOptionsFromEnv({})).toEqual({
      port: 4566,
      host: '127.0.0.1',
      seed: true,
      fleet: {},
      settings: {
        accountId: '123456789012',
        pageSize: 25,
        listProperties: 'identifier',
        writeDelayMs: 1500,
        imageStepMs: 5000,
        faults: { latencyMs: 0, ratePerSecond: null, rateBurst: null },
      },
    });
  });

  it('reads every variable', () => {
    const options = emulatorOptionsFromEnv({
      EMULATOR_PORT: '4599',
      EMULATOR_HOST: '0.0.0.0',
      EMULATOR_SEED: 'false',
      EMULATOR_FLEET: 'us-east-1=100, eu-west-1=0',
      EMULATOR_ACCOUNT_ID: '111122223333',
      EMULATOR_PAGE_SIZE: '7',
      EMULATOR_LIST_PROPERTIES: 'full',
      EMULATOR_WRITE_DELAY_MS: '20',
      EMULATOR_IMAGE_STEP_MS: '250',
      EMULATOR_LATENCY_MS: '200',
      EMULATOR_RATE_PER_SECOND: '2.5',
      EMULATOR_RATE_BURST: '4',
    });
    expect(options).toEqual({
      port: 4599,
      host: '0.0.0.0',
      seed: false,
      fleet: { 'us-east-1': 100, 'eu-west-1': 0 },
      settings: {
        accountId: '111122223333',
        pageSize: 7,
        listProperties: 'full',
        writeDelayMs: 20,
        imageStepMs: 250,
        faults: { latencyMs: 200, ratePerSecond: 2.5, rateBurst: 4 },
      },
    });
  });

  it.each([
    ['EMULATOR_PORT', '0x10', 'EMULATOR_PORT="0x10" is not valid: expected a whole number from 0 to 65535, in plain decimal digits.'],
    ['EMULATOR_PORT', '70000', 'EMULATOR_PORT="70000" is not valid: expected a whole number from 0 to 65535, in plain decimal digits.'],
    ['EMULATOR_PAGE_SIZE', '1e3', 'EMULATOR_PAGE_SIZE="1e3" is not valid: expected a whole number from 1 to 1000, in plain decimal digits.'],
    ['EMULATOR_PAGE_SIZE', '0', 'EMULATOR_PAGE_SIZE="0" is not valid: expected a whole number from 1 to 1000, in plain decimal digits.'],
    ['EMULATOR_WRITE_DELAY_MS', '-5', 'EMULATOR_WRITE_DELAY_MS="-5" is not valid: expected a whole number from 0 to 600000, in plain decimal digits.'],
    ['EMULATOR_WRITE_DELAY_MS', '1_000', 'EMULATOR_WRITE_DELAY_MS="1_000" is not valid: expected a whole number from 0 to 600000, in plain decimal digits.'],
    ['EMULATOR_IMAGE_STEP_MS', '600001', 'EMULATOR_IMAGE_STEP_MS="600001" is not valid: expected a whole number from 0 to 600000, in plain decimal digits.'],
    ['EMULATOR_LATENCY_MS', '2.5', 'EMULATOR_LATENCY_MS="2.5" is not valid: expected a whole number from 0 to 600000, in plain decimal digits.'],
    ['EMULATOR_RATE_PER_SECOND', 'Infinity', 'EMULATOR_RATE_PER_SECOND="Infinity" is not valid: expected a number from 0 to 100000, in plain decimal digits (a fraction such as 2.5 is allowed).'],
    ['EMULATOR_RATE_PER_SECOND', '.5', 'EMULATOR_RATE_PER_SECOND=".5" is not valid: expected a number from 0 to 100000, in plain decimal digits (a fraction such as 2.5 is allowed).'],
    ['EMULATOR_RATE_BURST', '+4', 'EMULATOR_RATE_BURST="+4" is not valid: expected a whole number from 0 to 100000, in plain decimal digits.'],
    ['EMULATOR_LIST_PROPERTIES', 'all', 'EMULATOR_LIST_PROPERTIES="all" is not valid: expected one of identifier, full.'],
    ['EMULATOR_SEED', 'maybe', 'EMULATOR_SEED="maybe" is not valid: expected true or false.'],
    ['EMULATOR_ACCOUNT_ID', '12345', 'EMULATOR_ACCOUNT_ID="12345" is not valid: expected a 12-digit AWS account id.'],
    ['EMULATOR_HOST', 'http://localhost', 'EMULATOR_HOST="http://localhost" is not valid: expected a host name or IP address such as 127.0.0.1 or 0.0.0.0.'],
    ['EMULATOR_FLEET', 'us-east-1=ten', 'EMULATOR_FLEET="us-east-1=ten" is not valid: expected region=count pairs separated by commas, counts from 0 to 100000, for example us-east-1=100,eu-west-1=20.'],
    ['EMULATOR_FLEET', 'Frankfurt=3', 'EMULATOR_FLEET="Frankfurt=3" is not valid: expected region=count pairs separated by commas, counts from 0 to 100000, for example us-east-1=100,eu-west-1=20.'],
    ['EMULATOR_FLEET', 'us-east-1=1,us-east-1=2', 'EMULATOR_FLEET="us-east-1=1,us-east-1=2" is not valid: expected region=count pairs separated by commas, counts from 0 to 100000, for example us-east-1=100,eu-west-1=20.'],
  ])('refuses %s=%s', (name, value, message) => {
    let thrown: unknown;
    try {
      emulatorOptionsFromEnv({ [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EmulatorConfigError);
    expect(thrown).toMatchObject({ name: 'EmulatorConfigError', message });
  });

  it('keeps the message on one line whatever the variable held', () => {
    expect(() => emulatorOptionsFromEnv({ EMULATOR_PAGE_SIZE: '5\n6' })).toThrow('EMULATOR_PAGE_SIZE="5\\n6" is not valid');
  });

  it('`npm run emulator` prints that one line and exits 2', async () => {
    const emulator = run('src/emulator/main.ts', { EMULATOR_PORT: '0', EMULATOR_RATE_BURST: '1e3' });
    // Should it start after all, the test fails at once, and stops it.
    const listening = emulator.waitForLine((line) => line.msg === 'Cloud Control emulator listening').then(
      () => 'listening',
      () => 'not listening',
    );
    try {
      expect(await Promise.race([emulator.exited, listening])).toBe(2);
    } finally {
      await emulator.stop();
    }
    expect(emulator.stderr.join('').trim().split('\n')).toEqual([
      'emulator: EMULATOR_RATE_BURST="1e3" is not valid: expected a whole number from 0 to 100000, in plain decimal digits.',
    ]);
  });
});
