import { builder } from '../builder';

/** A key and value of a CloudFormation tag map; GraphQL has no map type. */
export const Tag = builder.objectRef<{ key: string; value: string }>('Tag').implement({
  description: 'A tag: one key and its value.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The tag key.' }),
    value: t.exposeString('value', { description: 'The tag value.' }),
  }),
});

export function tagsOf(map: unknown): { key: string; value: string }[] {
  return Object.entries((map ?? {}) as Record<string, string>).map(([key, value]) => ({ key, value }));
}
