// Derived counters: figures kept as numbers in (nested) maps of a derived record's `data`, changed in
// place by increments (UpdateItem ADD) instead of a version-checked Put, so that the writers of a busy
// counter never contend for it. Increments commute; the record's version still moves with each, so a
// writer that replaces the figures (a recount, through UnitOfWork.update) writes only if nothing was
// counted while it read. A count carries a marker per thing counted (an event id), written in the same
// transaction on condition that it is not there yet: a redelivered event is counted once.
// Areas name data paths (`['statuses', 'active', 'count']`); the store alone builds the keys, the items
// and the expressions (every name aliased, so any string is a safe path part).
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { LIST_PATTERN, type EntityModel } from './entity-model.ts';
import { keys } from './keys.ts';
import { entityItem, MAX_TRANSACTION_ITEMS, type StoredEntity } from './unit-of-work.ts';

/** A member of the record's `data`, one name per level: `['statuses', 'active', 'count']`. */
export type DataPath = readonly string[];

export interface Increment {
  path: DataPath;
  /** A finite number; negative counts down. */
  by: number;
}

/** One marker per thing counted: a derived record of its own model, written only if absent, expiring after `ttlSeconds`. */
export interface CountMarkers<M extends Record<string, unknown>> {
  model: EntityModel<M>;
  ids: readonly string[];
  ttlSeconds: number;
  data: (id: string) => M;
}

export interface CountRequest<M extends Record<string, unknown> = Record<string, unknown>> {
  /** ADDed to the record's data (increments of one path are summed). */
  increments: readonly Increment[];
  /** Top-level members of the record's data to SET (e.g. when the last change happened). */
  set?: Readonly<Record<string, unknown>>;
  /** Besides the record's existence: a data member equal to a value, and/or a data member absent. */
  require?: { equals?: { path: DataPath; value: unknown }; absent?: DataPath };
  markers?: CountMarkers<M>;
  /** When (ISO time): the record's `updatedAt`, the markers' creation and the start of their time to live. Default now. */
  at?: string;
}

/**
 * What became of a count. Only `counted` wrote anything (the increments and every marker, together):
 * - `already-counted`: these marker ids were there already (counted before); the rest were not;
 * - `condition-failed`: the record is missing, or the required value or absence did not hold;
 * - `invalid-path`: a path runs through a member the record lacks (add it: `setIfAbsent`);
 * - `conflict`: another transaction held the record or a marker; try again.
 */
export type CountResult =
  | { outcome: 'counted' }
  | { outcome: 'already-counted'; ids: string[] }
  | { outcome: 'condition-failed' }
  | { outcome: 'invalid-path' }
  | { outcome: 'conflict' };

/** A derived record changed in place: never audited (its versions have no entries), never a child item, with no pattern to drift. */
function assertCounter(model: EntityModel): void {
  if (model.audited) {
    throw new Error(
      `${model.type} is an audited model: counters are derived data, changed in place without audit entries; an audited record changes through UnitOfWork.update`,
    );
  }
  if (model.childOf !== undefined) throw new Error(`${model.type} is a child-item model: its items are written through UnitOfWork.child`);
  const patterns = Object.keys(model.patterns).filter((name) => name !== LIST_PATTERN);
  if (patterns.length)
    throw new Error(`${model.type} has access patterns (${patterns.join(', ')}): an in-place count would leave their index attributes behind`);
}

function assertMarkerModel(model: EntityModel): void {
  if (model.audited) throw new Error(`${model.type} is an audited model: count markers are derived data, written without audit entries`);
  if (model.childOf !== undefined) throw new Error(`${model.type} is a child-item model: count markers are records of their own`);
}

function assertPath(path: DataPath, what: string): void {
  if (path.length === 0) throw new Error(`${what}: a data path names at least one member`);
  for (const part of path) if (typeof part !== 'string' || part === '') throw new Error(`${what}: a data path has no empty part (${JSON.stringify(path)})`);
}

const pathKey = (path: DataPath) => JSON.stringify(path);

/** Two paths DynamoDB refuses in one update: the same member, or one inside the other. */
function assertNoOverlap(paths: readonly DataPath[]): void {
  for (const [index, path] of paths.entries()) {
    for (const other of paths.slice(index + 1)) {
      const shorter = path.length <= other.length ? path : other;
      const longer = shorter === path ? other : path;
      if (shorter.every((part, at) => longer[at] === part)) throw new Error(`data paths ${pathKey(path)} and ${pathKey(other)} overlap in one update`);
    }
  }
}

/** Aliases for an expression: every name `#nN`, every value `:vN`. */
class Expression {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private readonly aliases = new Map<string, string>();

  name(part: string): string {
    let alias = this.aliases.get(part);
    if (!alias) {
      alias = `#n${this.aliases.size}`;
      this.aliases.set(part, alias);
      this.names[alias] = part;
    }
    return alias;
  }

  /** A member of the record's data. */
  data(path: DataPath): string {
    return [this.name('data'), ...path.map((part) => this.name(part))].join('.');
  }

  value(value: unknown): string {
    const alias = `:v${Object.keys(this.values).length}`;
    this.values[alias] = value;
    return alias;
  }
}

/** Increments of one path summed, in the order first given. */
function summed(increments: readonly Increment[]): Increment[] {
  const sums = new Map<string, { path: DataPath; by: number }>();
  for (const { path, by } of increments) {
    assertPath(path, 'an increment');
    if (!Number.isFinite(by)) throw new Error(`the increment of ${pathKey(path)} is no finite number`);
    const key = pathKey(path);
    const found = sums.get(key);
    if (found) found.by += by;
    else sums.set(key, { path: [...path], by });
  }
  return [...sums.values()];
}

function markerItems<M extends Record<string, unknown>>(owner: string, markers: CountMarkers<M> | undefined, at: string) {
  if (!markers) return [];
  assertMarkerModel(markers.model);
  if (!Number.isSafeInteger(markers.ttlSeconds) || markers.ttlSeconds <= 0) throw new Error('a marker lives a positive whole number of seconds');
  if (new Set(markers.ids).size !== markers.ids.length) throw new Error(`${markers.model.type}: a count names each marker id once`);
  if (markers.ids.length + 1 > MAX_TRANSACTION_ITEMS) throw new Error(`a count holds at most ${MAX_TRANSACTION_ITEMS - 1} markers`);
  const expiresAt = Math.floor(Date.parse(at) / 1000) + markers.ttlSeconds;
  return markers.ids.map((markerId) => {
    const marker: StoredEntity = { owner, type: markers.model.type, id: markerId, version: 1, createdAt: at, updatedAt: at, data: markers.data(markerId) };
    return { TableName: tableName(), Item: { ...entityItem(markers.model, marker), expiresAt }, ConditionExpression: 'attribute_not_exists(pk)' };
  });
}

/**
 * Counts once: in one TransactWriteItems, ADDs the increments to the record's data (and 1 to its version,
 * with `updatedAt` and the members to set), on condition that the record exists (and meets `require`),
 * and puts one marker per id, each on condition that it is not there yet. Answers what became of it; a
 * refused count writes nothing.
 */
export async function countOnce<M extends Record<string, unknown>>(
  model: EntityModel,
  owner: string,
  id: string,
  request: CountRequest<M>,
): Promise<CountResult> {
  assertCounter(model);
  const at = request.at ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(at))) throw new Error(`not a time: ${at}`);
  const increments = summed(request.increments);
  const sets = Object.entries(request.set ?? {});
  for (const [member, value] of sets) {
    assertPath([member], 'a member to set');
    if (value === undefined) throw new Error(`the member ${member} to set has no value`);
  }
  assertNoOverlap([...increments.map(({ path }) => path), ...sets.map(([member]) => [member])]);

  const expression = new Expression();
  const adds = [
    `${expression.name('version')} ${expression.value(1)}`,
    ...increments.map(({ path, by }) => `${expression.data(path)} ${expression.value(by)}`),
  ];
  const assignments = [
    `${expression.name('updatedAt')} = ${expression.value(at)}`,
    ...sets.map(([member, value]) => `${expression.data([member])} = ${expression.value(value)}`),
  ];
  const conditions = [`attribute_exists(${expression.name('pk')})`];
  const { equals, absent } = request.require ?? {};
  if (equals) {
    assertPath(equals.path, 'a required value');
    conditions.push(`${expression.data(equals.path)} = ${expression.value(equals.value)}`);
  }
  if (absent) {
    assertPath(absent, 'a required absence');
    conditions.push(`attribute_not_exists(${expression.data(absent)})`);
  }
  const markers = markerItems(owner, request.markers, at);
  const command = new TransactWriteCommand({
    TransactItems: [
      {
        Update: {
          TableName: tableName(),
          Key: keys.entity(owner, model.type, id),
          UpdateExpression: `ADD ${adds.join(', ')} SET ${assignments.join(', ')}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: expression.names,
          ExpressionAttributeValues: expression.values,
        },
      },
      ...markers.map((marker) => ({ Put: marker })),
    ],
  });
  try {
    await db().send(command);
    return { outcome: 'counted' };
  } catch (error) {
    // DynamoDB Local refuses an invalid document path outright; DynamoDB cancels the transaction (ValidationError).
    if ((error as Error).name === 'ValidationException') return { outcome: 'invalid-path' };
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    if ((error as Error).name !== 'TransactionCanceledException' || !reasons) throw error;
    const ids = request.markers?.ids ?? [];
    const counted = ids.filter((_, index) => reasons[index + 1]?.Code === 'ConditionalCheckFailed');
    if (counted.length) return { outcome: 'already-counted', ids: counted };
    if (reasons[0]?.Code === 'ConditionalCheckFailed') return { outcome: 'condition-failed' };
    if (reasons[0]?.Code === 'ValidationError') return { outcome: 'invalid-path' };
    if (reasons.some((reason) => reason.Code === 'TransactionConflict')) return { outcome: 'conflict' };
    throw error;
  }
}

/**
 * Sets members of an existing record's data that it lacks (`if_not_exists`), leaving those it has as they
 * are, in one UpdateItem; the version does not move (no figure changes). Answers false if there is no record.
 */
export async function setIfAbsent(model: EntityModel, owner: string, id: string, members: readonly { path: DataPath; value: unknown }[]): Promise<boolean> {
  assertCounter(model);
  if (members.length === 0) return true;
  for (const { path, value } of members) {
    assertPath(path, 'a member to set');
    if (value === undefined) throw new Error(`the member ${pathKey(path)} to set has no value`);
  }
  assertNoOverlap(members.map(({ path }) => path));
  const expression = new Expression();
  const assignments = members.map(({ path, value }) => {
    const member = expression.data(path);
    return `${member} = if_not_exists(${member}, ${expression.value(value)})`;
  });
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.entity(owner, model.type, id),
        UpdateExpression: `SET ${assignments.join(', ')}`,
        ConditionExpression: `attribute_exists(${expression.name('pk')})`,
        ExpressionAttributeNames: expression.names,
        ExpressionAttributeValues: expression.values,
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
