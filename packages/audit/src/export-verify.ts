// Offline verification of an audit export (export.ts writes it): every entry's hash and its link to the
// entity's previous entry, every signed hourly digest's signature, chain and content, and the export's
// own completeness. An auditor runs it with nothing but the file and the digest public key, so it imports
// node: modules only — no workspace package, no AWS SDK — and keeps its own copies of the two formulas
// it shares with the store (canonical JSON, the entry's hashed fields), pinned by the export test.
import { createHash, createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/** The format the header names; a reader refuses any other. */
export const AUDIT_EXPORT_FORMAT = 'ismf-audit-export/1';
/** What a first entry of an entity, and a tenant's first digest, link back to. */
export const GENESIS_HASH = '0'.repeat(64);
const HOUR_MS = 3_600_000;

/** The fields an entry's hash covers (@ismf/store/audit-entry's HASHED_FIELDS); an entry line holds these, `type` and `hash`. */
export const ENTRY_FIELDS = [
  'entryId',
  'owner',
  'entityType',
  'entityId',
  'seq',
  'at',
  'operation',
  'actor',
  'reason',
  'requestId',
  'beforeDigest',
  'afterDigest',
  'changes',
  'sensitive',
  'prevHash',
] as const;

/** The fields a digest's signature covers (@ismf/store/audit-digest's signedMessage). */
export const SIGNED_DIGEST_FIELDS = ['tenantId', 'hour', 'count', 'entriesDigest', 'prevDigestHash', 'keyId', 'algorithm'] as const;
/** A digest line: the signed fields, the hash of the signed message and the signature. */
export const DIGEST_FIELDS = [...SIGNED_DIGEST_FIELDS, 'digestHash', 'signature'] as const;

export interface DigestKey {
  keyId: string;
  algorithm: string;
  /** SPKI PEM; absent when the exporting runtime could not read it (then the verifier needs a key given). */
  publicKey?: string;
}

export interface ExportHeader {
  type: 'header';
  format: string;
  tenantId: string;
  from: string;
  to: string;
  digestKeys: DigestKey[];
  /** The tenant's last digest before the window's first hour, which the window's first digest links to. */
  previousDigest: { hour: string; digestHash: string } | null;
  /** Checksum of the line's other fields: it names a corrupted header; it is no seal (the digests' signatures are). */
  sha256: string;
}

export interface ExportEnd {
  type: 'end';
  entries: number;
  digests: number;
  sha256: string;
}

export interface ExportProblem {
  /** 1-based line of the file (blank lines count). */
  line: number;
  message: string;
}

export interface ExportVerification {
  ok: boolean;
  entries: number;
  digests: number;
  problems: ExportProblem[];
}

/** Canonical JSON, as @ismf/core/canonical writes it: the same value always hashes the same, whatever its key order. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function pick(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((field) => record[field] !== undefined).map((field) => [field, record[field]]));
}

/** The checksum the header and end lines carry: SHA-256 of the line's canonical JSON without its `sha256`. */
export function lineChecksum(line: Record<string, unknown>): string {
  const { sha256: _checksum, ...rest } = line;
  return sha256Hex(canonicalJson(rest));
}

/** The key id the store gives a local Ed25519 key (`local-ed25519:` and its SPKI fingerprint), to tell a wrong key by name. */
export function localKeyId(key: KeyObject): string {
  return `local-ed25519:${sha256Hex(key.export({ type: 'spki', format: 'der' })).slice(0, 16)}`;
}

/** A public key from a PEM (public, or a private key whose public half is meant), a JWK, or SPKI DER (raw or base64). */
export function readPublicKey(key: KeyObject | string | Buffer): KeyObject {
  if (typeof key === 'object' && !Buffer.isBuffer(key)) return key.type === 'public' ? key : createPublicKey(key);
  // DER begins with a SEQUENCE tag (0x30); its base64 text with "M".
  if (Buffer.isBuffer(key) && key[0] === 0x30) return createPublicKey({ key, format: 'der', type: 'spki' });
  const text = Buffer.isBuffer(key) ? key.toString('utf8') : key;
  if (text.includes('-----BEGIN')) return createPublicKey(text);
  if (text.trimStart().startsWith('{')) return createPublicKey({ key: JSON.parse(text) as JsonWebKey, format: 'jwk' });
  return createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
}

const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isHash = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
const isTime = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
const isHour = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}$/.test(value) && isTime(`${value}:00:00.000Z`);
const hourOf = (time: string | number) => new Date(time).toISOString().slice(0, 13);
const nextHour = (hour: string) => hourOf(Date.parse(`${hour}:00:00.000Z`) + HOUR_MS);
/** Base64 exactly as the store writes it: Node's decoder skips stray characters and unused bits, so a flipped one would pass unseen. */
const isCanonicalBase64 = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value) && Buffer.from(value, 'base64').toString('base64') === value;

function unknownFields(line: Record<string, unknown>, known: readonly string[]): string[] {
  return Object.keys(line).filter((field) => !known.includes(field));
}

function verifySignature(algorithm: string, message: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    if (algorithm === 'Ed25519') return verify(null, message, key, signature);
    if (algorithm === 'ECDSA_SHA_256') return verify('sha256', message, { key, dsaEncoding: 'der' }, signature);
  } catch {
    // A key of another type than the algorithm's: the signature does not verify with it.
  }
  return false;
}

/**
 * Verifies an audit export line by line, keeping one small record per entity and per hour (never the
 * entries): each entry's hash; its link to the entity's previous entry (a first entry in the window
 * whose predecessor lies before it is taken as chained from the hash it states); each digest's hash,
 * signature and link to the previous digest; for every hour wholly inside the window, that its entries
 * are exactly the ones its digest sealed; and the end line's counts, so that a removed line shows.
 * `publicKey` (from the auditor, obtained independently) overrides the keys the header carries.
 */
export async function verifyAuditExport(lines: AsyncIterable<string> | Iterable<string>, publicKey?: KeyObject | string): Promise<ExportVerification> {
  const problems: ExportProblem[] = [];
  const flag = (line: number, message: string) => problems.push({ line, message });
  const given = publicKey === undefined ? undefined : readPublicKey(publicKey);

  let header: ExportHeader | undefined;
  const keysById = new Map<string, KeyObject>();
  let section: 'start' | 'entries' | 'digests' | 'ended' = 'start';
  let lineNumber = 0;
  let entries = 0;
  let digests = 0;
  let lastOrder = '';
  const chains = new Map<string, { seq: number; hash: string; line: number }>();
  const hours = new Map<string, { count: number; hashes: ReturnType<typeof createHash> }>();
  let previousDigest: { hour: string; digestHash: string; line?: number } | undefined;

  const readHeader = (line: Record<string, unknown>) => {
    const extra = unknownFields(line, ['type', 'format', 'tenantId', 'from', 'to', 'digestKeys', 'previousDigest', 'sha256']);
    if (extra.length) flag(lineNumber, `the header has fields the format does not know: ${extra.join(', ')}`);
    if (line.sha256 !== lineChecksum(line)) flag(lineNumber, 'the header was altered: it does not match its checksum');
    if (line.format !== AUDIT_EXPORT_FORMAT) flag(lineNumber, `the header names format ${JSON.stringify(line.format)}, not ${AUDIT_EXPORT_FORMAT}`);
    const { tenantId, from, to, digestKeys, previousDigest: before } = line;
    if (typeof tenantId !== 'string' || !isTime(from) || !isTime(to) || !Array.isArray(digestKeys)) {
      flag(lineNumber, 'the header does not name the tenant, the window (ISO 8601 UTC) and the digest keys');
      return;
    }
    if (Date.parse(from) >= Date.parse(to)) flag(lineNumber, 'the header’s window ends before it begins');
    if (before !== null && !(isObject(before) && isHour(before.hour) && isHash(before.digestHash))) {
      flag(lineNumber, 'the header’s previous digest is neither null nor an hour and a digest hash');
    }
    for (const key of digestKeys as unknown[]) {
      if (!isObject(key) || typeof key.keyId !== 'string' || typeof key.algorithm !== 'string') {
        flag(lineNumber, 'the header lists a digest key without its key id and algorithm');
        continue;
      }
      if (key.publicKey === undefined) continue;
      let stated: KeyObject;
      try {
        stated = readPublicKey(String(key.publicKey));
      } catch {
        flag(lineNumber, `the header’s public key of ${key.keyId} is not a readable public key`);
        continue;
      }
      if (key.keyId.startsWith('local-ed25519:') && localKeyId(stated) !== key.keyId) {
        flag(lineNumber, `the header’s public key of ${key.keyId} is not that key`);
      } else if (given && !spki(given).equals(spki(stated))) {
        flag(lineNumber, `the header’s public key of ${key.keyId} is not the key given: the digests are checked with the key given`);
      }
      keysById.set(key.keyId, stated);
    }
    header = line as unknown as ExportHeader;
    previousDigest = isObject(before) && isHour(before.hour) && isHash(before.digestHash) ? { hour: before.hour, digestHash: before.digestHash } : undefined;
  };

  const readEntry = (line: Record<string, unknown>) => {
    entries++;
    if (section === 'digests') flag(lineNumber, 'an entry after the digests: an export lists every entry first');
    const extra = unknownFields(line, ['type', ...ENTRY_FIELDS, 'hash']);
    if (extra.length) flag(lineNumber, `the entry has fields the format does not know: ${extra.join(', ')}`);
    const { entryId, owner, entityType, entityId, seq, at, prevHash, hash } = line;
    if (
      typeof entryId !== 'string' ||
      typeof entityType !== 'string' ||
      typeof entityId !== 'string' ||
      !Number.isSafeInteger(seq) ||
      (seq as number) < 1 ||
      !isTime(at) ||
      !isHash(prevHash) ||
      !isHash(hash)
    ) {
      flag(lineNumber, 'not a complete audit entry (entry id, entity, seq, time, previous hash and hash)');
      return;
    }
    const name = `${entityType}:${entityId}`;
    const what = `entry ${seq as number} of ${name}`;
    if (sha256Hex(canonicalJson(pick(line, ENTRY_FIELDS))) !== hash) flag(lineNumber, `${what} was altered: its content does not match its hash`);
    if (header && owner !== header.tenantId) flag(lineNumber, `${what} belongs to ${JSON.stringify(owner)}, not to the export’s tenant ${header.tenantId}`);
    if (header && (at < header.from || at > header.to)) flag(lineNumber, `${what} (${at}) lies outside the export’s window`);
    const order = `${at}#${entryId}`;
    if (order <= lastOrder) flag(lineNumber, `${what} is out of order or repeated: an export lists entries by time`);
    else lastOrder = order;

    const previous = chains.get(name);
    if (previous) {
      if ((seq as number) <= previous.seq) flag(lineNumber, `${what} repeats or precedes entry ${previous.seq} on line ${previous.line}`);
      else if ((seq as number) > previous.seq + 1) {
        flag(lineNumber, `entries ${previous.seq + 1}..${(seq as number) - 1} of ${name} are missing (entry ${previous.seq} is on line ${previous.line})`);
      } else if (prevHash !== previous.hash) {
        flag(lineNumber, `${what} does not link to entry ${previous.seq} on line ${previous.line}: one of the two was rewritten`);
      }
    } else if (seq === 1 && prevHash !== GENESIS_HASH) {
      flag(lineNumber, `${what} is a first entry but does not start the chain`);
    }
    // An entity's first entry in the window with seq > 1 is chained from the hash it states.
    chains.set(name, { seq: seq as number, hash, line: lineNumber });

    const hour = hourOf(at);
    const sealed = hours.get(hour) ?? { count: 0, hashes: createHash('sha256') };
    sealed.hashes.update(sealed.count === 0 ? hash : `\n${hash}`);
    sealed.count++;
    hours.set(hour, sealed);
  };

  const readDigest = (line: Record<string, unknown>) => {
    digests++;
    const extra = unknownFields(line, ['type', ...DIGEST_FIELDS]);
    if (extra.length) flag(lineNumber, `the digest has fields the format does not know: ${extra.join(', ')}`);
    const { tenantId, hour, count, entriesDigest, prevDigestHash, keyId, algorithm, digestHash, signature } = line;
    if (
      !isHour(hour) ||
      !Number.isSafeInteger(count) ||
      !isHash(entriesDigest) ||
      !isHash(prevDigestHash) ||
      typeof keyId !== 'string' ||
      typeof algorithm !== 'string'
    ) {
      flag(lineNumber, 'not a complete digest (hour, count, entries digest, previous digest hash, key id and algorithm)');
      return;
    }
    const what = `the digest of hour ${hour}`;
    const message = Buffer.from(canonicalJson(pick(line, SIGNED_DIGEST_FIELDS)));
    if (header && tenantId !== header.tenantId) flag(lineNumber, `${what} is of ${JSON.stringify(tenantId)}, not of the export’s tenant ${header.tenantId}`);
    if (digestHash !== sha256Hex(message)) flag(lineNumber, `${what} was altered: its content does not match its hash`);
    const key = given ?? keysById.get(keyId);
    if (!isCanonicalBase64(signature)) flag(lineNumber, `${what} carries no signature (base64)`);
    else if (!key) flag(lineNumber, `${what} is signed by ${keyId}, whose public key the export does not carry: give it (--key)`);
    else if (!verifySignature(algorithm, message, key, Buffer.from(signature, 'base64'))) {
      flag(lineNumber, `the signature of ${what} does not verify with the public key of ${keyId}: the digest was rewritten or signed by another key`);
    }

    if (previousDigest) {
      const expected = nextHour(previousDigest.hour);
      const after = previousDigest.line ? `the digest on line ${previousDigest.line}` : 'the previous digest the header names';
      if (hour < expected) flag(lineNumber, `${what} is out of order or repeated: it does not follow ${after}`);
      else if (hour > expected) flag(lineNumber, `the digest of hour ${expected} is missing before ${what}`);
      else if (prevDigestHash !== previousDigest.digestHash) flag(lineNumber, `${what} does not link to ${after}`);
    } else if (header && prevDigestHash !== GENESIS_HASH) {
      flag(lineNumber, `${what} links to an earlier digest, but the header names none`);
    }
    previousDigest = { hour, digestHash: typeof digestHash === 'string' ? digestHash : '', line: lineNumber };

    if (!header) return;
    const start = Date.parse(`${hour}:00:00.000Z`);
    if (hour < hourOf(header.from) || hour > hourOf(header.to)) flag(lineNumber, `${what} lies outside the export’s window`);
    else if (start >= Date.parse(header.from) && start + HOUR_MS - 1 <= Date.parse(header.to)) {
      // An hour wholly inside the window: its entries here must be exactly the ones sealed, in order.
      const sealed = hours.get(hour);
      const here = sealed ? { count: sealed.count, digest: sealed.hashes.copy().digest('hex') } : { count: 0, digest: sha256Hex('') };
      if (here.count !== count || here.digest !== entriesDigest) {
        flag(lineNumber, `the export’s entries of hour ${hour} are not the ones ${what} sealed (${count as number} sealed, ${here.count} here)`);
      }
    }
  };

  const readEnd = (line: Record<string, unknown>) => {
    const extra = unknownFields(line, ['type', 'entries', 'digests', 'sha256']);
    if (extra.length) flag(lineNumber, `the end line has fields the format does not know: ${extra.join(', ')}`);
    if (line.sha256 !== lineChecksum(line)) flag(lineNumber, 'the end line was altered: it does not match its checksum');
    else if (line.entries !== entries || line.digests !== digests) {
      flag(
        lineNumber,
        `the export holds ${entries} entries and ${digests} digests, but its end line says ${String(line.entries)} and ${String(line.digests)}: lines were removed or added`,
      );
    }
  };

  for await (const text of lines) {
    lineNumber++;
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      flag(lineNumber, 'not a JSON line');
      if (section === 'start') section = 'entries';
      continue;
    }
    const line = isObject(parsed) ? parsed : {};
    if (section === 'ended') {
      flag(lineNumber, 'a line after the end line');
      continue;
    }
    if (section === 'start') {
      section = 'entries';
      if (line.type === 'header') {
        readHeader(line);
        continue;
      }
      flag(lineNumber, 'the export does not begin with its header');
    }
    if (line.type === 'entry') readEntry(line);
    else if (line.type === 'digest') {
      readDigest(line);
      section = 'digests';
    } else if (line.type === 'end') {
      readEnd(line);
      section = 'ended';
    } else if (line.type === 'header') flag(lineNumber, 'a second header');
    else flag(lineNumber, `not a line of an audit export (type ${JSON.stringify(line.type)})`);
  }
  if (section === 'start') flag(1, 'the export is empty');
  else if (section !== 'ended') flag(lineNumber + 1, 'the export ends without its end line: it was cut short');
  return { ok: problems.length === 0 && header !== undefined, entries, digests, problems };
}
