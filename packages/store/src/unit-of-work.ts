// A unit of work: entity changes, each with its audit entry, plus outbox events, uniqueness guards and
// the idempotency record, committed as one TransactWriteItems — all or nothing.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '@ismf/core/canonical';
import { newId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { db, tableName } from './client.ts';
import { auditItem, buildAuditEntry, GENESIS_HASH, type Actor, type AuditEntry, type FieldChange } from './audit-entry.ts';
import { indexAttributes, type EntityModel } from './entity-model.ts';
import { keys, type ItemKey } from './keys.ts';
import { auditSalt, protectedData, saltOfItem } from './sensitive-fields.ts';
import { pause, type Backoff } from '@ismf/core/backoff';

export { auditSaltItem } from './sensitive-fields.ts';

/**
 * A sign-in account (token subject): which user it is, whether it may act, the roles it holds now, and
 * how the user is called (so that a subject in a record is named with one read).
 */
export interface SignInAccount {
  userId: string;
  status: string;
  roles: readonly string[];
  name?: string;
  email?: string;
  jobTitle?: string;
}

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
  /** The hash of the entity's last audit entry; absent for a derived model (no audit entries). */
  auditHash?: string;
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
  /** A Delete of this key instead of the Put (a unique value given up). */
  remove?: ItemKey;
  condition?: string;
  values?: Record<string, unknown>;
  onConditionFailed: Failure;
}

export class IdempotencyRace extends Error {}

/** Transaction conflicts (another transaction held an item for a moment): a few short, jittered retries. */
const CONFLICT_BACKOFF: Backoff = { baseMs: 10, capMs: 200, attempts: 5 };

export class UnitOfWork {
  private readonly writes: PendingWrite[] = [];
  /** Audit entries still to build, in the order of their changes. */
  private readonly entries: (() => Promise<void>)[] = [];
  /** Audit salts this unit of work writes (a tenant's onboarding), used for its own entries. */
  private readonly salts = new Map<string, Buffer>();
  readonly at: string;

  constructor(private readonly ctx: WriteContext) {
    this.at = (ctx.now ?? new Date()).toISOString();
  }

  /** A new entity of the model, with its list and pattern attributes and (audited models) its first audit entry. */
  create<T extends Record<string, unknown>>(model: EntityModel<T>, owner: string, id: string, data: T): StoredEntity<T> {
    const stored: StoredEntity<T> = { owner, type: model.type, id, version: 1, createdAt: this.at, updatedAt: this.at, data };
    const put = this.entityWrite(model, stored, {
      condition: 'attribute_not_exists(pk)',
      onConditionFailed: () => problems.conflict(`this ${model.type} already exists`),
    });
    if (model.audited) this.audit(model, stored, put);
    return stored;
  }

  /** The next version of an entity, written only if it is still at `before`'s version (optimistic concurrency). */
  update<T extends Record<string, unknown>>(model: EntityModel<T>, before: StoredEntity<T>, data: T): StoredEntity<T> {
    if (before.type !== model.type) throw new Error(`a ${before.type} is updated through its own model, not ${model.type}`);
    const stored: StoredEntity<T> = { ...before, version: before.version + 1, updatedAt: this.at, data };
    delete stored.auditHash;
    const put = this.entityWrite(model, stored, {
      condition: 'version = :expected',
      values: { ':expected': before.version },
      onConditionFailed: () => problems.stale(`the ${before.type} changed since version ${before.version}`),
    });
    if (model.audited) this.audit(model, stored, put, before);
    return stored;
  }

  private entityWrite(model: EntityModel, entity: StoredEntity, write: Omit<PendingWrite, 'put'>): Record<string, unknown> {
    const put = entityItem(model, entity);
    this.writes.push({ ...write, put });
    return put;
  }

  /** Reserves the audit entry's place in the transaction; it is built at commit, once the tenant's audit salt is at hand. */
  private audit(model: EntityModel, stored: StoredEntity, put: Record<string, unknown>, before?: StoredEntity): void {
    const write: PendingWrite = {
      put: {},
      condition: 'attribute_not_exists(pk)',
      onConditionFailed: () => problems.stale('the audit trail moved on: another change was committed first'),
    };
    this.writes.push(write);
    const entryId = newId();
    this.entries.push(async () => {
      const salt = needsSalt(model, stored, before) ? await this.saltOf(stored.owner) : undefined;
      const entry = auditEntryOf(this.ctx, this.at, model, { entryId, stored, before, salt });
      stored.auditHash = entry.hash;
      put.auditHash = entry.hash;
      write.put = auditItem(entry);
    });
  }

  private async saltOf(owner: string): Promise<Buffer> {
    return this.salts.get(owner) ?? (await auditSalt(owner, true))!;
  }

  /**
   * A keyed child item of an entity (a dependency), written (or, without a record, removed) in the
   * entity's own transaction: it stands on the entity's pattern-indexed relations, so it changes with it.
   */
  child(model: EntityModel, owner: string, parentId: string, key: string, record?: Record<string, unknown>): void {
    if (!model.childOf) throw new Error(`${model.type} is no child-item model`);
    const itemKey = keys.keyedChild(owner, model.childOf, parentId, model.type, key);
    const failed = () => new Error(`child item ${model.type} ${key} of ${parentId} could not be written`);
    if (!record) {
      this.writes.push({ put: {}, remove: itemKey, onConditionFailed: failed });
      return;
    }
    this.writes.push({ put: { ...itemKey, kind: model.type, data: record, ...indexAttributes(model, owner, record) }, onConditionFailed: failed });
  }

  /** Claims a unique value (e.g. an e-mail within a tenant); a second claim fails with 409 naming the field. */
  unique(owner: string, name: string, value: string, field: string, holder: string): void {
    this.writes.push({
      put: { ...keys.unique(owner, name, value), kind: 'unique', holder },
      condition: 'attribute_not_exists(pk)',
      onConditionFailed: () => problems.conflict(`${field} is already in use`, [{ path: field, message: 'already in use' }]),
    });
  }

  /** Hands a unique value from one holder to another (a merged record's external id): only from its holder. */
  transfer(owner: string, name: string, value: string, from: string, to: string): void {
    this.writes.push({
      put: { ...keys.unique(owner, name, value), kind: 'unique', holder: to },
      condition: 'holder = :from',
      values: { ':from': from },
      onConditionFailed: () => problems.stale(`${name} ${value} is not held by ${from}`),
    });
  }

  /** Gives up a unique value its holder claimed (a changed or removed external id); only the holder may. */
  release(owner: string, name: string, value: string, holder: string): void {
    this.writes.push({
      put: {},
      remove: keys.unique(owner, name, value),
      condition: 'holder = :holder',
      values: { ':holder': holder },
      onConditionFailed: () => problems.stale(`${name} ${value} is not held by ${holder}`),
    });
  }

  /**
   * Records a sign-in account (token subject → user, status and current roles), read on every request
   * to refuse a disabled user and to drop revoked roles at once. New accounts must be new; later writes
   * follow the user's versioned change.
   */
  signInAccount(owner: string, subject: string, account: SignInAccount, isNew: boolean): void {
    const { roles, ...rest } = account;
    this.writes.push({
      put: { ...keys.signIn(owner, subject), kind: 'sign-in', ...rest, roles: [...roles] },
      ...(isNew ? { condition: 'attribute_not_exists(pk)' } : {}),
      onConditionFailed: () => problems.conflict('this sign-in account is already registered'),
    });
  }

  /** A new record that is not an entity (configuration, secrets): written once, never overwritten. */
  record(item: Record<string, unknown>): void {
    const salt = saltOfItem(item);
    if (salt) this.salts.set(salt.owner, salt.salt);
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
      put: outboxItem(this.ctx, this.at, event, eventId),
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
    for (const build of this.entries.splice(0)) await build();
    const command = new TransactWriteCommand({
      TransactItems: this.writes.map((write) => {
        const condition = {
          ...(write.condition ? { ConditionExpression: write.condition } : {}),
          ...(write.values ? { ExpressionAttributeValues: write.values } : {}),
        };
        return write.remove
          ? { Delete: { TableName: tableName(), Key: write.remove, ...condition } }
          : { Put: { TableName: tableName(), Item: write.put, ...condition } };
      }),
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
        if (reasons.some((reason) => reason.Code === 'TransactionConflict') && attempt < CONFLICT_BACKOFF.attempts) {
          await pause(CONFLICT_BACKOFF, attempt);
          continue;
        }
        throw error;
      }
    }
  }
}

/** What an update changed, field by field (top level), for the history; sensitive fields are marked (their values are digests by then). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, sensitive: readonly string[] = []): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return fields
    .filter((field) => canonicalJson(before[field]) !== canonicalJson(after[field]))
    .map((field) => ({
      field,
      ...(before[field] !== undefined ? { from: before[field] } : {}),
      ...(after[field] !== undefined ? { to: after[field] } : {}),
      ...(sensitive.includes(field) ? { sensitive: true as const } : {}),
    }));
}

/** The item of an entity's current version: keys, kind, index attributes of its patterns, and itself. */
export function entityItem(model: EntityModel, entity: StoredEntity): Record<string, unknown> {
  return {
    ...keys.entity(entity.owner, entity.type, entity.id),
    kind: 'entity',
    ...indexAttributes(model, entity.owner, { ...entity.data, id: entity.id }),
    ...entity,
  };
}

/** Whether a version's audit entry needs the tenant's audit salt: it or its predecessor holds a sensitive field. */
export function needsSalt(model: EntityModel, stored: StoredEntity, before?: StoredEntity): boolean {
  return model.sensitive.some((field) => stored.data[field] !== undefined || before?.data[field] !== undefined);
}

/** The audit entry of one version (sensitive fields as salted digests), chained to the one before. */
export function auditEntryOf(
  ctx: WriteContext,
  at: string,
  model: EntityModel,
  version: { entryId: string; stored: StoredEntity; before?: StoredEntity; salt?: Buffer },
): AuditEntry {
  const { entryId, stored, before, salt } = version;
  const sensitive = model.sensitive;
  const seen = (data: Record<string, unknown>) => protectedData(data, sensitive, salt);
  const after = seen(stored.data);
  return buildAuditEntry({
    entryId,
    owner: stored.owner,
    entityType: stored.type,
    entityId: stored.id,
    seq: stored.version,
    at,
    operation: ctx.operation,
    actor: ctx.actor,
    reason: ctx.reason,
    requestId: ctx.requestId,
    before: before ? seen(before.data) : undefined,
    after,
    prevHash: before ? before.auditHash! : GENESIS_HASH,
    ...(before ? { changes: changedFields(seen(before.data), after, sensitive) } : {}),
    ...(sensitive.length ? { sensitive: [...sensitive] } : {}),
  });
}

/** An outbox item: the event with its envelope, kept until the stream has surely relayed it. */
export function outboxItem(ctx: WriteContext, at: string, event: DomainEvent, eventId: string): Record<string, unknown> {
  return {
    ...keys.outbox(event.owner, eventId),
    kind: 'outbox',
    source: event.source,
    detailType: event.detailType,
    detail: {
      tenantId: event.owner,
      eventId,
      occurredAt: at,
      version: 1,
      correlationId: ctx.correlationId ?? ctx.requestId ?? eventId,
      data: event.data,
    },
    // The stream keeps records 24 hours, so an outbox item is relayed within a day or never:
    // expiring it after two days always follows its delivery.
    expiresAt: Math.floor(Date.parse(at) / 1000) + OUTBOX_RETENTION_SECONDS,
  };
}
