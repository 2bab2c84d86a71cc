// Opaque, tamper-proof list cursors: the last evaluated key, bound to its tenant and list, signed with
// HMAC-SHA256 under a per-tenant secret kept in the tenant's own partition (encrypted at rest by the table key).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { problems } from '@ismf/core/problems';
import { tenantSecret, tenantSecretItem } from './tenant-secrets.ts';

const CURSOR_SECRET = 'cursor-secret';

/** The secret item of a new tenant, written at onboarding (read-only callers cannot create it later). */
export function cursorSecretItem(owner: string): Record<string, unknown> {
  return tenantSecretItem(owner, CURSOR_SECRET);
}

async function cursorSecret(owner: string): Promise<Buffer> {
  return (await tenantSecret(owner, CURSOR_SECRET, { create: true }))!;
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

/** The one refusal of a list cursor the list did not hand out (the store's own, and those of fixed lists). */
export const invalidCursor = () =>
  problems.invalid('the cursor is not one this list handed out', [{ path: 'query.cursor', message: 'invalid or tampered cursor' }]);

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
