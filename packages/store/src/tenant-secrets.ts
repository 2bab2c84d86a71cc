// Per-tenant secrets kept in the tenant's own partition (encrypted at rest by the table key): the cursor
// signing secret and the audit salt. Each is written at onboarding, and created on first use if missing
// (a tenant onboarded before the secret existed); two first uses that race keep the one written first.
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

const cache = new Map<string, Buffer>();
const cacheKey = (owner: string, name: string) => `${owner}\u0000${name}`;

/** A new secret's item, for a transaction that onboards the tenant. */
export function tenantSecretItem(owner: string, name: string, kind = 'config'): Record<string, unknown> {
  return { ...keys.config(owner, name), kind, secret: randomBytes(32).toString('base64') };
}

async function read(owner: string, name: string): Promise<string | undefined> {
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: keys.config(owner, name), ConsistentRead: true }));
  return found.Item?.secret as string | undefined;
}

/**
 * The tenant's secret of this name. `create`: made now if missing (callers that may write); otherwise a
 * missing secret is `undefined` (read-only callers cannot create it).
 */
export async function tenantSecret(owner: string, name: string, options: { create: boolean; kind?: string }): Promise<Buffer | undefined> {
  const cached = cache.get(cacheKey(owner, name));
  if (cached) return cached;
  let secret = await read(owner, name);
  if (!secret && options.create) {
    const item = tenantSecretItem(owner, name, options.kind);
    try {
      await db().send(new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      secret = item.secret as string;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      secret = await read(owner, name);
    }
  }
  if (!secret) return undefined;
  const buffer = Buffer.from(secret, 'base64');
  cache.set(cacheKey(owner, name), buffer);
  return buffer;
}
