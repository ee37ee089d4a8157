import { readFileSync } from 'node:fs';
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
    expect(map.Node).toEqual(['ImagePipeline', 'ResourceRequest']);
    expect(map.CreateImagePipelineResult).toContain('ImagePipelineWritePayload');
  });
});
