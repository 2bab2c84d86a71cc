// BatchWriteItem in chunks of 25, retrying unprocessed items: for bulk child items (SBOM components).
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import type { ItemKey } from './keys.ts';

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
