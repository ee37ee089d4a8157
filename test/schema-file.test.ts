import { readFileSync } from 'node:fs';
import { printedSchema, SCHEMA_FILE } from '../src/schema/print';

describe('schema.graphql', () => {
  it('is the schema printed from the code (run `npm run schema` after changing it)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printedSchema());
  });
});
