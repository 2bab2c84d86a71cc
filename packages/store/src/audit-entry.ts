// Audit entries: who did what to which entity, when and why, with before/after digests, chained per
// entity by the hash of the entity's previous entry. Pure: building and checking, no I/O.
import { canonicalJson, digest, sha256Hex } from '@ismf/core/canonical';
import { storePattern } from './entity-model.ts';
import { keys } from './keys.ts';

export interface Actor {
  userId: string;
  roles: string[];
}

/** The chain's start: the hash a first entry points back to. */
export const GENESIS_HASH = '0'.repeat(64);

export interface FieldChange {
  field: string;
  from?: unknown;
  to?: unknown;
  /** A sensitive field: `from` and `to` are salted digests, never values (histories show neither). */
  sensitive?: true;
}

export interface AuditEntry {
  entryId: string;
  owner: string;
  entityType: string;
  entityId: string;
  seq: number;
  at: string;
  operation: string;
  actor: Actor;
  reason?: string;
  requestId?: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  /** What an update changed (top-level fields), so that the history can say it. */
  changes?: FieldChange[];
  /** The entity's sensitive fields: the digests cover them as salted digests (the tenant's audit salt). */
  sensitive?: string[];
  prevHash: string;
  hash: string;
}

type Unhashed = Omit<AuditEntry, 'hash'>;

const HASHED_FIELDS = [
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
] as const satisfies readonly (keyof Unhashed)[];

export function entryHash(entry: Unhashed): string {
  const hashed: Record<string, unknown> = {};
  for (const field of HASHED_FIELDS) hashed[field] = entry[field];
  return sha256Hex(canonicalJson(hashed));
}

export function buildAuditEntry(fields: Omit<Unhashed, 'beforeDigest' | 'afterDigest'> & { before: unknown; after: unknown }): AuditEntry {
  const { before, after, ...rest } = fields;
  const unhashed: Unhashed = {
    ...rest,
    beforeDigest: before === undefined ? null : digest(before),
    afterDigest: after === undefined ? null : digest(after),
  };
  return { ...unhashed, hash: entryHash(unhashed) };
}

/** GSI2: the audit trail of one tenant and UTC day, by time — the store's own record, named by the audit area's declarations. */
export const auditTrailByDay = storePattern({ entity: 'audit', name: 'byDay', index: 'GSI2', partition: ['day'], sort: ['at', 'entryId'] });

export function auditItem(entry: AuditEntry): Record<string, unknown> {
  return {
    ...keys.audit(entry.owner, entry.entityType, entry.entityId, entry.seq),
    kind: 'audit',
    gsi2pk: keys.auditDay(entry.owner, entry.at.slice(0, 10)),
    gsi2sk: `${entry.at}#${entry.entryId}`,
    ...entry,
  };
}

/** An entry as histories show it: a sensitive field changed, without its digests. */
export function entryView(entry: AuditEntry): AuditEntry {
  if (!entry.changes?.some((change) => change.sensitive)) return entry;
  return { ...entry, changes: entry.changes.map((change) => (change.sensitive ? { field: change.field, sensitive: true } : change)) };
}

export function entryFromItem(item: Record<string, unknown>): AuditEntry {
  const { pk: _pk, sk: _sk, kind: _kind, gsi2pk: _g2pk, gsi2sk: _g2sk, ...entry } = item;
  return entry as unknown as AuditEntry;
}
