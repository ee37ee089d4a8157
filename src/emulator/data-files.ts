import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The project's data/ folder (data/README.md): two levels above this file, from src/emulator/
 * and from the compiled dist/emulator/ alike. The emulator reads the reference data itself and
 * shares no code with the gateway that reads the same files.
 */
const DATA_DIRECTORY = join(__dirname, '..', '..', 'data');

/** A reference data file, parsed; the path is relative to data/. */
export function readDataFile<T>(relativePath: string): T {
  return JSON.parse(readFileSync(join(DATA_DIRECTORY, relativePath), 'utf8')) as T;
}

/** The JSON files in a folder of data/, in name order, as paths relative to data/. */
export function dataFilesIn(folder: string): string[] {
  return readdirSync(join(DATA_DIRECTORY, folder))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => `${folder}/${name}`);
}
