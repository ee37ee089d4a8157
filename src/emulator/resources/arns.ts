/**
 * ARNs and regions by the emulator's own rules, read from the registry schemas' Arn patterns
 * (`^arn:[^:]+:imagebuilder:[^:]+:[^:]+:image-recipe/.+$` and the like) and Image Builder's
 * ARN forms, not from the gateway's parser.
 */

/** Region codes: two letters, one or more words, a number (`us-east-1`, `us-gov-west-1`, `us-isob-east-1`). */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ACCOUNT = /^\d{12}$/;

export function isRegion(value: string): boolean {
  return REGION.test(value);
}

export function isAccountId(value: string): boolean {
  return ACCOUNT.test(value);
}

/** The partition a region belongs to, by its prefix. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

export interface Place {
  account: string;
  region: string;
}

export function imageBuilderArn(place: Place, resource: string): string {
  return `arn:${partitionOf(place.region)}:imagebuilder:${place.region}:${place.account}:${resource}`;
}

/** Image Builder puts names into ARNs lowercased, with spaces as dashes. */
export function arnName(name: string): string {
  return name.toLowerCase().replace(/ /g, '-');
}
