import { parse, validate } from '@aws-sdk/util-arn-parser';
import { badInput } from '../errors';

export interface PipelineArn {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  name: string;
}

/**
 * AWS region codes: two letters, one or more words, a number (`us-east-1`, `us-gov-west-1`,
 * `ap-southeast-4`, `us-isob-east-1`). Checked before a region reaches the SDK, whose endpoint
 * rules would otherwise build a host name out of whatever the client sent.
 */
const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
/** The Image Builder API's ImagePipelineArn resource segment: lowercase, digits, `-` and `_`. */
const PIPELINE_RESOURCE = /^image-pipeline\/([a-z0-9_-]+)$/;
const ACCOUNT_ID = /^\d{12}$/;
const EXAMPLE_ARN = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/my-pipeline';

export function isRegion(value: string): boolean {
  return REGION_PATTERN.test(value);
}

export function assertRegion(region: string, argument = 'region'): string {
  if (!isRegion(region)) {
    throw badInput(
      `${argument} "${truncate(region)}" is not an AWS region code; expected a code such as us-east-1 or eu-west-2.`,
      { argument },
    );
  }
  return region;
}

export function parsePipelineArn(input: string, argument = 'arn'): PipelineArn {
  const parts = validate(input) ? parse(input) : undefined;
  const problem = parts ? describeArnProblem(parts) : 'is not an ARN';
  if (problem || !parts) {
    throw badInput(`${argument} "${truncate(input)}" ${problem}; expected an image pipeline ARN such as ${EXAMPLE_ARN}.`, {
      argument,
    });
  }
  const name = PIPELINE_RESOURCE.exec(parts.resource)![1]!;
  return { arn: input, partition: parts.partition, region: parts.region, accountId: parts.accountId, name };
}

function describeArnProblem(parts: ReturnType<typeof parse>): string | undefined {
  if (parts.service !== 'imagebuilder' || !parts.resource.startsWith('image-pipeline/')) {
    const kind = `${parts.service}:${parts.resource.split('/')[0]}`;
    return `is the ARN of another resource type (${kind}), not of an image pipeline`;
  }
  if (!isRegion(parts.region)) return `has no valid region (found "${parts.region}")`;
  if (!ACCOUNT_ID.test(parts.accountId)) return `has no valid 12-digit account id (found "${parts.accountId}")`;
  if (!PIPELINE_RESOURCE.test(parts.resource)) {
    return 'has an invalid pipeline name (the ARN form is lowercase letters, digits, "-" and "_")';
  }
  return undefined;
}

/**
 * The region a request should go to: the ARN's own, or the explicit argument when it agrees.
 * A pipeline lives in exactly one region, so a contradicting argument is a mistake, not a hint.
 */
export function regionForArn(arn: PipelineArn, region: string | null | undefined): string {
  if (region === null || region === undefined) return arn.region;
  assertRegion(region);
  if (region !== arn.region) {
    throw badInput(
      `region "${region}" contradicts the ARN, whose pipeline lives in ${arn.region}; omit region or pass ${arn.region}.`,
      { argument: 'region' },
    );
  }
  return region;
}

/** How a pipeline's ARN spells its name: lowercased, with spaces as dashes. */
export function pipelineNameInArn(name: string): string {
  return name.toLowerCase().replace(/ /g, '-');
}

/** The ARN Image Builder gives a pipeline. */
export function pipelineArnFor(partition: string, region: string, accountId: string, name: string): string {
  return `arn:${partition}:imagebuilder:${region}:${accountId}:image-pipeline/${pipelineNameInArn(name)}`;
}

function truncate(value: string): string {
  return value.length > 200 ? `${value.slice(0, 200)}…` : value;
}
