// Exact EventBridge event-pattern matching, modelled on AWS's engine (aws/event-ruler, the array-consistent
// `rulesForJSONEvent`): the pattern compiles to sub-rules (one per `$or` branch) of dotted field names, the event
// flattens to dotted leaves, and a sub-rule matches when every field finds a leaf inside the same array elements.

type Scalar = string | number | boolean | null;
/** Which element of which event array a leaf sits in: array id → element index. */
type Membership = ReadonlyMap<number, number>;
interface Leaf {
  value: Scalar;
  membership: Membership;
}
type Matcher = (value: Scalar) => boolean;
/** What one field name of a sub-rule accepts: any matcher, or (if `absent`) no consistent leaf at all. */
interface FieldTest {
  absent: boolean;
  matchers: Matcher[];
}
type SubRule = Map<string, FieldTest>;

const COMPARISONS = ['=', '<', '<=', '>', '>='];
// Names event-ruler refuses as field names inside `$or`, so that a typo'd operator cannot pass as a field.
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  ...COMPARISONS,
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isScalar = (x: unknown): x is Scalar => x === null || typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
const isString = (x: unknown): x is string => typeof x === 'string';

/** Problems that make EventBridge (event-ruler's compiler) reject the pattern; empty when it is valid. */
export function validatePattern(pattern: unknown): string[] {
  return compile(pattern).problems;
}

/**
 * Whether the event matches the pattern, exactly as event-ruler's array-consistent matcher decides.
 * Throws on an invalid pattern (see validatePattern); an event that is not a JSON object matches nothing.
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  const { rules, problems } = compile(pattern);
  if (problems.length > 0) throw new Error(`Invalid event pattern: ${problems.join('; ')}`);
  if (!isObject(event)) return false;
  const fields = flatten(event);
  return rules.some((rule) => {
    // The engine walks a rule's fields in sorted name order; this matters for exists:false (see matchFrom).
    const sorted = [...rule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return matchFrom(sorted, 0, fields, new Map());
  });
}

// ---- Matching ------------------------------------------------------------------------------------------------

function matchFrom(rule: [string, FieldTest][], i: number, fields: Map<string, Leaf[]>, chosen: Membership): boolean {
  const entry = rule[i];
  if (!entry) return true;
  const [name, test] = entry;
  const leaves = fields.get(name) ?? [];
  // exists:false holds when no leaf of that name sits in the array elements chosen so far; like the engine, it
  // looks only at fields that sort before it, since later ones are not chosen yet.
  if (test.absent && !leaves.some((leaf) => merge(chosen, leaf.membership)) && matchFrom(rule, i + 1, fields, chosen)) {
    return true;
  }
  for (const leaf of leaves) {
    const merged = merge(chosen, leaf.membership);
    if (merged && test.matchers.some((m) => m(leaf.value)) && matchFrom(rule, i + 1, fields, merged)) return true;
  }
  return false;
}

/** The union of two memberships, or null when they name different elements of one array. */
function merge(a: Membership, b: Membership): Membership | null {
  if (b.size === 0) return a;
  const out = new Map(a);
  for (const [array, index] of b) {
    const seen = out.get(array);
    if (seen !== undefined && seen !== index) return null;
    out.set(array, index);
  }
  return out;
}

/** The event's leaves by dotted name ("a.b.c"; keys that contain dots are joined the same way, as the engine does). */
function flatten(event: Record<string, unknown>): Map<string, Leaf[]> {
  const fields = new Map<string, Leaf[]>();
  let arrays = 0;
  const visit = (value: unknown, name: string, membership: Membership): void => {
    if (Array.isArray(value)) {
      const id = arrays++;
      value.forEach((element, index) => {
        // Only objects and arrays are tied to their position; scalars in an array are interchangeable values.
        const tied = typeof element === 'object' && element !== null;
        visit(element, name, tied ? new Map(membership).set(id, index) : membership);
      });
    } else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, `${name}.${key}`, membership);
    } else if (isScalar(value)) {
      const leaves = fields.get(name) ?? [];
      leaves.push({ value, membership });
      fields.set(name, leaves);
    }
  };
  for (const [key, child] of Object.entries(event)) visit(child, key, new Map());
  return fields;
}

// ---- Compiling (and validating) ------------------------------------------------------------------------------

function compile(pattern: unknown): { rules: SubRule[]; problems: string[] } {
  const problems: string[] = [];
  let rules: SubRule[] = [];
  if (!isObject(pattern)) return { rules, problems: ['the pattern must be a JSON object'] };

  // `path` is null at the top level, so that even an empty key joins with a dot as the engine's paths do.
  const walk = (obj: Record<string, unknown>, path: string | null, inOr: boolean): void => {
    if (Object.keys(obj).length === 0) problems.push(`${path ?? 'the pattern'}: empty objects are not allowed`);
    for (const [key, value] of Object.entries(obj)) {
      const name = path === null ? key : `${path}.${key}`;
      if (key === '$or') {
        orBranches(value, path, name);
        continue;
      }
      if (inOr && RESERVED_IN_OR.has(key)) problems.push(`${name}: "${key}" is reserved, not a field name, inside $or`);
      if (isObject(value)) walk(value, name, inOr);
      else if (Array.isArray(value)) {
        const test = fieldTest(value, name, problems);
        if (rules.length === 0) rules.push(new Map());
        // A later mention of the same path replaces the earlier one (a $or branch overrides its parent's field).
        for (const rule of rules) rule.set(name, test);
      } else problems.push(`${name}: must be an object or an array`);
    }
  };

  // Each $or branch forks a copy of every sub-rule built so far, so the branches multiply out.
  const orBranches = (value: unknown, path: string | null, where: string): void => {
    if (!Array.isArray(value)) return void problems.push(`${where}: must be an array of objects`);
    if (value.length < 2) problems.push(`${where}: needs at least 2 objects`);
    const before = rules;
    const after: SubRule[] = [];
    for (const branch of value) {
      if (!isObject(branch)) {
        problems.push(`${where}: only objects are allowed in the array`);
        continue;
      }
      rules = before.length > 0 ? before.map((rule) => new Map(rule)) : [new Map()];
      walk(branch, path, true);
      after.push(...rules);
    }
    rules = after;
  };

  walk(pattern, null, false);
  return { rules, problems };
}

function fieldTest(values: unknown[], where: string, problems: string[]): FieldTest {
  const test: FieldTest = { absent: false, matchers: [] };
  if (values.length === 0) problems.push(`${where}: empty arrays are not allowed`);
  values.forEach((value, i) => {
    const at = `${where}[${i}]`;
    if (isObject(value)) {
      const m = operator(value, at, problems);
      if (m === 'absent') test.absent = true;
      else if (m) test.matchers.push(m);
    } else if (isString(value)) {
      // A literal that reads as an IP address matches that address however the event writes it.
      const ip = parseIp(value);
      test.matchers.push(ip ? ipRange(ip, ip) : (v) => v === value);
    } else if (isScalar(value)) {
      // Numbers compare as numbers (300 equals 3.0e2 after parsing); strings never equal numbers.
      test.matchers.push((v) => v === value);
    } else problems.push(`${at}: match values must be strings, numbers, booleans, null or operator objects`);
  });
  return test;
}

function operator(spec: Record<string, unknown>, where: string, problems: string[]): Matcher | 'absent' | null {
  const keys = Object.keys(spec);
  const op = keys[0];
  if (op === undefined || keys.length !== 1) {
    problems.push(`${where}: an operator object needs exactly one key`);
    return null;
  }
  const arg = spec[op];
  const fail = (message: string): null => (problems.push(`${where}: ${message}`), null);
  const str =
    (test: (s: string) => boolean): Matcher =>
    (v) =>
      isString(v) && test(v);
  switch (op) {
    case 'exactly':
      return isString(arg) ? (v) => v === arg : fail('exactly needs a string');
    case 'prefix':
    case 'suffix': {
      const mode = op;
      if (isString(arg)) return str((s) => (mode === 'prefix' ? s.startsWith(arg) : s.endsWith(arg)));
      const eic = isObject(arg) && Object.keys(arg).length === 1 ? arg['equals-ignore-case'] : undefined;
      if (!isString(eic)) return fail(`${op} needs a string or {"equals-ignore-case": string}`);
      const folded = caseAlternatives(eic);
      return str((s) => matchesFolded(folded, s, mode));
    }
    case 'equals-ignore-case': {
      if (!isString(arg)) return fail('equals-ignore-case needs a string');
      const folded = caseAlternatives(arg);
      return str((s) => matchesFolded(folded, s, 'full'));
    }
    case 'wildcard': {
      const segments = isString(arg) ? parseWildcard(arg) : 'wildcard needs a string';
      return isString(segments) ? fail(segments) : str((s) => matchesWildcard(segments, s));
    }
    case 'anything-but': {
      const excluded = anythingBut(arg, where, problems);
      return excluded && ((v) => !excluded(v));
    }
    case 'numeric':
      return numeric(arg, where, problems);
    case 'exists':
      if (typeof arg !== 'boolean') return fail('exists needs true or false');
      return arg ? () => true : 'absent';
    case 'cidr': {
      const range = isString(arg) ? parseCidr(arg) : 'cidr needs a string';
      return isString(range) ? fail(range) : ipRange(range.low, range.high);
    }
    default:
      return fail(`unknown operator "${op}"`);
  }
}

/** The values an anything-but excludes; any value of another type is never excluded. */
function anythingBut(arg: unknown, where: string, problems: string[]): Matcher | null {
  const fail = (message: string): null => (problems.push(`${where}: anything-but ${message}`), null);
  if (isObject(arg)) {
    const [op, ...more] = Object.keys(arg);
    if (op === undefined || more.length > 0) return fail('takes one of prefix, suffix, equals-ignore-case, wildcard');
    const raw = arg[op];
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.length === 0 || !list.every(isString)) return fail(`${op} needs a string or a non-empty list of strings`);
    const excluded =
      (test: (s: string, p: string) => boolean): Matcher =>
      (v) =>
        isString(v) && list.some((p) => test(v, p));
    switch (op) {
      case 'prefix':
      case 'suffix':
        if (list.includes('')) return fail(`${op} must not be empty`);
        return excluded((s, p) => (op === 'prefix' ? s.startsWith(p) : s.endsWith(p)));
      case 'equals-ignore-case': {
        const folded = list.map(caseAlternatives);
        return (v) => isString(v) && folded.some((f) => matchesFolded(f, v, 'full'));
      }
      case 'wildcard': {
        const parsed = list.map(parseWildcard);
        const bad = parsed.find(isString);
        if (bad !== undefined) return fail(bad);
        const globs = parsed.filter((p): p is string[] => !isString(p));
        return (v) => isString(v) && globs.some((g) => matchesWildcard(g, v));
      }
      default:
        return fail(`does not support "${op}"`);
    }
  }
  const list = Array.isArray(arg) ? arg : [arg];
  const strings = list.every(isString);
  const numbers = list.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (list.length === 0 || !(strings || numbers)) return fail('needs strings only or numbers only, at least one');
  return (v) => list.includes(v);
}

function numeric(arg: unknown, where: string, problems: string[]): Matcher | null {
  const fail = (message: string): null => (problems.push(`${where}: numeric ${message}`), null);
  if (!Array.isArray(arg)) return fail('needs an array such as [">", 0, "<=", 5]');
  const [op1, n1, op2, n2] = arg as unknown[];
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (!isString(op1) || !COMPARISONS.includes(op1)) return fail(`has an unknown comparison ${JSON.stringify(op1)}`);
  if (!num(n1)) return fail(`needs a number after "${op1}"`);
  const test = (op: string, bound: number) => (x: number) =>
    op === '=' ? x === bound : op === '<' ? x < bound : op === '<=' ? x <= bound : op === '>' ? x > bound : x >= bound;
  const first = test(op1, n1);
  if (arg.length === 2) return (v) => typeof v === 'number' && first(v);
  if (arg.length !== 4 || !op1.startsWith('>')) return fail('takes one comparison, or a lower then an upper bound');
  if (op2 !== '<' && op2 !== '<=') return fail('needs "<" or "<=" for its upper bound');
  if (!num(n2)) return fail(`needs a number after "${op2}"`);
  if (!(n1 < n2)) return fail('needs its lower bound below its upper bound');
  const second = test(op2, n2);
  return (v) => typeof v === 'number' && first(v) && second(v);
}

// ---- Case folding --------------------------------------------------------------------------------------------

/**
 * Per character of the pattern, the strings it may match: its lower- and upper-case forms. This is how the engine
 * ignores case, and it differs from comparing toLowerCase() of both sides: "ΐ" matches "Ϊ́" (its upper case,
 * three code units) and the Kelvin sign matches itself or "k", but not "K". We step by code point; the engine steps by
 * UTF-16 unit, which only differs for characters outside the BMP (there Java turns each half into "?").
 */
function caseAlternatives(pattern: string): string[][] {
  return Array.from(pattern, (ch) => [...new Set([ch.toLowerCase(), ch.toUpperCase()])]);
}

function matchesFolded(folded: string[][], s: string, mode: 'full' | 'prefix' | 'suffix'): boolean {
  const failed = new Set<number>(); // (char index, string offset) pairs already known not to lead to a match
  const forward = (i: number, at: number): boolean => {
    const options = folded[i];
    if (!options) return mode === 'prefix' || at === s.length;
    const key = i * (s.length + 1) + at;
    if (failed.has(key)) return false;
    const ok = options.some((o) => s.startsWith(o, at) && forward(i + 1, at + o.length));
    if (!ok) failed.add(key);
    return ok;
  };
  // A suffix is matched from the end, character by character backwards.
  const backward = (i: number, end: number): boolean => {
    const options = folded[i];
    if (!options) return true;
    const key = i * (s.length + 1) + end;
    if (failed.has(key)) return false;
    const ok = options.some((o) => {
      const start = end - o.length;
      return start >= 0 && s.startsWith(o, start) && backward(i - 1, start);
    });
    if (!ok) failed.add(key);
    return ok;
  };
  return mode === 'suffix' ? backward(folded.length - 1, s.length) : forward(0, 0);
}

// ---- Wildcards -----------------------------------------------------------------------------------------------

/** The literal pieces between the `*`s (`\*` is a literal star, `\\` a backslash), or the reason it is invalid. */
function parseWildcard(text: string): string[] | string {
  const pieces = [''];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '*') {
      if (text[i + 1] === '*') return `wildcard has consecutive "*" at position ${i}`;
      pieces.push('');
    } else if (ch === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') return `wildcard has an invalid escape at position ${i}`;
      pieces[pieces.length - 1] += next;
      i++;
    } else pieces[pieces.length - 1] += ch;
  }
  return pieces;
}

function matchesWildcard(pieces: string[], s: string): boolean {
  const first = pieces[0] as string;
  if (pieces.length === 1) return s === first;
  const last = pieces[pieces.length - 1] as string;
  if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
  // With only `*`, taking each middle piece at its leftmost place is never worse than any later place.
  let at = first.length;
  const end = s.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = s.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

// ---- IP addresses --------------------------------------------------------------------------------------------

/** The address's bytes (4 or 16), or null; accepts what the engine's regexes and Java's InetAddress accept. */
function parseIp(text: string): number[] | null {
  if (/^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/.test(text)) {
    const octets = text.split('.').map(Number); // leading zeros read as decimal, as Java does
    return octets.every((o) => o <= 255) ? octets : null;
  }
  if (!/^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  // Java takes any number of hex digits per group (leading zeros) as long as the value fits 16 bits.
  if (!groups.flat().every((g) => /^[0-9a-fA-F]+$/.test(g) && parseInt(g, 16) <= 0xffff)) return null;
  const [head = [], tail = []] = groups;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const zeros = Array<string>(halves.length === 1 ? 0 : missing).fill('0');
  const words = [...head, ...zeros, ...tail].map((g) => parseInt(g, 16));
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  // Java reads an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address itself.
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

function parseCidr(text: string): { low: number[]; high: number[] } | string {
  const parts = text.split('/');
  const [address = '', bits = ''] = parts;
  if (parts.length !== 2 || !/^\+?[0-9]+$/.test(bits)) return `cidr "${text}" must be an address, "/", a prefix length`;
  const ip = parseIp(address);
  if (!ip) return `cidr "${text}" has an invalid IP address`;
  const size = ip.length * 8;
  const prefix = Number(bits);
  // event-ruler accepts at most /31 for IPv4 and /127 for IPv6.
  if (prefix >= size) return `cidr "${text}" needs a prefix length below ${size}`;
  const hostMask = (i: number) => 0xff >> Math.min(8, Math.max(0, prefix - i * 8));
  return {
    low: ip.map((b, i) => b & ~hostMask(i) & 0xff),
    high: ip.map((b, i) => b | hostMask(i)),
  };
}

/** Matches string values that are IP addresses of the same family within [low, high]. */
function ipRange(low: number[], high: number[]): Matcher {
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
    return 0;
  };
  return (v) => {
    const ip = isString(v) ? parseIp(v) : null;
    return ip !== null && ip.length === low.length && compare(ip, low) >= 0 && compare(ip, high) <= 0;
  };
}
