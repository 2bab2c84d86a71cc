// BatchWriteItem in chunks of 25, retrying unprocessed items: for bulk child items (SBOM components).
import { BatchWriteCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '@ismf/core/canonical';
import { db, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Page, PageRequest } from './entities.ts';
import { indexAttributes, partitionKey, sortValue, type EntityModel } from './entity-model.ts';
import { keys, type ItemKey } from './keys.ts';
import { batchGet, foundItem } from './batch-get.ts';
import { giveUpAfter, pause, STORE_BACKOFF } from '@ismf/core/backoff';

type Request = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: ItemKey } };

/** Batches in flight at once: the engine serves them in parallel (a bulk import writes near its rate). */
const BATCHES_IN_FLIGHT = 4;

async function writeBatch(batch: Request[]): Promise<void> {
  let pending = batch;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 1) await pause(STORE_BACKOFF, attempt - 1);
    const result = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending as never } }));
    pending = (result.UnprocessedItems?.[tableName()] ?? []) as Request[];
    if (pending.length) giveUpAfter(STORE_BACKOFF, attempt, () => `${pending.length} items of a batch write still unprocessed`);
  }
}

async function batchWrite(requests: Request[]): Promise<void> {
  const batches: Request[][] = [];
  for (let start = 0; start < requests.length; start += 25) batches.push(requests.slice(start, start + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) await writeBatch(batches[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(BATCHES_IN_FLIGHT, batches.length) }, worker));
}

export function putItems(items: Record<string, unknown>[]): Promise<void> {
  return batchWrite(items.map((Item) => ({ PutRequest: { Item } })));
}

export function deleteItems(keys: ItemKey[]): Promise<void> {
  return batchWrite(keys.map((Key) => ({ DeleteRequest: { Key } })));
}

/** Deletes every item of a partition whose sort key begins with the prefix. */
export async function deleteByPrefix(pk: string, prefix: string): Promise<void> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ProjectionExpression: 'pk, sk',
        ExclusiveStartKey: start,
      }),
    );
    await batchWrite((page.Items ?? []).map((item) => ({ DeleteRequest: { Key: { pk: item.pk as string, sk: item.sk as string } } })));
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Attributes a child item's own data may not carry: its keys, its kind, its set and index attributes. */
const RESERVED = /^(pk|sk|kind|setId|index|gsi\d+(pk|sk))$/;

function parentOf(model: EntityModel): string {
  if (!model.childOf) throw new Error(`${model.type} is no child-item model`);
  return model.childOf;
}

/**
 * Writes a set of child items of one entity (an SBOM's components): each under the entity's partition,
 * with its set id and index, indexed by the child model's patterns. The set is the entity's once the
 * entity names it; deleteChildSet removes a set that was replaced or never named.
 */
export async function putChildSet(
  model: EntityModel,
  owner: string,
  parentId: string,
  setId: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  await putChildSetItems(
    model,
    owner,
    parentId,
    setId,
    items.map((attributes, index) => ({ index, attributes })),
  );
}

/** Writes child items of a set at the given places: a set's items rewritten in place (a VEX statement added to some). */
export async function putChildSetItems(
  model: EntityModel,
  owner: string,
  parentId: string,
  setId: string,
  items: readonly { index: number; attributes: Record<string, unknown> }[],
): Promise<void> {
  const parent = parentOf(model);
  await putItems(
    items.map(({ index, attributes }) => {
      const reserved = Object.keys(attributes).filter((name) => RESERVED.test(name));
      if (reserved.length) throw new Error(`${model.type}: ${reserved.join(', ')} is the store's own attribute`);
      const record = { ...attributes, setId, index };
      return { ...keys.childItem(owner, parent, parentId, model.type, setId, index), kind: model.type, ...record, ...indexAttributes(model, owner, record) };
    }),
  );
}

export async function deleteChildSet(model: EntityModel, owner: string, parentId: string, setId: string): Promise<void> {
  await deleteByPrefix(keys.entity(owner, parentOf(model), parentId).pk, keys.childSetPrefix(model.type, setId));
}

/** Reads per page at most, as a pattern's pages: a page with a selective filter stops here and hands out a cursor. */
const MAX_CHILD_READS_PER_PAGE = 20;
/** A child item's own attributes: the store's (keys, kind, index attributes) left out. */
const STORE_ATTRIBUTE = /^(pk|sk|kind|gsi\d+(pk|sk))$/;

/**
 * One page of a child set (an SBOM's components) in its order, with a signed cursor bound to the tenant, the
 * parent, the set and the filter: a cursor of a set since replaced is refused. `where` keeps the items whose
 * own attributes equal the given values (applied after the read; a page reads on until it is full).
 */
export async function childSetPage(
  model: EntityModel,
  owner: string,
  parentId: string,
  setId: string,
  options: { where?: Readonly<Record<string, string | number | boolean>>; page: PageRequest },
): Promise<Page<Record<string, unknown>>> {
  const parent = parentOf(model);
  const { where = {}, page } = options;
  const scope = `childset:${model.type}:${parent}:${parentId}:${setId}:${canonicalJson(where)}`;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': keys.entity(owner, parent, parentId).pk, ':set': keys.childSetPrefix(model.type, setId) };
  const filters = Object.entries(where).map(([field, value], at) => {
    names[`#f${at}`] = field;
    values[`:f${at}`] = value;
    return `#f${at} = :f${at}`;
  });
  const input: QueryCommandInput = {
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :set)',
    ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  };
  const items: Record<string, unknown>[] = [];
  let start = await decodeCursor(owner, scope, page.cursor);
  let reads = 0;
  do {
    const result = await db().send(new QueryCommand({ ...input, Limit: page.limit - items.length, ExclusiveStartKey: start }));
    for (const item of result.Items ?? []) items.push(Object.fromEntries(Object.entries(item).filter(([name]) => !STORE_ATTRIBUTE.test(name))));
    start = result.LastEvaluatedKey;
    reads++;
  } while (start && items.length < page.limit && reads < MAX_CHILD_READS_PER_PAGE);
  return { items, nextCursor: await encodeCursor(owner, scope, start) };
}

/** The keyed child items of one entity (a change request's affected assets): the prefix of their sort keys. */
const keyedChildPrefix = (model: EntityModel, owner: string, parentId: string) => keys.keyedChild(owner, parentOf(model), parentId, model.type, '').sk;

/**
 * Rewrites keyed child items of one entity in bulk (BatchWriteItem, not in the entity's transaction): for
 * derived values the entity itself holds too (a change window copied onto each affected asset), where a later
 * write of the entity writes them all again.
 */
export async function putKeyedChildren(
  model: EntityModel,
  owner: string,
  parentId: string,
  records: readonly { key: string; record: Record<string, unknown> }[],
) {
  const parent = parentOf(model);
  await putItems(
    records.map(({ key, record }) => ({
      ...keys.keyedChild(owner, parent, parentId, model.type, key),
      kind: model.type,
      data: record,
      ...indexAttributes(model, owner, record),
    })),
  );
}

/** One page of an entity's keyed child items in key order, their data only, with a cursor bound to the tenant and the parent. */
export async function keyedChildPage<T>(model: EntityModel, owner: string, parentId: string, page: PageRequest): Promise<Page<T>> {
  const parent = parentOf(model);
  const scope = `keyed:${model.type}:${parent}:${parentId}`;
  const input: QueryCommandInput = {
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.entity(owner, parent, parentId).pk, ':prefix': keyedChildPrefix(model, owner, parentId) },
  };
  const items: T[] = [];
  let start = await decodeCursor(owner, scope, page.cursor);
  do {
    const result = await db().send(new QueryCommand({ ...input, Limit: page.limit - items.length, ExclusiveStartKey: start }));
    items.push(...(result.Items ?? []).map((item) => item.data as T));
    start = result.LastEvaluatedKey;
  } while (start && items.length < page.limit);
  return { items, nextCursor: await encodeCursor(owner, scope, start) };
}

/** Every keyed child item of an entity, their data only (a bounded set the caller needs whole). */
export async function keyedChildren<T>(model: EntityModel, owner: string, parentId: string): Promise<T[]> {
  const parent = parentOf(model);
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.entity(owner, parent, parentId).pk, ':prefix': keyedChildPrefix(model, owner, parentId) },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(result.Items ?? []).map((item) => item.data as T));
    start = result.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Which of these keyed child items of an entity exist: one BatchGetItem per 100 keys. */
export async function existingKeyedChildren(model: EntityModel, owner: string, parentId: string, childKeys: readonly string[]): Promise<Set<string>> {
  const parent = parentOf(model);
  const found = await batchGet(childKeys.map((key) => keys.keyedChild(owner, parent, parentId, model.type, key)));
  return new Set(childKeys.filter((key) => foundItem(found, keys.keyedChild(owner, parent, parentId, model.type, key))));
}

/**
 * Every child item on one partition of a child model's pattern (the components of a package across a
 * tenant's assets), their own attributes: a keyed child's data, a set item's attributes. `from` bounds
 * the leading sort value from below. Answers the requests it took, so that a caller can show its cost
 * grows with what it asks, not with the table.
 */
export async function childItemsOn(
  model: EntityModel,
  name: string,
  owner: string,
  values: Readonly<Record<string, unknown>>,
  options: { from?: Readonly<Record<string, string | number>> } = {},
): Promise<{ items: Record<string, unknown>[]; requests: number }> {
  parentOf(model);
  const pattern = model.patterns[name];
  if (!pattern) throw new Error(`${model.type} has no access pattern ${name}`);
  const attribute = pattern.index.toLowerCase();
  const bindings: Record<string, unknown> = { ':pk': partitionKey(pattern, owner, values) };
  let condition = `${attribute}pk = :pk`;
  if (options.from) {
    const fields = Object.keys(options.from);
    if (fields.some((field, index) => pattern.sort[index] !== field)) throw new Error(`${model.type}.${name} is sorted by ${pattern.sort.join(', ')}`);
    bindings[':from'] = sortValue(pattern, options.from, fields);
    condition += ` AND ${attribute}sk >= :from`;
  }
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  let requests = 0;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: pattern.index,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: bindings,
        ExclusiveStartKey: start,
      }),
    );
    requests++;
    for (const item of page.Items ?? []) {
      items.push(
        item.data !== undefined
          ? (item.data as Record<string, unknown>)
          : Object.fromEntries(Object.entries(item).filter(([field]) => !STORE_ATTRIBUTE.test(field))),
      );
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { items, requests };
}

/** Deletes keyed child items of one entity by key (those a rewrite no longer has). */
export async function deleteKeyedChildren(model: EntityModel, owner: string, parentId: string, childKeys: readonly string[]): Promise<void> {
  const parent = parentOf(model);
  await deleteItems(childKeys.map((key) => keys.keyedChild(owner, parent, parentId, model.type, key)));
}
