import { imageRecipe, pipeline } from './demo-pipelines';
import { imageRecipeResource, standardFleet } from './demo-resources';
import type { SeededResource } from './seeded-resource';

/** Fleet pipelines cycle through this many versions of one recipe, so each version is shared. */
const RECIPE_VERSIONS = 10;

/** Many similar pipelines in one region (EMULATOR_FLEET), for listing and load tests. */
export function fleetPipelines(region: string, account: string, count: number): SeededResource[] {
  return Array.from({ length: count }, (_, index) => {
    const name = `fleet-node-${String(index + 1).padStart(4, '0')}`;
    return pipeline(region, account, name, {
      Description: `Fleet node image ${index + 1} of ${count}.`,
      ImageRecipeArn: imageRecipe(region, account, 'fleet-node', `1.0.${index % RECIPE_VERSIONS}`),
      Schedule: { ScheduleExpression: 'cron(0 3 * * ? *)' },
      Tags: { team: 'fleet', shard: String(index % 8) },
    });
  });
}

/** The fleet's pipelines and what they point at: the versions of its recipe and the region's standard build fleet. */
export function fleetResources(region: string, account: string, count: number): SeededResource[] {
  const place = { account, region };
  const recipes = Array.from({ length: Math.min(count, RECIPE_VERSIONS) }, (_, version) =>
    imageRecipeResource(place, 'fleet-node', `1.0.${version}`, {
      Description: 'The fleet node image.',
      ParentImage: `arn:aws:imagebuilder:${region}:aws:image/amazon-linux-2023-x86/x.x.x`,
      Tags: { team: 'fleet' },
    }),
  );
  return [...fleetPipelines(region, account, count), ...recipes, ...(count > 0 ? [standardFleet(place)] : [])];
}
