import { RESOURCE_TYPES } from '../src/resources/registry';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObjectType } from 'graphql';
import { schema } from '../src/schema';
import { POSSIBLE_TYPES_FILE, printedPossibleTypes, printedSchema, SCHEMA_FILE } from '../src/schema/print';

describe('schema.graphql', () => {
  it('is the schema printed from the code (run `npm run schema` after changing it)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printedSchema());
  });
});

describe('possible-types.json', () => {
  it('is the union and interface map printed from the code (run `npm run schema` after changing it)', () => {
    expect(readFileSync(POSSIBLE_TYPES_FILE, 'utf8')).toBe(printedPossibleTypes());
  });

  it('has the shape Apollo Client and urql graphcache take: abstract type → its object types', () => {
    const map = JSON.parse(readFileSync(POSSIBLE_TYPES_FILE, 'utf8')) as Record<string, string[]>;
    expect(map.MutationError).toEqual(expect.arrayContaining(['ValidationError', 'NotFoundError', 'ConflictError']));
    expect(map.Node).toEqual([...RESOURCE_TYPES.map((type) => type.name), 'ResourceRequest', 'Image'].sort());
    expect(map.CreateImagePipelineResult).toContain('ImagePipelineWritePayload');
  });
});

describe('README', () => {
  it("lists, for urql's Graphcache keys, every object type that is not a Node", () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const listed = [.../const embedded = \[([^\]]*)\]/.exec(readme)![1]!.matchAll(/'(\w+)'/g)].map((match) => match[1]);
    const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].map((type) => type?.name));
    const embedded = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith('__') && !roots.has(type.name) && !type.getInterfaces().some((face) => face.name === 'Node'))
      .map((type) => type.name)
      .sort();
    expect(listed).toEqual(embedded);
  });
});
