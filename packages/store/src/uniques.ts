// Looking up who holds a unique value (e.g. which user has an e-mail address in a tenant).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

export async function uniqueHolder(owner: string, name: string, value: string): Promise<string | undefined> {
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: keys.unique(owner, name, value), ConsistentRead: true }));
  return found.Item?.holder as string | undefined;
}
