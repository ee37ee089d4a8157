import { IMAGE_RECIPE } from '../resources/type-names';
import { pipeline } from './demo-pipelines';
import { imageRecipeResource, standardFleet } from './demo-resources';
import { seededArn, type SeededResource } from './seeded-resource';

/**
 * A second account, for the gateway's cross-account reads. Static keys belong to the emulator's
 * own account (accounts.ts); calls reach this one with the keys STS issues for its role
 * (DEFAULT_ROLES in emulator-state.ts).
 */
export const SECOND_ACCOUNT_ID = '210987654321';

/** Two pipelines in us-east-1 sharing one recipe and one build fleet. */
export function secondAccountResources(): SeededResource[] {
  const place = { account: SECOND_ACCOUNT_ID, region: 'us-east-1' };
  const recipe = imageRecipeResource(place, 'payments-base', '1.4.0', {
    Description: "The payments team's hardened base image.",
    ParentImage: 'arn:aws:imagebuilder:us-east-1:aws:image/amazon-linux-2023-x86/x.x.x',
    Tags: { team: 'payments' },
  });
  const recipeArn = seededArn(IMAGE_RECIPE, place, recipe.model);
  return [
    pipeline(place.region, place.account, 'payments-api-golden', {
      Description: 'Payments API hosts, rebuilt nightly.',
      ImageRecipeArn: recipeArn,
      Schedule: { ScheduleExpression: 'cron(0 2 * * ? *)', Timezone: 'Etc/UTC' },
      Tags: { team: 'payments', env: 'prod' },
    }),
    pipeline(place.region, place.account, 'payments-batch-golden', {
      Description: 'Payments batch workers, built on demand.',
      ImageRecipeArn: recipeArn,
      Status: 'DISABLED',
      Tags: { team: 'payments', env: 'prod' },
    }),
    recipe,
    standardFleet(place),
  ];
}
