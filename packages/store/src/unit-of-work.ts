// A unit of work: entity changes, each with its audit entry, plus outbox events, uniqueness guards and
// the idempotency record, committed as one TransactWriteItems — all or nothing.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '@ismf/core/canonical';
import { newId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { db, tableName } from './client.ts';
import { auditItem, buildAuditEntry, GENESIS_HASH, type Actor, type FieldChange } from './audit-entry.ts';
import { keys } from './keys.ts';

export interface WriteContext {
  actor: Actor;
  /** The catalogue operation making the change, recorded in the audit entry. */
  operation: string;
  requestId?: string;
  correlationId?: string;
  reason?: string;
  now?: Date;
}

export interface StoredEntity<T = Record<string, unknown>> {
  owner: string;
  type: string;
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  auditHash: string;
  data: T;
}

export interface DomainEvent {
  owner: string;
  detailType: string;
  source: string;
  data: Record<string, unknown>;
}

export const OUTBOX_RETENTION_SECONDS = 2 * 86_400;

/** DynamoDB caps a transaction at 100 items. */
export const MAX_TRANSACTION_ITEMS = 100;

type Failure = () => Error;
interface PendingWrite {
  put: Record<string, unknown>;
  condition?: string;
  values?: Record<string, unknown>;
  onConditionFailed: Failure;
}

export class IdempotencyRace extends Error {}

export class UnitOfWork {
  private readonly writes: PendingWrite[] = [];
  readonly at: string;

  constructor(private readonly ctx: WriteContext) {
    this.at = (ctx.now ?? new Date()).toISOString();
  }

  create<T extends Record<string, unknown>>(owner: string, type: string, id: string, data: T, options: EntityOptions = { listed: true }): StoredEntity<T> {
    const entry = buildAuditEntry({
      entryId: newId(),
      owner,
      entityType: type,
      entityId: id,
      seq: 1,
      at: this.at,
      operation: this.ctx.operation,
      actor: this.ctx.actor,
      reason: this.ctx.reason,
      requestId: this.ctx.requestId,
      before: undefined,
      after: data,
      prevHash: GENESIS_HASH,
    });
    const stored: StoredEntity<T> = {
      owner,
      type,
      id,
      version: 1,
      createdAt: this.at,
      updatedAt: this.at,
      auditHash: entry.hash,
      data,
    };
    this.writes.push({
      put: entityItem(stored, options),
      condition: 'attribute_not_exists(pk)',
      onConditionFailed: () => problems.conflict(`this ${type} already exists`),
    });
    this.writes.push(auditWrite(auditItem(entry)));
    return stored;
  }

  update<T extends Record<string, unknown>>(before: StoredEntity<T>, data: T, options: EntityOptions = { listed: true }): StoredEntity<T> {
    const seq = before.version + 1;
    const entry = buildAuditEntry({
      entryId: newId(),
      owner: before.owner,
      entityType: before.type,
      entityId: before.id,
      seq,
      at: this.at,
      operation: this.ctx.operation,
      actor: this.ctx.actor,
      reason: this.ctx.reason,
      requestId: this.ctx.requestId,
      before: before.data,
      after: data,
      prevHash: before.auditHash,
      changes: changedFields(before.data, data),
    });
    const stored: StoredEntity<T> = { ...before, version: seq, updatedAt: this.at, auditHash: entry.hash, data };
    this.writes.push({
      put: entityItem(stored, options),
      condition: 'version = :expected',
      values: { ':expected': before.version },
      onConditionFailed: () => problems.stale(`the ${before.type} changed since version ${before.version}`),
    });
    this.writes.push(auditWrite(auditItem(entry)));
    return stored;
  }

  /** Claims a unique value (e.g. an e-mail within a tenant); a second claim fails with 409 naming the field. */
  unique(owner: string, name: string, value: string, field: string, holder: string): void {
    this.writes.push({
      put: { ...keys.unique(owner, name, value), kind: 'unique', holder },
      condition: 'attribute_not_exists(pk)',
      onConditionFailed: () => problems.conflict(`${field} is already in use`, [{ path: field, message: 'already in use' }]),
    });
  }

  /**
   * Records a sign-in account (token subject → user, status and current roles), read on every request
   * to refuse a disabled user and to drop revoked roles at once. New accounts must be new; later writes
   * follow the user's versioned change.
   */
  signInAccount(owner: string, subject: string, account: { userId: string; status: string; roles: readonly string[] }, isNew: boolean): void {
    this.writes.push({
      put: { ...keys.signIn(owner, subject), kind: 'sign-in', userId: account.userId, status: account.status, roles: [...account.roles] },
      ...(isNew ? { condition: 'attribute_not_exists(pk)' } : {}),
      onConditionFailed: () => problems.conflict('this sign-in account is already registered'),
    });
  }

  /** A new record that is not an entity (configuration, secrets): written once, never overwritten. */
  record(item: Record<string, unknown>): void {
    this.writes.push({
      put: item,
      condition: 'attribute_not_exists(pk)',
      onConditionFailed: () => problems.conflict('this record already exists'),
    });
  }

  /** The outgoing domain event, in the same transaction as the change (transactional outbox). */
  event(event: DomainEvent): string {
    const eventId = newId();
    this.writes.push({
      put: {
        ...keys.outbox(event.owner, eventId),
        kind: 'outbox',
        source: event.source,
        detailType: event.detailType,
        detail: {
          tenantId: event.owner,
          eventId,
          occurredAt: this.at,
          version: 1,
          correlationId: this.ctx.correlationId ?? this.ctx.requestId ?? eventId,
          data: event.data,
        },
        // The stream keeps records 24 hours, so an outbox item is relayed within a day or never:
        // expiring it after two days always follows its delivery.
        expiresAt: Math.floor(Date.parse(this.at) / 1000) + OUTBOX_RETENTION_SECONDS,
      },
      condition: 'attribute_not_exists(pk)',
      onConditionFailed: () => new Error(`duplicate event id ${eventId}`),
    });
    return eventId;
  }

  /** Records a create's response under its idempotency key, so that a retry replays it. */
  idempotency(owner: string, operation: string, key: string, requestHash: string, response: unknown, ttlSeconds = 86_400): void {
    this.writes.push({
      put: {
        ...keys.idempotency(owner, operation, key),
        kind: 'idempotency',
        requestHash,
        response: JSON.stringify(response),
        expiresAt: Math.floor(Date.parse(this.at) / 1000) + ttlSeconds,
      },
      condition: 'attribute_not_exists(pk)',
      onConditionFailed: () => new IdempotencyRace(),
    });
  }

  get size(): number {
    return this.writes.length;
  }

  async commit(): Promise<void> {
    if (this.writes.length === 0) return;
    if (this.writes.length > MAX_TRANSACTION_ITEMS) throw new Error(`a unit of work holds at most ${MAX_TRANSACTION_ITEMS} items`);
    const command = new TransactWriteCommand({
      TransactItems: this.writes.map((write) => ({
        Put: {
          TableName: tableName(),
          Item: write.put,
          ...(write.condition ? { ConditionExpression: write.condition } : {}),
          ...(write.values ? { ExpressionAttributeValues: write.values } : {}),
        },
      })),
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await db().send(command);
        return;
      } catch (error) {
        const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
        if ((error as Error).name !== 'TransactionCanceledException' || !reasons) throw error;
        const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
        if (failed >= 0) throw this.writes[failed]!.onConditionFailed();
        // Another transaction held one of our items: try again, after which a lost race shows as a failed condition.
        if (reasons.some((reason) => reason.Code === 'TransactionConflict') && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
          continue;
        }
        throw error;
      }
    }
  }
}

export interface EntityOptions {
  /** In its type's list (GSI1); default yes. */
  listed?: boolean;
  /** Further index attributes (gsi3pk … gsi4sk), built by keys.ts. */
  indexes?: Record<string, string>;
}

function entityItem(entity: StoredEntity, options: EntityOptions): Record<string, unknown> {
  return {
    ...keys.entity(entity.owner, entity.type, entity.id),
    kind: 'entity',
    ...(options.listed !== false ? { gsi1pk: keys.entityList(entity.owner, entity.type), gsi1sk: entity.id } : {}),
    ...(options.indexes ?? {}),
    ...entity,
  };
}

/** What an update changed, field by field (top level), for the history. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return fields
    .filter((field) => canonicalJson(before[field]) !== canonicalJson(after[field]))
    .map((field) => ({ field, ...(before[field] !== undefined ? { from: before[field] } : {}), ...(after[field] !== undefined ? { to: after[field] } : {}) }));
}

function auditWrite(item: Record<string, unknown>): PendingWrite {
  return {
    put: item,
    condition: 'attribute_not_exists(pk)',
    onConditionFailed: () => problems.stale('the audit trail moved on: another change was committed first'),
  };
}
