// BatchWriteItem in chunks of 25, retrying unprocessed items: for bulk child items (SBOM components).
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { indexAttributes, type EntityModel } from './entity-model.ts';
import { keys, type ItemKey } from './keys.ts';

type Request = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: ItemKey } };

async function batchWrite(requests: Request[]): Promise<void> {
  for (let start = 0; start < requests.length; start += 25) {
    let pending = requests.slice(start, start + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const result = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending as never } }));
      pending = (result.UnprocessedItems?.[tableName()] ?? []) as Request[];
    }
  }
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
