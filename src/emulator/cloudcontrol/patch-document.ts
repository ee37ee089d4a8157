import { PATCH_OPS, type PatchOperation } from '../json-patch';
import { parsePointer, PointerSyntaxError } from '../json-pointer';
import { CloudControlError } from './errors';
import { DuplicateMemberError, parseStrictJson } from '../strict-json';

const OPS_WITH_VALUE = new Set(['add', 'replace', 'test']);
const OPS_WITH_FROM = new Set(['move', 'copy']);

function invalid(message: string): CloudControlError {
  return new CloudControlError('InvalidRequestException', `Invalid patch document: ${message}`);
}

/** An RFC 6901 pointer: the empty one (the whole document) or one that starts with `/`, with well-formed `~` escapes. */
function pointerProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'is not a string';
  try {
    parsePointer(value);
    return undefined;
  } catch (error) {
    if (error instanceof PointerSyntaxError) return error.message;
    throw error;
  }
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
  if (typeof op !== 'string' || !(PATCH_OPS as readonly string[]).includes(op)) {
    throw invalid(`${label}: "op" must be one of ${PATCH_OPS.join(', ')}.`);
  }
  if (typeof path !== 'string') throw invalid(`${label}: "path" must be a string (a JSON pointer such as /Description).`);
  const pathProblem = pointerProblem(path);
  if (pathProblem) throw invalid(`${label}: "path" must be a JSON pointer starting with /: ${pathProblem}.`);
  if (OPS_WITH_VALUE.has(op) && !Object.prototype.hasOwnProperty.call(raw, 'value')) throw invalid(`${label}: "${op}" needs a "value".`);
  if (OPS_WITH_FROM.has(op) && pointerProblem(from)) throw invalid(`${label}: "${op}" needs a "from" JSON pointer.`);
}

/** A PatchDocument string as a list of well-formed RFC 6902 operations, or InvalidRequest. */
export function parsePatchDocument(text: string): PatchOperation[] {
  let parsed: unknown;
  try {
    parsed = parseStrictJson(text);
  } catch (error) {
    // RFC 6902 appendix A.13: an operation naming "op" twice is an error, not its last "op".
    if (error instanceof DuplicateMemberError) throw invalid(`${error.message}.`);
    throw new CloudControlError('InvalidRequestException', 'PatchDocument is not valid JSON.');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new CloudControlError('InvalidRequestException', 'PatchDocument must be a non-empty JSON array of RFC 6902 operations.');
  }
  parsed.forEach(checkOperation);
  return parsed as PatchOperation[];
}
