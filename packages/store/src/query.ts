// Every page of a query, for the bounded sets a caller needs whole (dead letters, schedules, an hour's entries).
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { IndexName } from '@ismf/core/access';
import { db, tableName } from './client.ts';

export async function queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Every item of one index partition, or only those whose sort key is below (`before`) or up to (`upTo`) a
 * value: for the store's own records (digest lines). Entities are read through their patterns (entities.ts).
 */
export function queryIndex(index: IndexName, pk: string, range: { before?: string; upTo?: string } = {}): Promise<Record<string, unknown>[]> {
  const name = index.toLowerCase();
  const bound = range.before !== undefined ? { op: '<', value: range.before } : range.upTo !== undefined ? { op: '<=', value: range.upTo } : undefined;
  return queryAll({
    TableName: tableName(),
    IndexName: index,
    KeyConditionExpression: bound ? `${name}pk = :pk AND ${name}sk ${bound.op} :bound` : `${name}pk = :pk`,
    ExpressionAttributeValues: { ':pk': pk, ...(bound ? { ':bound': bound.value } : {}) },
  });
}
