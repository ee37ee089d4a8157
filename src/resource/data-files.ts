import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The project's data/ folder, the same distance from src/resource/ and from the compiled dist/resource/. */
const DATA = join(__dirname, '..', '..', 'data');

/** A reference data file (data/README.md), parsed. */
export function readDataFile<T>(relativePath: string): T {
  return JSON.parse(readFileSync(join(DATA, relativePath), 'utf8')) as T;
}
