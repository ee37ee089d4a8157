import Ajv, { type ErrorObject } from 'ajv';

const share = { type: 'number', minimum: 0, maximum: 1 };
const milliseconds = { type: 'integer', minimum: 0, maximum: 600_000 };
const strings = { type: 'array', items: { type: 'string' } };

/**
 * What POST /_emulator/config accepts: the settings of emulator-state.ts and faults.ts, each
 * optional. A mistyped or unknown setting is refused rather than ignored or taken as is: a fault
 * the test thinks it set but the emulator does not apply would make the test prove nothing.
 */
const SETTINGS_PATCH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    accountId: { type: 'string', pattern: '^\\d{12}$' },
    pageSize: { type: 'integer', minimum: 1, maximum: 1000 },
    listProperties: { enum: ['identifier', 'full'] },
    writeDelayMs: milliseconds,
    faults: {
      type: 'object',
      additionalProperties: false,
      properties: {
        latencyMs: milliseconds,
        latencyJitterMs: milliseconds,
        ratePerSecond: { type: ['number', 'null'], exclusiveMinimum: 0 },
        rateBurst: { type: ['integer', 'null'], minimum: 1 },
        failureRate: share,
        dropRate: share,
        dropPhase: { enum: ['before', 'after'] },
        hangRate: share,
        denyOperations: strings,
        operations: strings,
        identifiers: strings,
        maxFaults: { type: ['integer', 'null'], minimum: 0 },
        seed: { type: 'integer' },
      },
    },
  },
};

const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(SETTINGS_PATCH_SCHEMA);

const describe = (error: ErrorObject) =>
  error.keyword === 'additionalProperties'
    ? `${error.instancePath || '/'} has no setting "${(error.params as { additionalProperty: string }).additionalProperty}"`
    : `${error.instancePath || '/'} ${error.message ?? 'is not valid'}`;

/** The problems of a settings patch sent over HTTP; empty when it can be applied. */
export function settingsPatchProblems(patch: unknown): string[] {
  return validate(patch) ? [] : (validate.errors ?? []).map(describe);
}
