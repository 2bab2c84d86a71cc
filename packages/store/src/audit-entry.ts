// Audit entries: who did what to which entity, when and why, with before/after digests, chained per
// entity by the hash of the entity's previous entry. Pure: building and checking, no I/O.
import { canonicalJson, digest, sha256Hex } from '@ismf/core/canonical';
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

export function auditItem(entry: AuditEntry): Record<string, unknown> {
  return {
    ...keys.audit(entry.owner, entry.entityType, entry.entityId, entry.seq),
    kind: 'audit',
    gsi2pk: keys.auditDay(entry.owner, entry.at.slice(0, 10)),
    gsi2sk: `${entry.at}#${entry.entryId}`,
    ...entry,
  };
}

export function entryFromItem(item: Record<string, unknown>): AuditEntry {
  const { pk: _pk, sk: _sk, kind: _kind, gsi2pk: _g2pk, gsi2sk: _g2sk, ...entry } = item;
  return entry as unknown as AuditEntry;
}
