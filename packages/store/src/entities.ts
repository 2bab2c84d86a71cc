// Reading entities: by key, or a page of one type's list through GSI1. Only keys.ts knows the keys.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { problems } from '@ismf/core/problems';
import { db, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { keys } from './keys.ts';
import type { StoredEntity } from './unit-of-work.ts';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export function entityFromItem<T>(item: Record<string, unknown>): StoredEntity<T> {
  return {
    owner: item.owner as string,
    type: item.type as string,
    id: item.id as string,
    version: item.version as number,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    auditHash: item.auditHash as string,
    data: item.data as T,
  };
}

export async function getEntity<T>(owner: string, type: string, id: string): Promise<StoredEntity<T> | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: keys.entity(owner, type, id), ConsistentRead: true }));
  return result.Item ? entityFromItem<T>(result.Item) : undefined;
}

/** Reads an entity of the caller's tenant; another tenant's entity cannot even be addressed, so it is a 404. */
export async function requireEntity<T>(owner: string, type: string, id: string, what: string): Promise<StoredEntity<T>> {
  const entity = await getEntity<T>(owner, type, id);
  if (!entity) throw problems.notFound(what);
  return entity;
}

export async function listEntities<T>(owner: string, type: string, page: PageRequest): Promise<Page<StoredEntity<T>>> {
  const scope = `entities:${type}`;
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.entityList(owner, type) },
      Limit: page.limit,
      ExclusiveStartKey: await decodeCursor(owner, scope, page.cursor),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => entityFromItem<T>(item)),
    nextCursor: await encodeCursor(owner, scope, result.LastEvaluatedKey),
  };
}

/** What the API shows of an entity: its id, its data, and the version that a PATCH must name in If-Match. */
export function entityView<T extends object>(entity: StoredEntity<T>): { id: string; version: number; createdAt: string; updatedAt: string } & T {
  return { id: entity.id, ...entity.data, version: entity.version, createdAt: entity.createdAt, updatedAt: entity.updatedAt };
}
