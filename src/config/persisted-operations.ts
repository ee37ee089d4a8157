import { readFileSync } from 'node:fs';
import { ConfigError, type Env, optionalText } from './env-values';

/** The trusted documents a gateway runs when PERSISTED_OPERATIONS names them: hash → document. */
export interface PersistedOperations {
  path: string;
  documents: ReadonlyMap<string, string>;
}

/**
 * PERSISTED_OPERATIONS: a JSON object of hash → GraphQL document (the file relay-compiler's
 * persistConfig writes, or any manifest reshaped to it), read once at startup so a missing or
 * malformed file stops the start instead of refusing every request later.
 */
export function readPersistedOperations(env: Env): PersistedOperations | undefined {
  const path = optionalText(env, 'PERSISTED_OPERATIONS');
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`PERSISTED_OPERATIONS="${path}" cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): expected the path of a JSON file of hash → document.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`PERSISTED_OPERATIONS="${path}" is not JSON: expected an object of hash → document.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`PERSISTED_OPERATIONS="${path}" holds ${Array.isArray(parsed) ? 'an array' : String(parsed === null ? null : typeof parsed)}: expected an object of hash → document.`);
  }
  const entries = Object.entries(parsed);
  const notText = entries.find(([, document]) => typeof document !== 'string' || document.trim() === '');
  if (notText) throw new ConfigError(`PERSISTED_OPERATIONS="${path}": the entry "${notText[0].slice(0, 100)}" is not a GraphQL document (a non-empty string).`);
  if (entries.length === 0) throw new ConfigError(`PERSISTED_OPERATIONS="${path}" holds no documents, so every request would be refused.`);
  return { path, documents: new Map(entries as [string, string][]) };
}
