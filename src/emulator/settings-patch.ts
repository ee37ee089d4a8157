import type { ErrorObject, ValidateFunction } from 'ajv';
import { HANDLER_ERROR_CODES, WRITE_ERRORS as CLOUD_CONTROL_WRITE_ERRORS } from './cloudcontrol/errors';
import { FAILING_STEPS } from './image-store';
import { WRITE_ERRORS as IMAGE_BUILDER_WRITE_ERRORS } from './imagebuilder/errors';
import { ROLE_ARN } from './sts/identities';

const share = { type: 'number', minimum: 0, maximum: 1 };
const milliseconds = { type: 'integer', minimum: 0, maximum: 600_000 };
const strings = { type: 'array', items: { type: 'string' } };
/** A StatusMessage or error Message: the model's ErrorMessage length. */
const message = { type: 'string', minLength: 1, maxLength: 2048 };
const nullOr = (schema: Record<string, unknown>) => ({ anyOf: [{ type: 'null' }, schema] });

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
    imageStepMs: milliseconds,
    roles: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['arn'],
        properties: {
          arn: { type: 'string', pattern: ROLE_ARN.source },
          maxSessionDuration: { type: 'integer', minimum: 3600, maximum: 43200 },
          assumable: { type: 'boolean' },
        },
      },
    },
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
        rejectWrites: nullOr({
          type: 'object',
          additionalProperties: false,
          required: ['errorName'],
          // Any service's: a fault applies to the writes of the services whose model declares its error.
          properties: { errorName: { enum: [...new Set([...CLOUD_CONTROL_WRITE_ERRORS, ...IMAGE_BUILDER_WRITE_ERRORS])] }, message },
        }),
        failWrites: nullOr({
          type: 'object',
          additionalProperties: false,
          required: ['errorCode'],
          properties: { errorCode: { enum: HANDLER_ERROR_CODES }, message },
        }),
        failBuilds: nullOr({
          type: 'object',
          additionalProperties: false,
          required: ['count', 'reason'],
          properties: { count: { type: 'integer', minimum: 0 }, reason: message, during: { enum: FAILING_STEPS } },
        }),
        operations: strings,
        identifiers: strings,
        maxFaults: { type: ['integer', 'null'], minimum: 0 },
        seed: { type: 'integer' },
      },
    },
  },
};

/** What POST /_emulator/holds accepts: which calls to hold (see holds.ts); an empty match holds every call. */
const HOLD_MATCH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { operations: strings, identifiers: strings, service: { type: 'string', minLength: 1 } },
};

/**
 * Compiled when the admin API first gets a patch or a hold, not when the emulator loads: it starts
 * inside every `npm start`, and ajv with its meta-schema took a noticeable part of that start.
 */
let validators: { settings: ValidateFunction; holdMatch: ValidateFunction } | undefined;
function compiled(): NonNullable<typeof validators> {
  if (!validators) {
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    validators = { settings: ajv.compile(SETTINGS_PATCH_SCHEMA), holdMatch: ajv.compile(HOLD_MATCH_SCHEMA) };
  }
  return validators;
}

/** `member` is what an unknown key was taken for: a setting, or a hold's criterion. */
function describe(error: ErrorObject, member: string): string {
  const at = error.instancePath || '/';
  if (error.keyword === 'additionalProperties') return `${at} has no ${member} "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  if (error.keyword === 'enum') return `${at} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${at} ${error.message ?? 'is not valid'}`;
}

function problems(validate: ValidateFunction, value: unknown, member: string): string[] {
  return validate(value) ? [] : [...new Set((validate.errors ?? []).map((error) => describe(error, member)))];
}

/** The problems of a settings patch sent over HTTP; empty when it can be applied. */
export function settingsPatchProblems(patch: unknown): string[] {
  return problems(compiled().settings, patch, 'setting');
}

/** The problems of a hold's match sent over HTTP; empty when it can be used. */
export function holdMatchProblems(match: unknown): string[] {
  return problems(compiled().holdMatch, match, 'criterion');
}
