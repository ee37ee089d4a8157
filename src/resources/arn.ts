import { parse, validate } from '@aws-sdk/util-arn-parser';
import { partition } from '@aws-sdk/util-endpoints';
import { LRUCache } from 'lru-cache';
import { badInput } from '../errors';
import { stringRules } from './api-model';
import type { ResourceType } from './resource-type';

export interface ResourceArn {
  arn: string;
  partition: string;
  region: string;
  /** Twelve digits, or `aws` for a resource AWS owns (managed workflows). */
  accountId: string;
}

/**
 * AWS region codes: two letters, one or more words, a number (`us-east-1`, `us-gov-west-1`,
 * `ap-southeast-4`, `us-isob-east-1`). Checked before a region reaches the SDK, whose endpoint
 * rules would otherwise build a host name out of whatever the client sent.
 */
const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ACCOUNT_ID = /^\d{12}$/;

export function isRegion(value: string): boolean {
  return REGION_PATTERN.test(value);
}

/**
 * Whether a region exists, and in which partition (aws, aws-cn, aws-us-gov…), by the AWS SDK's
 * own partition metadata: a region it lists has a description; one that only fits a partition's
 * naming pattern (us-east-9) has none, and is not a region.
 */
export function partitionOfRegion(region: string): string | undefined {
  const known = REGION_PARTITIONS.get(region);
  if (known !== undefined) return known;
  if (!REGION_PATTERN.test(region)) return undefined;
  // The SDK's type leaves out what its metadata gives a listed region: its description.
  const info = partition(region) as ReturnType<typeof partition> & { description?: string };
  if (info.description === undefined) return undefined;
  REGION_PARTITIONS.set(region, info.name);
  return info.name;
}

/** Regions that exist, by partition, as the SDK's metadata answered: a few dozen at most, since made-up ones are never kept. Asked on every field of the warm path. */
const REGION_PARTITIONS = new Map<string, string>();

export function assertRegion(region: string, argument = 'region'): string {
  if (!isRegion(region)) {
    throw badInput(`${argument} "${truncate(region)}" is not an AWS region code; expected a code such as us-east-1 or eu-west-2.`, { argument });
  }
  return region;
}

/** What an Image Builder ARN of one kind looks like: a resource type's, or an image build's. */
export type ArnSpec = Pick<ResourceType, 'arnKind' | 'arnShape' | 'noun' | 'exampleArn' | 'awsOwned'>;

/** An image build: `…:image/{recipe}/{version}/{build}`, of an account or (a managed base image) of AWS. */
export const IMAGE_BUILD_VERSION: ArnSpec = {
  arnKind: 'image',
  arnShape: 'ImageBuildVersionArn',
  noun: 'image build version',
  exampleArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image/my-recipe/1.0.0/1',
  awsOwned: true,
};

/** An account AWS itself owns things in (`aws`, and in some partitions' models `aws-…`). */
export const isAwsOwner = (accountId: string) => /^aws(?:-[a-z-]+)?$/.test(accountId);

/**
 * A caller's ARN of a resource of `type`, checked before any call: that it is an ARN, of this
 * type, with a valid region and account, and matches the Image Builder API's own pattern and
 * length for it.
 */
export function parseResourceArn(input: string, type: ArnSpec, argument = 'arn'): ResourceArn {
  // Dashboards ask for the same pipelines at every refresh: an ARN checked once is not taken apart again.
  const key = `${type.arnKind}\n${type.arnShape}\n${type.awsOwned ?? false}\n${input}`;
  const known = PARSED_ARNS.get(key);
  if (known) return known;
  const parsed = Object.freeze(checkResourceArn(input, type, argument));
  PARSED_ARNS.set(key, parsed);
  return parsed;
}

/** ARNs that passed parseResourceArn, by shape; only valid ones are kept, and only so many. */
const PARSED_ARNS = new LRUCache<string, Readonly<ResourceArn>>({ max: 5000 });

function checkResourceArn(input: string, type: ArnSpec, argument: string): ResourceArn {
  const parts = validate(input) ? parse(input) : undefined;
  const problem = parts ? describeProblem(input, parts, type) : 'is not an ARN';
  if (problem || !parts) {
    throw badInput(`${argument} "${truncate(input)}" ${problem}; expected ${article(type.noun)} ${type.noun} ARN such as ${type.exampleArn}.`, { argument });
  }
  return { arn: input, partition: parts.partition, region: parts.region, accountId: parts.accountId };
}

function describeProblem(input: string, parts: ReturnType<typeof parse>, type: ArnSpec): string | undefined {
  const kind = parts.resource.split('/')[0];
  if (parts.service !== 'imagebuilder' || kind !== type.arnKind) {
    return `is the ARN of another resource type (${parts.service}:${kind}), not of ${article(type.noun)} ${type.noun}`;
  }
  if (!isRegion(parts.region)) return `has no valid region (found "${truncate(parts.region)}")`;
  const ownedByAws = type.awsOwned && isAwsOwner(parts.accountId);
  if (!ACCOUNT_ID.test(parts.accountId) && !ownedByAws) return `has no valid 12-digit account id (found "${truncate(parts.accountId)}")`;
  const rules = stringRules(type.arnShape);
  if (rules.max !== undefined && input.length > rules.max) return `is longer than the ${rules.max} characters the Image Builder API allows`;
  if (rules.pattern && !rules.pattern.test(input)) return `does not match the Image Builder API's ${type.arnShape} pattern (${rules.pattern.source})`;
  return undefined;
}

/**
 * The account and region of an ARN Cloud Control itself returned (a pipeline's recipe, a listed
 * identifier): trusted as it is, so a form the input rules would refuse still reads.
 */
export function arnParts(arn: string): { region: string; accountId: string } {
  const match = /^arn:[^:]*:[^:]*:([^:]*):([^:]*):/.exec(arn);
  return { region: match?.[1] ?? '', accountId: match?.[2] ?? '' };
}

/**
 * The region a request should go to: the ARN's own, or the explicit argument when it agrees.
 * A resource lives in exactly one region, so a contradicting argument is a mistake, not a hint.
 */
export function regionForArn(arn: ResourceArn, region: string | null | undefined, noun: string): string {
  if (region === null || region === undefined) return arn.region;
  assertRegion(region);
  if (region !== arn.region) {
    throw badInput(`region "${region}" contradicts the ARN, whose ${noun} lives in ${arn.region}; omit region or pass ${arn.region}.`, { argument: 'region' });
  }
  return region;
}

const article = (noun: string) => (/^[aeiou]/.test(noun) ? 'an' : 'a');

export function truncate(value: string): string {
  return value.length > 200 ? `${value.slice(0, 200)}…` : value;
}
