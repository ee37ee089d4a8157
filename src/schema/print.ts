import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAbstractType, lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index';

/** The committed schema.graphql: the schema printed from the code, sorted so diffs stay small. */
export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;

/**
 * The committed possible-types.json: each union and interface with the object types it may be,
 * the map Apollo Client's `possibleTypes` and urql graphcache's `possibleTypes` take, so their
 * caches can match fragments on abstract types (`... on MutationError { message }`).
 */
export const printedPossibleTypes = () => {
  const sorted = lexicographicSortSchema(schema);
  const map = Object.fromEntries(
    Object.values(sorted.getTypeMap())
      .filter(isAbstractType)
      .filter((type) => !type.name.startsWith('__'))
      .map((type) => [type.name, sorted.getPossibleTypes(type).map((possible) => possible.name)]),
  );
  return `${JSON.stringify(map, null, 2)}\n`;
};

export const SCHEMA_FILE = join(__dirname, '..', '..', 'schema.graphql');
export const POSSIBLE_TYPES_FILE = join(__dirname, '..', '..', 'possible-types.json');

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, printedSchema());
  writeFileSync(POSSIBLE_TYPES_FILE, printedPossibleTypes());
  console.log(`wrote ${SCHEMA_FILE} and ${POSSIBLE_TYPES_FILE}`);
}
