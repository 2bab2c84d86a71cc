// Looking up who holds a unique value (e.g. which user has an e-mail address in a tenant).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, foundItem } from './batch-get.ts';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

export async function uniqueHolder(owner: string, name: string, value: string): Promise<string | undefined> {
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: keys.unique(owner, name, value), ConsistentRead: true }));
  return found.Item?.holder as string | undefined;
}

/** Who holds each of many values of one unique name (an import's external ids), in batches of 100. */
export async function uniqueHolders(owner: string, name: string, values: readonly string[]): Promise<Map<string, string>> {
  const found = await batchGet(values.map((value) => keys.unique(owner, name, value)));
  const holders = new Map<string, string>();
  for (const value of values) {
    const holder = foundItem(found, keys.unique(owner, name, value))?.holder;
    if (typeof holder === 'string') holders.set(value, holder);
  }
  return holders;
}
