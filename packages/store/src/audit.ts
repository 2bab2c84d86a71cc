// The audit trail as an auditor reads it: an entity's entries, and verification of every entity chain
// that has entries in a bounded time window — and of those entities' stored state against their latest
// entry — naming the first broken entry, digest and entity. Also the trail's paged reader of a window (for
// exports) and an entity's last entry (for the sweep of audited entities).
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { digest as digestOf, sha256Hex } from '@ismf/core/canonical';
import { problems } from '@ismf/core/problems';
import { db, tableName } from './client.ts';
import { batchGet, foundItem } from './batch-get.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { auditTrailByDay, entryFromItem, entryHash, entryView, GENESIS_HASH, type AuditEntry } from './audit-entry.ts';
import { digestBefore, digestsBetween, entriesDigestOf, hourOf, sealedHashes, signedMessage } from './audit-digest.ts';
import { digestSigner, type DigestSigner } from './digest-signer.ts';
import { keys } from './keys.ts';
import type { Page, PageRequest } from './entities.ts';
import { auditSalt, protectedData } from './sensitive-fields.ts';

export const MAX_VERIFY_WINDOW_DAYS = 31;
export const MAX_VERIFY_ENTRIES = 50_000;

export async function listAuditEntries(owner: string, type: string, id: string, page: PageRequest): Promise<Page<AuditEntry>> {
  const scope = `audit:${type}:${id}`;
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': keys.entity(owner, type, id).pk, ':audit': keys.auditPrefix },
      Limit: page.limit,
      ExclusiveStartKey: await decodeCursor(owner, scope, page.cursor),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => entryView(entryFromItem(item))),
    nextCursor: await encodeCursor(owner, scope, result.LastEvaluatedKey),
  };
}

export interface BrokenEntry {
  entryId: string;
  entity: string;
  seq: number;
  at: string;
  problem: string;
}

/** An entity whose stored state does not match its last audit entry: it was changed outside the trail. */
export interface BrokenEntity {
  entity: string;
  /** The version the entity's stored state claims; absent when the entity is missing. */
  version?: number;
  problem: string;
}

export interface BrokenDigest {
  hour: string;
  problem: string;
}

export interface VerificationReport {
  from: string;
  to: string;
  valid: boolean;
  entriesChecked: number;
  entitiesChecked: number;
  digestsChecked: number;
  brokenCount: number;
  firstBroken?: BrokenEntry;
  firstBrokenDigest?: BrokenDigest;
  firstBrokenEntity?: BrokenEntity;
}

function utcDays(from: Date, to: Date): string[] {
  const days: string[] = [];
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  while (cursor.getTime() <= to.getTime()) {
    days.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}

/** Entries one query of the trail reads: a page, not the window. */
const AUDIT_PAGE = 500;

/**
 * The tenant's audit entries from `from` to `to` (ISO 8601 UTC as `toISOString()` writes it: the trail's
 * sort values compare as strings), in the trail's order: by time, then entry id (the order the hourly
 * digests seal). Reads the trail (`audit.byDay`, GSI2) day by day, a page at a time, so a caller that
 * streams them holds one page, however busy the window. Needs `table: read` with the pattern `audit.byDay`.
 */
export async function* auditEntriesBetween(owner: string, from: string, to: string): AsyncGenerator<AuditEntry> {
  for (const day of utcDays(new Date(from), new Date(to))) {
    let start: Record<string, unknown> | undefined;
    do {
      const result = await db().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: auditTrailByDay.index,
          KeyConditionExpression: 'gsi2pk = :day AND gsi2sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':day': keys.auditDay(owner, day), ':from': from, ':to': `${to}#\uffff` },
          ExclusiveStartKey: start,
          Limit: AUDIT_PAGE,
        }),
      );
      for (const item of result.Items ?? []) yield entryFromItem(item);
      start = result.LastEvaluatedKey;
    } while (start);
  }
}

/** An entity's last audit entry (a consistent read of the highest entry of its partition), if it has any. */
export async function lastAuditEntry(owner: string, type: string, id: string): Promise<AuditEntry | undefined> {
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': keys.entity(owner, type, id).pk, ':audit': keys.auditPrefix },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return result.Items?.[0] ? entryFromItem(result.Items[0]) : undefined;
}

/** The window's entries, whole: refused beyond MAX_VERIFY_ENTRIES (a verification holds them all). */
async function entriesInWindow(owner: string, from: string, to: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const entry of auditEntriesBetween(owner, from, to)) {
    entries.push(entry);
    if (entries.length > MAX_VERIFY_ENTRIES) {
      throw problems.unprocessable(`the window holds more than ${MAX_VERIFY_ENTRIES} entries: verify a shorter one`, [
        { path: 'query.to', message: 'window too large' },
      ]);
    }
  }
  return entries;
}

export async function verifyAudit(owner: string, from: string, to: string, signer: DigestSigner = digestSigner()): Promise<VerificationReport> {
  const span = Date.parse(to) - Date.parse(from);
  if (span < 0) throw problems.invalid('`from` must not be after `to`', [{ path: 'query.from', message: 'after `to`' }]);
  if (span > MAX_VERIFY_WINDOW_DAYS * 86_400_000) {
    throw problems.invalid(`a verification window spans at most ${MAX_VERIFY_WINDOW_DAYS} days`, [
      { path: 'query.to', message: `more than ${MAX_VERIFY_WINDOW_DAYS} days after from` },
    ]);
  }
  const entries = await entriesInWindow(owner, from, to);
  const chains = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    const name = `${entry.entityType}:${entry.entityId}`;
    chains.set(name, [...(chains.get(name) ?? []), entry]);
  }
  for (const chain of chains.values()) chain.sort((a, b) => a.seq - b.seq);

  // What the window's first entries link back to, each entity's current head, and the entry that would
  // follow each chain's last (which must not exist while the head is at that entry), read in batches.
  const previousKeys = [...chains.values()]
    .map((chain) => chain[0]!)
    .filter((first) => first.seq > 1)
    .map((first) => keys.audit(owner, first.entityType, first.entityId, first.seq - 1));
  const entityKeys = [...chains.values()].map((chain) => keys.entity(owner, chain[0]!.entityType, chain[0]!.entityId));
  const nextKeys = [...chains.values()].map((chain) => {
    const last = chain[chain.length - 1]!;
    return keys.audit(owner, last.entityType, last.entityId, last.seq + 1);
  });
  const found = await batchGet([...previousKeys, ...entityKeys, ...nextKeys]);

  const broken: BrokenEntry[] = [];
  const flag = (entry: AuditEntry, problem: string) =>
    broken.push({ entryId: entry.entryId, entity: `${entry.entityType}:${entry.entityId}`, seq: entry.seq, at: entry.at, problem });

  for (const chain of chains.values()) {
    const first = chain[0]!;
    let previous: AuditEntry | undefined;
    if (first.seq > 1) {
      const item = foundItem(found, keys.audit(owner, first.entityType, first.entityId, first.seq - 1));
      previous = item ? entryFromItem(item) : undefined;
      if (!previous) flag(first, `entry ${first.seq - 1} of this entity is missing`);
      else if (entryHash(previous) !== previous.hash) flag(first, `entry ${previous.seq} before the window was altered`);
    }
    for (const entry of chain) {
      const expectedSeq = previous ? previous.seq + 1 : entry.seq;
      if (entryHash(entry) !== entry.hash) flag(entry, 'the entry was altered: its content does not match its hash');
      else if (entry.seq !== expectedSeq) flag(entry, `entries ${expectedSeq}..${entry.seq - 1} of this entity are missing`);
      else if (entry.seq === 1 && entry.prevHash !== GENESIS_HASH) flag(entry, 'a first entry must start the chain');
      else if (previous && entry.prevHash !== previous.hash) {
        flag(previous, 'the next entry links to a different hash: this entry was rewritten');
      }
      previous = entry;
    }
  }
  const brokenEntities = await verifyEntities(owner, [...chains.values()], found, flag);
  const digests = await verifyDigests(owner, from, to, entries, signer, flag);
  broken.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq));
  return {
    from,
    to,
    valid: broken.length === 0 && digests.broken.length === 0 && brokenEntities.length === 0,
    entriesChecked: entries.length,
    entitiesChecked: chains.size,
    digestsChecked: digests.checked,
    brokenCount: broken.length + digests.broken.length + brokenEntities.length,
    ...(broken[0] ? { firstBroken: broken[0] } : {}),
    ...(digests.broken[0] ? { firstBrokenDigest: digests.broken[0] } : {}),
    ...(brokenEntities[0] ? { firstBrokenEntity: brokenEntities[0] } : {}),
  };
}

/**
 * Checks each entity that has entries in the window against its stored state, so that a change written
 * to the table outside the audit trail shows: the entity must exist; its version must be its latest
 * entry's seq (the entry for that version exists, the one after it does not); its audit hash must be that
 * entry's hash, and its data must hash to that entry's after-digest. Entries are immutable and written in
 * the same transaction as the entity, so a concurrent legitimate change never reads as a finding: an
 * entry for the current version is read after the entity, and an entry past the current version is only
 * reported once a second read of the entity shows the same version.
 */
async function verifyEntities(
  owner: string,
  chains: AuditEntry[][],
  found: Map<string, Record<string, unknown>>,
  flag: (entry: AuditEntry, problem: string) => void,
): Promise<BrokenEntity[]> {
  const findings: { order: number; finding: BrokenEntity }[] = [];
  // Sensitive fields are digested with the tenant's audit salt: read once, if any chain has them.
  const salt = chains.some((chain) => chain.some((entry) => entry.sensitive?.length)) ? await auditSalt(owner, false) : undefined;
  const report = (order: number, entity: string, version: number | undefined, problem: string) =>
    findings.push({ order, finding: { entity, ...(version !== undefined ? { version } : {}), problem } });

  interface Pending {
    order: number;
    last: AuditEntry;
    chain: AuditEntry[];
    head: Record<string, unknown>;
    version: number;
  }
  const later: Pending[] = [];
  const current: (Pending & { entry?: AuditEntry; next?: AuditEntry })[] = [];
  chains.forEach((chain, order) => {
    const last = chain[chain.length - 1]!;
    const name = `${last.entityType}:${last.entityId}`;
    const head = foundItem(found, keys.entity(owner, last.entityType, last.entityId));
    if (!head) {
      report(order, name, undefined, `the entity is missing although its audit trail reaches entry ${last.seq}: it was deleted outside the audit trail`);
      return;
    }
    const version = head.version as number;
    if (version < last.seq) {
      report(
        order,
        name,
        version,
        `the entity is at version ${version} but its audit trail goes on to entry ${last.seq}: it was put back or changed outside the audit trail`,
      );
    } else if (version === last.seq) {
      const next = foundItem(found, keys.audit(owner, last.entityType, last.entityId, last.seq + 1));
      current.push({ order, last, chain, head, version, entry: last, ...(next ? { next: entryFromItem(next) } : {}) });
    } else {
      // Changed after the window (or its version moved outside the trail): its entries for that version and the next.
      later.push({ order, last, chain, head, version });
    }
  });
  if (later.length > 0) {
    const laterFound = await batchGet(
      later.flatMap(({ last, version }) => [
        keys.audit(owner, last.entityType, last.entityId, version),
        keys.audit(owner, last.entityType, last.entityId, version + 1),
      ]),
    );
    for (const pending of later) {
      const { last, version } = pending;
      const entry = foundItem(laterFound, keys.audit(owner, last.entityType, last.entityId, version));
      const next = foundItem(laterFound, keys.audit(owner, last.entityType, last.entityId, version + 1));
      current.push({ ...pending, ...(entry ? { entry: entryFromItem(entry) } : {}), ...(next ? { next: entryFromItem(next) } : {}) });
    }
  }

  const pastVersion: typeof current = [];
  for (const state of current) {
    const { order, last, chain, head, version, entry, next } = state;
    const name = `${last.entityType}:${last.entityId}`;
    if (next) {
      pastVersion.push(state);
      continue;
    }
    if (!entry) {
      report(order, name, version, `the entity is at version ${version} but has no audit entry ${version}: it was changed outside the audit trail`);
      continue;
    }
    const inWindow = chain.includes(entry);
    if (!inWindow && entryHash(entry) !== entry.hash) {
      report(order, name, version, `its audit entry ${version}, after the window, was altered: its content does not match its hash`);
    }
    const sensitive = entry.sensitive ?? [];
    if (!salt && sensitive.some((field) => (head.data as Record<string, unknown>)[field] !== undefined)) {
      report(order, name, version, "the tenant's audit salt is missing: the entity's sensitive fields cannot be checked");
    } else if (digestOf(protectedData(head.data as Record<string, unknown>, sensitive, salt)) !== entry.afterDigest) {
      report(order, name, version, `the entity's data does not match the after-digest of its audit entry ${version}: it was changed outside the audit trail`);
    }
    if (head.auditHash !== entry.hash) {
      if (inWindow) flag(entry, "the entity's current state points to a different last entry: this entry was rewritten");
      else report(order, name, version, `the entity's audit hash is not the hash of its audit entry ${version}: it was changed outside the audit trail`);
    }
  }
  if (pastVersion.length > 0) {
    // An entry past the entity's version: a rollback, unless the entity moved on meanwhile (read it again).
    const again = await batchGet(pastVersion.map(({ last }) => keys.entity(owner, last.entityType, last.entityId)));
    for (const { order, last, version, next } of pastVersion) {
      const head = foundItem(again, keys.entity(owner, last.entityType, last.entityId));
      if (head && head.version !== version) continue;
      report(
        order,
        `${last.entityType}:${last.entityId}`,
        version,
        `the entity is at version ${version} but its audit trail goes on to entry ${next!.seq}: it was put back or changed outside the audit trail`,
      );
    }
  }
  return findings.sort((a, b) => a.order - b.order).map(({ finding }) => finding);
}

const HOUR_MS = 3_600_000;

/**
 * Checks the signed digests of the window's hours: each signature, each link to the previous digest, and
 * for every hour wholly inside the window, that its entries are exactly the ones sealed.
 */
async function verifyDigests(
  owner: string,
  from: string,
  to: string,
  entries: AuditEntry[],
  signer: DigestSigner,
  flag: (entry: AuditEntry, problem: string) => void,
): Promise<{ checked: number; broken: BrokenDigest[] }> {
  const digests = await digestsBetween(owner, hourOf(from), hourOf(to));
  let previous = await digestBefore(owner, hourOf(from));
  const broken: BrokenDigest[] = [];
  const byHour = new Map<string, AuditEntry[]>();
  for (const entry of [...entries].sort((a, b) => (`${a.at}#${a.entryId}` < `${b.at}#${b.entryId}` ? -1 : 1))) {
    byHour.set(hourOf(entry.at), [...(byHour.get(hourOf(entry.at)) ?? []), entry]);
  }
  for (const digest of digests) {
    const message = signedMessage(digest);
    const start = Date.parse(`${digest.hour}:00:00.000Z`);
    if (!(await signer.verify(message, digest.signature, digest.keyId, digest.algorithm))) {
      broken.push({ hour: digest.hour, problem: 'the digest’s signature does not verify: the digest was rewritten' });
    } else if (sha256Hex(message) !== digest.digestHash) {
      broken.push({ hour: digest.hour, problem: 'the digest’s hash does not match its content' });
    } else if (previous && previous.hour !== hourOf(start - HOUR_MS)) {
      broken.push({ hour: digest.hour, problem: `the digest of hour ${hourOf(start - HOUR_MS)} is missing` });
    } else if (digest.prevDigestHash !== (previous?.digestHash ?? GENESIS_HASH)) {
      broken.push({ hour: digest.hour, problem: 'the digest does not link to the previous digest' });
    } else if (start >= Date.parse(from) && start + HOUR_MS <= Date.parse(to) + 1) {
      const hourEntries = byHour.get(digest.hour) ?? [];
      const hashes = hourEntries.map((entry) => entry.hash);
      if (hashes.length !== digest.count || entriesDigestOf(hashes) !== digest.entriesDigest) {
        const sealed = new Set(await sealedHashes(owner, digest.hour));
        const foreign = hourEntries.find((entry) => !sealed.has(entry.hash));
        if (foreign) flag(foreign, `this entry is not the one sealed in the signed digest of hour ${digest.hour}`);
        else broken.push({ hour: digest.hour, problem: `${digest.count - hashes.length} entries sealed in this hour are missing` });
      }
    }
    previous = digest;
  }
  return { checked: digests.length, broken };
}
