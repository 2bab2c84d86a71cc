// BatchWriteItem in chunks of 25, retrying unprocessed items: for bulk child items (SBOM components).
import { BatchWriteCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '@ismf/core/canonical';
import { db, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Page, PageRequest } from './entities.ts';
import { indexAttributes, type EntityModel } from './entity-model.ts';
import { keys, type ItemKey } from './keys.ts';
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
  const parent = parentOf(model);
  await putItems(
    items.map((attributes, index) => {
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
