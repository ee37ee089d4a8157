import type { GatewayContext } from '../context';
import { badInput } from '../errors';
import { assertRegion } from '../resources/arn';

/** Whether the gateway serves a region at all (GATEWAY_REGIONS); checked before any call. */
export function assertAllowedRegion(context: GatewayContext, region: string): string {
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
