// List cursors are opaque and bound to their tenant and list: a cursor of another list or tenant, or a
// tampered one, is refused as the client's mistake (400 naming query.cursor). And the local digest key,
// kept in a key folder, signs the same across restarts.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '@ismf/store/client';
import { decodeCursor, encodeCursor } from '@ismf/store/cursor';
import { localDigestSigner } from '@ismf/store/digest-signer';
import { keys } from '@ismf/store/keys';

const owner = () => `cur-${randomBytes(5).toString('hex')}`;
const lastKey = { pk: 'x#user#1', sk: '#META', gsi1pk: 'x#user', gsi1sk: '1' };

describe('list cursors', () => {
  it('round-trip the last key for the same tenant and list, and are absent at the end of a list', async () => {
    const tenant = owner();
    const cursor = await encodeCursor(tenant, 'entities:user', lastKey);
    expect(cursor).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(await decodeCursor(tenant, 'entities:user', cursor)).toEqual(lastKey);
    expect(await encodeCursor(tenant, 'entities:user', undefined)).toBeUndefined();
    expect(await decodeCursor(tenant, 'entities:user', undefined)).toBeUndefined();
  });

  it('refuse a cursor of another list, of another tenant, or tampered with', async () => {
    const [tenant, other] = [owner(), owner()];
    const cursor = (await encodeCursor(tenant, 'entities:user', lastKey))!;
    const refused = { status: 400, errors: [{ path: 'query.cursor', message: 'invalid or tampered cursor' }] };
    await expect(decodeCursor(tenant, 'entities:asset', cursor)).rejects.toMatchObject(refused);
    await expect(decodeCursor(other, 'entities:user', cursor)).rejects.toMatchObject(refused);
    const [payload, mac] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify({ o: tenant, s: 'entities:user', k: { ...lastKey, pk: 'y#user#1' } })).toString('base64url');
    await expect(decodeCursor(tenant, 'entities:user', `${forged}.${mac}`)).rejects.toMatchObject(refused);
    for (const broken of [payload!, `${cursor}.x`, `.${mac}`, 'abc'])
      await expect(decodeCursor(tenant, 'entities:user', broken), broken).rejects.toMatchObject(refused);
  });

  it('keep one secret per tenant, even when two first lists race to create it', async () => {
    const tenant = owner();
    const [a, b] = await Promise.all([encodeCursor(tenant, 'entities:user', lastKey), encodeCursor(tenant, 'entities:user', lastKey)]);
    expect(a).toBe(b);
    const stored = await db().send(new GetCommand({ TableName: tableName(), Key: keys.config(tenant, 'cursor-secret'), ConsistentRead: true }));
    expect(Buffer.from(stored.Item!.secret as string, 'base64')).toHaveLength(32);
  });
});

describe('the local digest signer', () => {
  it('keeps its key in the key folder (owner-only), so that a restart signs and verifies with the same key', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ismf-keys-'));
    try {
      const keyFolder = join(folder, 'keys');
      const first = localDigestSigner(keyFolder);
      expect(statSync(join(keyFolder, 'digest-signing-key.pem')).mode & 0o777).toBe(0o600);
      const again = localDigestSigner(keyFolder);
      expect(again.keyId).toBe(first.keyId);
      expect(first.keyId).toMatch(/^local-ed25519:[0-9a-f]{16}$/);
      const message = Buffer.from('hour 2026-11-29T10');
      const signature = await first.sign(message);
      expect(await again.verify(message, signature, first.keyId, 'Ed25519')).toBe(true);
      expect(await again.verify(Buffer.from('another hour'), signature, first.keyId, 'Ed25519')).toBe(false);
      expect(await again.verify(message, signature, first.keyId, 'ECDSA_SHA_256')).toBe(false);
      // A key held only in memory is another key.
      const ephemeral = localDigestSigner();
      expect(ephemeral.keyId).not.toBe(first.keyId);
      expect(await ephemeral.verify(message, signature, first.keyId, 'Ed25519')).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
