import type { GatewayContext } from '../context';
import { badInput } from '../errors';
import { type ArnSpec, assertRegion, parseResourceArn, partitionOfRegion, type ResourceArn, truncate } from '../resources/arn';

/**
 * Whether the gateway serves a region at all, checked before any call: a region of its own
 * partition by the AWS SDK's partition metadata (another partition's would make the SDK sign for
 * another partition's hosts, and a made-up one would cost a call and grow per-region state), and
 * within GATEWAY_REGIONS when set.
 */
export function assertAllowedRegion(context: GatewayContext, region: string, argument = 'region'): string {
  const { partition } = context.settings;
  const found = partitionOfRegion(region);
  if (found !== partition) {
    throw badInput(
      found === undefined
        ? `${argument} "${truncate(region)}" is not an AWS region (by the AWS SDK's partition metadata); expected one such as us-east-1.`
        : `${argument} "${region}" is in the ${found} partition; this gateway serves the ${partition} partition.`,
      { argument },
    );
  }
  const allowed = context.settings.allowedRegions;
  if (allowed.length > 0 && !allowed.includes(region)) {
    throw badInput(`region "${region}" is not served by this gateway; allowed regions: ${allowed.join(', ')}.`, { argument: 'region' });
  }
  return region;
}

/** The region a call asked for, or the gateway's default when it named none. */
export function resolveRegion(context: GatewayContext, region: string | null | undefined): string {
  if (region !== null && region !== undefined) return assertAllowedRegion(context, assertRegion(region));
  const fallback = context.settings.defaultRegion;
  if (!fallback) {
    throw badInput('region is required: this gateway has no default region (set AWS_REGION to give it one).', { argument: 'region' });
  }
  return assertAllowedRegion(context, fallback);
}

/**
 * A caller's ARN, taken apart by its type's rules and of the gateway's partition, like its
 * regions: every ARN a caller names goes through here, so none can skip the partition.
 */
export function parseCallerArn(context: GatewayContext, input: string, type: ArnSpec, argument = 'arn'): ResourceArn {
  const arn = parseResourceArn(input, type, argument);
  const { partition } = context.settings;
  if (arn.partition !== partition) {
    throw badInput(`${argument} "${truncate(arn.arn)}" is in the ${arn.partition} partition; this gateway serves the ${partition} partition.`, { argument });
  }
  return arn;
}
