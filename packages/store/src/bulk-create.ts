// New entities in bulk (an import's new rows), written near the engine's BatchWrite rate instead of one
// transaction per row. Ids are derived (the caller's), so a retried chunk names the same records. Two
// phases keep the audit invariant without a transaction: first every row's audit entry and events, then
// the entities, so an entity never exists without its first entry. A crash between the phases leaves
// orphan entries, which the retry finds and keeps when they record the same data (else rewrites).
// Unique values are claimed first, by conditional Puts (in transactions of 25) that their own holder may repeat.
import { DeleteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { derivedId } from '@ismf/core/ids';
import type { FieldError } from '@ismf/core/problems';
import { auditItem, entryFromItem } from './audit-entry.ts';
import { batchGet, foundItem } from './batch-get.ts';
import { putItems } from './batch-write.ts';
import { db, tableName } from './client.ts';
import type { EntityModel } from './entity-model.ts';
import { keys } from './keys.ts';
import { auditSalt } from './sensitive-fields.ts';
import { auditEntryOf, entityItem, needsSalt, outboxItem, type DomainEvent, type StoredEntity, type WriteContext } from './unit-of-work.ts';
import { giveUpAfter, pause, STORE_BACKOFF } from '@ismf/core/backoff';

export interface BulkRow<T> {
  /** Derived from the job and row (derivedId), so that a retry writes the same record. */
  id: string;
  data: T;
  events: DomainEvent[];
  uniques?: { name: string; value: string; field: string }[];
}

export interface BulkResult {
  /** Written now. */
  created: string[];
  /** Written by an earlier attempt: the entity exists already. */
  existing: string[];
  failed: { id: string; errors: FieldError[] }[];
}

/** Claims per transaction, and transactions in flight: a conditional Put each, far faster than one request per claim. */
const CLAIMS_PER_TRANSACTION = 25;
const CLAIMS_IN_FLIGHT = 4;

interface Claim {
  row: BulkRow<unknown>;
  unique: { name: string; value: string; field: string };
}

/** Claims in one transaction; a claim held by another fails its row, and the rest are tried again without it. */
async function claimTogether(owner: string, claims: Claim[], lost: Set<Claim>): Promise<void> {
  let pending = claims;
  let conflicts = 0;
  while (pending.length > 0) {
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: pending.map(({ row, unique }) => ({
            Put: {
              TableName: tableName(),
              Item: { ...keys.unique(owner, unique.name, unique.value), kind: 'unique', holder: row.id },
              // Its own holder may claim it again: a retried chunk.
              ConditionExpression: 'attribute_not_exists(pk) OR holder = :holder',
              ExpressionAttributeValues: { ':holder': row.id },
            },
          })),
        }),
      );
      return;
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((error as Error).name !== 'TransactionCanceledException' || !reasons) throw error;
      const failed = pending.filter((_, index) => reasons[index]?.Code === 'ConditionalCheckFailed');
      // Another transaction held an item for a moment: the same claims again.
      if (failed.length === 0) {
        giveUpAfter(STORE_BACKOFF, ++conflicts, () => `${pending.length} unique claims still in conflict`);
        await pause(STORE_BACKOFF, conflicts);
      }
      for (const claim of failed) lost.add(claim);
      pending = pending.filter((claim) => !lost.has(claim));
    }
  }
}

async function unclaim(owner: string, unique: { name: string; value: string }, holder: string): Promise<void> {
  await db()
    .send(
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.unique(owner, unique.name, unique.value),
        ConditionExpression: 'holder = :holder',
        ExpressionAttributeValues: { ':holder': holder },
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
}

/** Claims every row's unique values; a row that loses one gives back the others and fails naming the field. */
async function claimUniques<T>(owner: string, rows: BulkRow<T>[], failed: BulkResult['failed']): Promise<BulkRow<T>[]> {
  const claims: Claim[] = rows.flatMap((row) => (row.uniques ?? []).map((unique) => ({ row: row as BulkRow<unknown>, unique })));
  const groups: Claim[][] = [];
  for (let start = 0; start < claims.length; start += CLAIMS_PER_TRANSACTION) groups.push(claims.slice(start, start + CLAIMS_PER_TRANSACTION));
  const lost = new Set<Claim>();
  let next = 0;
  const worker = async () => {
    while (next < groups.length) await claimTogether(owner, groups[next++]!, lost);
  };
  await Promise.all(Array.from({ length: Math.min(CLAIMS_IN_FLIGHT, groups.length) }, worker));
  const losers = new Map<BulkRow<unknown>, FieldError[]>();
  for (const claim of lost) losers.set(claim.row, [...(losers.get(claim.row) ?? []), { path: claim.unique.field, message: 'already in use' }]);
  for (const [row, errors] of losers) {
    // What the row did win goes back: a row is written whole or not at all.
    const won = (row.uniques ?? []).filter((unique) => ![...lost].some((claim) => claim.row === row && claim.unique === unique));
    await Promise.all(won.map((unique) => unclaim(owner, unique, row.id)));
    failed.push({ id: row.id, errors });
  }
  return rows.filter((row) => !losers.has(row as BulkRow<unknown>));
}

export async function bulkCreate<T extends Record<string, unknown>>(
  ctx: WriteContext,
  model: EntityModel<T>,
  owner: string,
  rows: BulkRow<T>[],
): Promise<BulkResult> {
  const result: BulkResult = { created: [], existing: [], failed: [] };
  if (rows.length === 0) return result;
  const at = (ctx.now ?? new Date()).toISOString();
  const found = await batchGet(rows.flatMap((row) => [keys.entity(owner, model.type, row.id), keys.audit(owner, model.type, row.id, 1)]));
  const fresh = rows.filter((row) => {
    const exists = foundItem(found, keys.entity(owner, model.type, row.id)) !== undefined;
    if (exists) result.existing.push(row.id);
    return !exists;
  });
  const toWrite = await claimUniques(owner, fresh, result.failed);
  const salt = model.audited && toWrite.some((row) => needsSalt(model, { data: row.data } as StoredEntity)) ? await auditSalt(owner, true) : undefined;

  const firstPhase: Record<string, unknown>[] = [];
  const entities: Record<string, unknown>[] = [];
  for (const row of toWrite) {
    const orphan = foundItem(found, keys.audit(owner, model.type, row.id, 1));
    const orphanEntry = orphan ? entryFromItem(orphan) : undefined;
    // The retry of a crashed chunk: an entry recording these very data is kept as it is (a digest may have sealed it).
    let rowAt = orphanEntry?.at ?? at;
    const stored: StoredEntity<T> = { owner, type: model.type, id: row.id, version: 1, createdAt: rowAt, updatedAt: rowAt, data: row.data };
    if (model.audited) {
      const version = { entryId: derivedId(row.id, 'audit', 1), stored, salt };
      let entry = auditEntryOf(ctx, rowAt, model, version);
      if (orphanEntry && entry.hash !== orphanEntry.hash) {
        rowAt = at;
        Object.assign(stored, { createdAt: at, updatedAt: at });
        entry = auditEntryOf(ctx, at, model, version);
      }
      if (!orphanEntry || orphanEntry.hash !== entry.hash) firstPhase.push(auditItem(entry));
      stored.auditHash = entry.hash;
    }
    row.events.forEach((event, index) => firstPhase.push(outboxItem(ctx, rowAt, event, derivedId(row.id, 'event', index))));
    entities.push(entityItem(model, stored));
    result.created.push(row.id);
  }
  await putItems(firstPhase);
  await putItems(entities);
  return result;
}
