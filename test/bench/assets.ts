// Asset figures: bulk import of many assets through the local HTTP API as a rate and as a fraction of
// the raw BatchWrite rate of the same DynamoDB Local, and the first page of GET /assets with few and
// with very many assets in the tenant (the many seeded by BatchWrite).
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '@ismf/core/ids';
import { db, tableName } from '@ismf/store/client';
import { keys } from '@ismf/store/keys';

function assetItem(tenantId: string, owner: string, n: number) {
  const id = newId();
  const data = {
    name: `Seeded ${n}`,
    type: 'physical',
    owner,
    classification: 'internal',
    confidentiality: 2,
    integrity: 2,
    availability: 2,
    importance: 2,
    importanceName: 'low',
    nextReviewDue: '2027-11-29',
    // The lifecycle's status: GET /assets lists active assets unless asked.
    status: 'active',
  };
  return {
    ...keys.entity(tenantId, 'asset', id),
    kind: 'entity',
    gsi1pk: keys.entityList(tenantId, 'asset'),
    gsi1sk: id,
    owner: tenantId,
    type: 'asset',
    id,
    version: 1,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    auditHash: '0'.repeat(64),
    data,
  };
}

/** Raw BatchWrite of items, four writers at once: what the engine allows. */
async function batchWriteAll(items: Record<string, unknown>[]): Promise<number> {
  const started = performance.now();
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  const writer = async () => {
    while (next < chunks.length) {
      let pending = chunks[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const result = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
        pending = (result.UnprocessedItems?.[tableName()] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
  return items.length / ((performance.now() - started) / 1000);
}

/** Seeds a tenant's register by raw BatchWrite: answers items per second. */
export function seedAssets(tenantId: string, owner: string, count: number): Promise<number> {
  return batchWriteAll(Array.from({ length: count }, (_, n) => assetItem(tenantId, owner, n)));
}

/** A raw Query of the first page of a tenant's asset list (GSI1): what a list can cost at the least. */
export async function rawFirstPage(tenantId: string, limit: number): Promise<number> {
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.entityList(tenantId, 'asset') },
      Limit: limit,
    }),
  );
  return result.Items?.length ?? 0;
}
