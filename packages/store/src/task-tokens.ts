// The task token of a human task, kept in its own item beside the task: no view, list or audit entry
// of the task can show it. A retried open renews it.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

export async function putTaskToken(owner: string, type: string, id: string, token: string): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...keys.taskToken(owner, type, id), kind: 'task-token', token } }));
}

export async function readTaskToken(owner: string, type: string, id: string): Promise<string | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: keys.taskToken(owner, type, id), ConsistentRead: true }));
  return result.Item?.token as string | undefined;
}

export function taskTokenItem(owner: string, type: string, id: string, token: string): Record<string, unknown> {
  return { ...keys.taskToken(owner, type, id), kind: 'task-token', token };
}
