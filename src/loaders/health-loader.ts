import DataLoader from 'dataloader';
import type { PipelineHealth } from '../upstream/imagebuilder/shapes';
import type { Where } from '../upstream/where';

/** A pipeline's health is Image Builder's, read as the account its ARN names, in its region. */
export interface HealthKey {
  accountId: string;
  region: string;
  arn: string;
}

/** The health of several pipelines of one account and region, each answered (or failed) on its own. */
export type HealthReader = (where: Where, arns: readonly string[]) => Promise<Promise<PipelineHealth | null>[]>;

export const healthCacheKey = (key: HealthKey) => `${key.accountId}|${key.region}|${key.arn}`;

/**
 * Every pipeline whose health a request asks for in one tick of execution (the rows of a list
 * page resolve together), read per account and region in one go: Image Builder answers ten
 * pipelines a call, so a page of 100 costs ten calls, never one per row. A pipeline whose read
 * failed fails only its own health fields.
 */
export function createHealthLoader(read: HealthReader): DataLoader<HealthKey, PipelineHealth | null, string> {
  return new DataLoader<HealthKey, PipelineHealth | null, string>(
    async (keys) => {
      const groups = new Map<string, { where: Where; indexes: number[] }>();
      keys.forEach((key, index) => {
        const name = `${key.accountId}|${key.region}`;
        let group = groups.get(name);
        if (!group) groups.set(name, (group = { where: { accountId: key.accountId, region: key.region }, indexes: [] }));
        group.indexes.push(index);
      });
      const results: (PipelineHealth | null | Error)[] = new Array(keys.length);
      await Promise.all(
        [...groups.values()].map(async ({ where, indexes }) => {
          try {
            const answers = await read(where, indexes.map((index) => keys[index]!.arn));
            await Promise.all(
              answers.map((answer, position) =>
                answer.then(
                  (health) => (results[indexes[position]!] = health),
                  (error: unknown) => (results[indexes[position]!] = toError(error)),
                ),
              ),
            );
          } catch (error) {
            for (const index of indexes) results[index] = toError(error);
          }
        }),
      );
      return results;
    },
    { cacheKeyFn: healthCacheKey },
  );
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
