// Idempotent consumers: an event id a consumer has handled is recorded under the tenant's key.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, foundItem } from './batch-get.ts';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

const RETENTION_SECONDS = 8 * 86_400;

export async function alreadyConsumed(owner: string, consumer: string, eventId: string): Promise<boolean> {
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: keys.consumed(owner, consumer, eventId), ConsistentRead: true }));
  return found.Item !== undefined;
}

/** Which of these consumers (e.g. one per notification recipient) have handled the event: one batch read. */
export async function consumedBy(owner: string, consumers: readonly string[], eventId: string): Promise<Set<string>> {
  const found = await batchGet(consumers.map((consumer) => keys.consumed(owner, consumer, eventId)));
  return new Set(consumers.filter((consumer) => foundItem(found, keys.consumed(owner, consumer, eventId))));
}

export async function markConsumed(owner: string, consumer: string, eventId: string, detailType: string): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.consumed(owner, consumer, eventId),
        kind: 'consumed',
        detailType,
        consumedAt: new Date().toISOString(),
        expiresAt: Math.floor(Date.now() / 1000) + RETENTION_SECONDS,
      },
    }),
  );
}
