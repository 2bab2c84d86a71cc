// The local bus's dead-letter store: events a consumer still failed on after its retries, kept under
// the platform id until they are replayed.
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query.ts';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

export interface DeadLetter {
  id: string;
  route: string;
  consumer: string;
  event: Record<string, unknown>;
  error: string;
  attempts: number;
  failedAt: string;
}

export async function putDeadLetter(letter: DeadLetter): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...keys.deadLetter(letter.id), kind: 'dead-letter', ...letter } }));
}

export async function listDeadLetters(): Promise<DeadLetter[]> {
  const items = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.deadLetters() } });
  return items.map(({ pk: _pk, sk: _sk, kind: _kind, ...letter }) => letter as unknown as DeadLetter);
}

export async function getDeadLetter(id: string): Promise<DeadLetter | undefined> {
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: keys.deadLetter(id), ConsistentRead: true }));
  if (!found.Item) return undefined;
  const { pk: _pk, sk: _sk, kind: _kind, ...letter } = found.Item;
  return letter as DeadLetter;
}

export async function deleteDeadLetter(id: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.deadLetter(id) }));
}
