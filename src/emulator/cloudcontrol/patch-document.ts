import type { PatchOperation } from '../resource/patch';
import { ServiceError } from './service-errors';

const RFC_6902_OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;
const OPS_WITH_VALUE = new Set(['add', 'replace', 'test']);
const OPS_WITH_FROM = new Set(['move', 'copy']);

function invalid(message: string): ServiceError {
  return new ServiceError('InvalidRequestException', `Invalid patch document: ${message}`);
}

/** RFC 6901: the empty pointer (the whole document) or one that starts with `/`. */
function isJsonPointer(value: unknown): value is string {
  return typeof value === 'string' && (value === '' || value.startsWith('/'));
}

/**
 * What RFC 6902 requires of one operation. Checked for every operation before any is read, so a
 * client's malformed document is its own InvalidRequest and never reaches code that assumes the
 * shape. The op is looked up in a list, not an object, so `toString` is not an operation.
 */
function checkOperation(raw: unknown, index: number): void {
  const label = `operation ${index}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid(`${label} is not a JSON object with "op" and "path".`);
  }
  const { op, path, from } = raw as Record<string, unknown>;
  if (typeof op !== 'string' || !(RFC_6902_OPS as readonly string[]).includes(op)) {
    throw invalid(`${label}: "op" must be one of ${RFC_6902_OPS.join(', ')}.`);
  }
  if (typeof path !== 'string') throw invalid(`${label}: "path" must be a string (a JSON pointer such as /Description).`);
  if (!isJsonPointer(path)) throw invalid(`${label}: "path" must be a JSON pointer starting with /, not ${JSON.stringify(path)}.`);
  if (OPS_WITH_VALUE.has(op) && !('value' in raw)) throw invalid(`${label}: "${op}" needs a "value".`);
  if (OPS_WITH_FROM.has(op) && !isJsonPointer(from)) throw invalid(`${label}: "${op}" needs a "from" JSON pointer.`);
}

/** A PatchDocument string as a list of well-formed RFC 6902 operations, or InvalidRequest. */
export function parsePatchDocument(text: string): PatchOperation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ServiceError('InvalidRequestException', 'PatchDocument is not valid JSON.');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new ServiceError('InvalidRequestException', 'PatchDocument must be a non-empty JSON array of RFC 6902 operations.');
  }
  parsed.forEach(checkOperation);
  return parsed as PatchOperation[];
}
