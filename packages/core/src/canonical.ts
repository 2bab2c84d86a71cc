// Canonical JSON (RFC 8785, the JSON Canonicalization Scheme) and SHA-256 digests: the same value always
// hashes the same, whatever its key order, so that an outside auditor re-verifies a chain with any RFC 8785
// implementation. Members are sorted by their names' UTF-16 code units; strings and numbers are written as
// ECMAScript's JSON.stringify writes them (RFC 8785 3.2.2). What RFC 8785 cannot express is refused, never
// written some other way: a non-finite number, a string with a lone surrogate (not I-JSON), and anything
// that is not plain JSON data (a Date, a Map, a class instance, a function, a symbol, a bigint).
// `undefined` is JSON.stringify's: a member holding it is left out, an array element becomes null.
import { createHash } from 'node:crypto';

export class NotCanonicalJson extends TypeError {
  override name = 'NotCanonicalJson';
}

// A high surrogate not followed by a low one, or a low one without a high one before it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function text(value: string, where: string): string {
  if (LONE_SURROGATE.test(value)) throw new NotCanonicalJson(`${where}: a string with a lone surrogate is not I-JSON (RFC 8785 3.2.2.2)`);
  return JSON.stringify(value);
}

function write(value: unknown, where: string): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return text(value, where);
    case 'number':
      if (!Number.isFinite(value)) throw new NotCanonicalJson(`${where}: ${value} is no JSON number (RFC 8785 3.2.2.3)`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw new NotCanonicalJson(`${where}: a ${typeof value} is no JSON value`);
  }
  if (Array.isArray(value)) return `[${value.map((item, index) => write(item, `${where}[${index}]`)).join(',')}]`;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new NotCanonicalJson(`${where}: a ${(value as object).constructor?.name ?? 'non-plain object'} is no JSON object; convert it first`);
  }
  const members = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${members.map(([name, member]) => `${text(name, `${where}.${name}`)}:${write(member, `${where}.${name}`)}`).join(',')}}`;
}

/** The RFC 8785 canonical form of a JSON value; throws NotCanonicalJson for what the scheme cannot express. */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The digest of a value's canonical JSON; `null` digests as the hash of "null". */
export function digest(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
