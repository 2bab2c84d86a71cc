// Opaque, tamper-proof list cursors: the last evaluated key, bound to its tenant and list, signed with
// HMAC-SHA256 under a per-tenant secret kept in the tenant's own partition (encrypted at rest by the table key).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { problems } from '@ismf/core/problems';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

const secrets = new Map<string, Buffer>();

/** The secret item of a new tenant, written at onboarding (read-only callers cannot create it later). */
export function cursorSecretItem(owner: string): Record<string, unknown> {
  return { ...keys.config(owner, 'cursor-secret'), kind: 'config', secret: randomBytes(32).toString('base64') };
}

async function cursorSecret(owner: string): Promise<Buffer> {
  const cached = secrets.get(owner);
  if (cached) return cached;
  const key = keys.config(owner, 'cursor-secret');
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  let secret = found.Item?.secret as string | undefined;
  if (!secret) {
    const candidate = randomBytes(32).toString('base64');
    try {
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...key, kind: 'config', secret: candidate },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      secret = candidate;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const again = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
      secret = again.Item?.secret as string;
    }
  }
  const buffer = Buffer.from(secret, 'base64');
  secrets.set(owner, buffer);
  return buffer;
}

function sign(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export async function encodeCursor(owner: string, scope: string, lastKey: Record<string, unknown> | undefined): Promise<string | undefined> {
  if (!lastKey) return undefined;
  const payload = Buffer.from(JSON.stringify({ o: owner, s: scope, k: lastKey })).toString('base64url');
  const mac = sign(await cursorSecret(owner), payload).toString('base64url');
  return `${payload}.${mac}`;
}

const invalidCursor = () => problems.invalid('the cursor is not one this list handed out', [{ path: 'query.cursor', message: 'invalid or tampered cursor' }]);

export async function decodeCursor(owner: string, scope: string, cursor: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (cursor === undefined) return undefined;
  const [payload, mac, extra] = cursor.split('.');
  if (!payload || !mac || extra !== undefined) throw invalidCursor();
  const expected = sign(await cursorSecret(owner), payload);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    o: string;
    s: string;
    k: Record<string, unknown>;
  };
  if (decoded.o !== owner || decoded.s !== scope) throw invalidCursor();
  return decoded.k;
}
