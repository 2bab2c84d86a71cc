// BatchGetItem in chunks of 100, retrying unprocessed keys: for lookups a handler needs by key.
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import type { ItemKey } from './keys.ts';
import { giveUpAfter, pause, STORE_BACKOFF } from '@ismf/core/backoff';

export async function batchGet(itemKeys: ItemKey[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const unique = [...new Map(itemKeys.map((key) => [`${key.pk}\u0000${key.sk}`, key])).values()];
  const batches: ItemKey[][] = [];
  for (let start = 0; start < unique.length; start += 100) batches.push(unique.slice(start, start + 100));
  let next = 0;
  // A few batches in flight: an import chunk reads thousands of keys.
  const worker = async () => {
    while (next < batches.length) {
      let pending = batches[next++]!;
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > 1) await pause(STORE_BACKOFF, attempt - 1);
        const result = await db().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: true } } }));
        for (const item of result.Responses?.[tableName()] ?? []) found.set(`${item.pk}\u0000${item.sk}`, item);
        pending = (result.UnprocessedKeys?.[tableName()]?.Keys ?? []) as ItemKey[];
        if (pending.length) giveUpAfter(STORE_BACKOFF, attempt, () => `${pending.length} keys of a batch read still unprocessed`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, batches.length) }, worker));
  return found;
}

export function foundItem(found: Map<string, Record<string, unknown>>, key: ItemKey): Record<string, unknown> | undefined {
  return found.get(`${key.pk}\u0000${key.sk}`);
}
