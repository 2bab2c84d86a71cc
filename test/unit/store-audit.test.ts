// The audit trail's verification, straight on the store (shared DynamoDB Local): an entity's chain across
// the window's start, gaps and rewrites inside it, entities put back or changed after it, and the signed
// hourly digests (their hash, their links, the hours they seal). Each case tampers the table directly,
// as someone bypassing the API would, and reads what the verification names.
import { createHmac, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { canonicalJson, digest } from '@ismf/core/canonical';
import { db, tableName } from '@ismf/store/client';
import { sealAuditDigests } from '@ismf/store/audit-digest';
import { listAuditEntries, verifyAudit } from '@ismf/store/audit';
import { entryHash, type AuditEntry } from '@ismf/store/audit-entry';
import type { DigestSigner } from '@ismf/store/digest-signer';
import { entityFromItem } from '@ismf/store/entities';
import { defineEntity } from '@ismf/store/entity-model';
import { keys } from '@ismf/store/keys';
import { auditSaltItem, UnitOfWork, type StoredEntity } from '@ismf/store/unit-of-work';

const DAY = '2025-06-02';
const at = (time: string) => `${DAY}T${time}:00.000Z`;
const TYPE = 'widget';
const ID = '01JDQ8R6Z8W4X3N2K1M0P9Q7RS';
const widgetEntity = defineEntity()({ type: TYPE, description: 'a test record', audited: true });

const sign = (message: Buffer) => createHmac('sha256', 'test-digest-key').update(message).digest('base64');
const signer: DigestSigner = {
  keyId: 'test-hmac',
  algorithm: 'Ed25519',
  sign: async (message) => sign(message),
  verify: async (message, signature, keyId) => keyId === 'test-hmac' && sign(message) === signature,
  // A shared secret has no public half to hand out.
  publicKey: async () => undefined,
};

const newOwner = () => `audit-${randomBytes(5).toString('hex')}`;

/** An entity written at each of these times (10:15, 11:15 …): created, then changed; each state as stored. */
async function widget(owner: string, times: string[]): Promise<StoredEntity[]> {
  const states: StoredEntity[] = [];
  for (const [index, time] of times.entries()) {
    const work = new UnitOfWork({ actor: { userId: 'u-1', roles: ['admin'] }, operation: 'test', reason: `change ${index + 1}`, now: new Date(at(time)) });
    const data = { name: 'w', revision: index + 1 };
    states.push(index === 0 ? work.create(widgetEntity, owner, ID, data) : work.update(widgetEntity, states[index - 1]!, data));
    await work.commit();
  }
  return states;
}

async function item(key: { pk: string; sk: string }): Promise<Record<string, any>> {
  return (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item!;
}
const put = (value: Record<string, unknown>) => db().send(new PutCommand({ TableName: tableName(), Item: value }));
const remove = (key: { pk: string; sk: string }) => db().send(new DeleteCommand({ TableName: tableName(), Key: key }));
const auditKey = (owner: string, seq: number) => keys.audit(owner, TYPE, ID, seq);
const entityKey = (owner: string) => keys.entity(owner, TYPE, ID);

/** The stored image of an entity, as the table held it (for a put-back). */
async function image(owner: string) {
  return item(entityKey(owner));
}

describe('verifying a window of the audit trail', () => {
  it('finds a clean trail valid: every entry, entity and sealed hour checked', async () => {
    const owner = newOwner();
    await widget(owner, ['10:15', '11:15', '12:15']);
    expect(await sealAuditDigests(owner, `${DAY}T10`, signer, new Date(at('13:10')))).toEqual([`${DAY}T10`, `${DAY}T11`, `${DAY}T12`]);
    expect(await verifyAudit(owner, at('10:00'), at('13:00'), signer)).toEqual({
      from: at('10:00'),
      to: at('13:00'),
      valid: true,
      entriesChecked: 3,
      entitiesChecked: 1,
      digestsChecked: 3,
      brokenCount: 0,
    });
  });

  it('follows a chain back across the window’s start, and names a missing or altered entry before it', async () => {
    const owner = newOwner();
    await widget(owner, ['10:15', '11:15']);
    expect(await verifyAudit(owner, at('11:00'), at('12:00'), signer)).toMatchObject({ valid: true, entriesChecked: 1 });

    const first = await item(auditKey(owner, 1));
    await put({ ...first, reason: 'rewritten' });
    expect((await verifyAudit(owner, at('11:00'), at('12:00'), signer)).firstBroken).toMatchObject({
      entity: `${TYPE}:${ID}`,
      seq: 2,
      problem: 'entry 1 before the window was altered',
    });
    await remove(auditKey(owner, 1));
    const report = await verifyAudit(owner, at('11:00'), at('12:00'), signer);
    expect(report).toMatchObject({ valid: false, brokenCount: 1, firstBroken: { seq: 2, at: at('11:15'), problem: 'entry 1 of this entity is missing' } });
  });

  it('names a gap in a chain, and the sealed hour that lost its entry', async () => {
    const owner = newOwner();
    await widget(owner, ['10:15', '11:15', '12:15']);
    await sealAuditDigests(owner, `${DAY}T10`, signer, new Date(at('13:10')));
    await remove(auditKey(owner, 2));
    const report = await verifyAudit(owner, at('10:00'), at('13:00'), signer);
    expect(report).toMatchObject({
      valid: false,
      entriesChecked: 2,
      brokenCount: 2,
      firstBroken: { seq: 3, problem: 'entries 2..2 of this entity are missing' },
      firstBrokenDigest: { hour: `${DAY}T11`, problem: '1 entries sealed in this hour are missing' },
    });
  });

  it('names a first entry that does not start the chain, even with its hash recomputed', async () => {
    const owner = newOwner();
    await widget(owner, ['10:15', '11:15']);
    const first = (await item(auditKey(owner, 1))) as AuditEntry & Record<string, unknown>;
    const rewritten = { ...first, prevHash: 'a'.repeat(64) };
    await put({ ...rewritten, hash: entryHash(rewritten) });
    const report = await verifyAudit(owner, at('10:00'), at('12:00'), signer);
    // It starts no chain; the entry after it links to the hash it had; the entity's head still names entry 2.
    expect(report.firstBroken).toMatchObject({ seq: 1, problem: 'a first entry must start the chain' });
    expect(report.brokenCount).toBe(2);
  });

  it('names an entity put back to an earlier image while its trail goes on after the window', async () => {
    const owner = newOwner();
    await widget(owner, ['10:15']);
    const original = await image(owner);
    await widget2(owner, '11:15');
    await put(original);
    const report = await verifyAudit(owner, at('10:00'), at('10:59'), signer);
    expect(report).toMatchObject({ valid: false, entitiesChecked: 1, brokenCount: 1 });
    expect(report.firstBrokenEntity).toEqual({
      entity: `${TYPE}:${ID}`,
      version: 1,
      problem: 'the entity is at version 1 but its audit trail goes on to entry 2: it was put back or changed outside the audit trail',
    });
  });

  it('checks an entity changed after the window against its later entry: altered, or its audit hash moved', async () => {
    const owner = newOwner();
    const states = await widget(owner, ['10:15', '11:15', '12:15']);
    expect(states.at(-1)!.version).toBe(3);
    expect(await verifyAudit(owner, at('10:00'), at('10:59'), signer)).toMatchObject({ valid: true, entriesChecked: 1, entitiesChecked: 1 });

    const third = await item(auditKey(owner, 3));
    await put({ ...third, reason: 'quietly rewritten' });
    expect((await verifyAudit(owner, at('10:00'), at('10:59'), signer)).firstBrokenEntity).toEqual({
      entity: `${TYPE}:${ID}`,
      version: 3,
      problem: 'its audit entry 3, after the window, was altered: its content does not match its hash',
    });
    await put(third);
    await put({ ...(await image(owner)), auditHash: 'b'.repeat(64) });
    expect((await verifyAudit(owner, at('10:00'), at('10:59'), signer)).firstBrokenEntity).toEqual({
      entity: `${TYPE}:${ID}`,
      version: 3,
      problem: "the entity's audit hash is not the hash of its audit entry 3: it was changed outside the audit trail",
    });
  });

  it('lets a legitimate change after the window pass, and reads the trail page by page', async () => {
    const owner = newOwner();
    await widget(owner, ['10:15', '11:15', '12:15']);
    expect((await verifyAudit(owner, at('11:00'), at('11:30'), signer)).valid).toBe(true);
    const first = await listAuditEntries(owner, TYPE, ID, { limit: 2 });
    expect(first.items.map((entry) => entry.seq)).toEqual([1, 2]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await listAuditEntries(owner, TYPE, ID, { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((entry) => [entry.seq, entry.reason])).toEqual([[3, 'change 3']]);
    expect(second.nextCursor).toBeUndefined();
    expect((await listAuditEntries(owner, TYPE, '01JDQ8R6Z8W4X3N2K1M0P9Q7ZZ', { limit: 5 })).items).toEqual([]);
  });

  it('refuses a window that runs backwards or spans more than 31 days', async () => {
    const owner = newOwner();
    await expect(verifyAudit(owner, at('12:00'), at('11:00'), signer)).rejects.toMatchObject({ status: 400, errors: [{ path: 'query.from' }] });
    await expect(verifyAudit(owner, '2025-05-01T00:00:00.000Z', '2025-06-02T00:00:00.000Z', signer)).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'query.to', message: 'more than 31 days after from' }],
    });
  });
});

describe('verifying the signed hourly digests', () => {
  async function sealed() {
    const owner = newOwner();
    await widget(owner, ['10:15', '11:15', '12:15']);
    await sealAuditDigests(owner, `${DAY}T10`, signer, new Date(at('13:10')));
    return owner;
  }

  it('names a digest whose hash was changed, and the next one that no longer links to it', async () => {
    const owner = await sealed();
    const digest = await item(keys.auditDigest(owner, `${DAY}T11`));
    await put({ ...digest, digestHash: 'c'.repeat(64) });
    const report = await verifyAudit(owner, at('10:00'), at('13:00'), signer);
    expect(report).toMatchObject({
      valid: false,
      digestsChecked: 3,
      brokenCount: 2,
      firstBrokenDigest: { hour: `${DAY}T11`, problem: 'the digest’s hash does not match its content' },
    });
    expect(report.firstBroken).toBeUndefined();
  });

  it('names the hour whose digest is missing from the chain', async () => {
    const owner = await sealed();
    await remove(keys.auditDigest(owner, `${DAY}T11`));
    const report = await verifyAudit(owner, at('10:00'), at('13:00'), signer);
    expect(report).toMatchObject({
      valid: false,
      digestsChecked: 2,
      brokenCount: 1,
      firstBrokenDigest: { hour: `${DAY}T12`, problem: `the digest of hour ${DAY}T11 is missing` },
    });
  });

  it('names a digest rewritten without the key, and an entry that is not the one sealed', async () => {
    const owner = await sealed();
    const digest = await item(keys.auditDigest(owner, `${DAY}T10`));
    await put({ ...digest, count: 0 });
    expect((await verifyAudit(owner, at('10:00'), at('13:00'), signer)).firstBrokenDigest).toEqual({
      hour: `${DAY}T10`,
      problem: 'the digest’s signature does not verify: the digest was rewritten',
    });
    await put(digest);
    // The last entry rewritten with its hash recomputed and the entity's head pointed at it: the chain and
    // the entity agree, but the hash differs from the one the digest of its hour sealed.
    const third = (await item(auditKey(owner, 3))) as AuditEntry & Record<string, unknown>;
    const rewritten = { ...third, reason: 'rewritten' };
    const hash = entryHash(rewritten);
    await put({ ...rewritten, hash });
    await put({ ...(await image(owner)), auditHash: hash });
    const report = await verifyAudit(owner, at('10:00'), at('13:00'), signer);
    expect(report).toMatchObject({ valid: false, brokenCount: 1 });
    expect(report.firstBrokenDigest).toBeUndefined();
    expect(report.firstBrokenEntity).toBeUndefined();
    expect(report.firstBroken).toMatchObject({ seq: 3, problem: `this entry is not the one sealed in the signed digest of hour ${DAY}T12` });
  });
});

/** One more change of the widget, at this time. */
async function widget2(owner: string, time: string) {
  const before = entityFromItem<Record<string, unknown>>(await image(owner));
  const work = new UnitOfWork({ actor: { userId: 'u-1', roles: ['admin'] }, operation: 'test', now: new Date(at(time)) });
  work.update(widgetEntity, before, { ...before.data, revision: before.version + 1 });
  await work.commit();
}

describe('sensitive fields in the trail', () => {
  const personEntity = defineEntity<{ name?: string; email?: string; role: string }>()({
    type: 'person',
    description: 'a test record with personal data',
    audited: true,
    sensitive: ['name', 'email'],
  });
  const write = (time: string) => new UnitOfWork({ actor: { userId: 'u-1', roles: ['admin'] }, operation: 'test', now: new Date(at(time)) });
  const salted = (secret: string, value: unknown) =>
    `hmac-sha256:${createHmac('sha256', Buffer.from(secret, 'base64')).update(canonicalJson(value)).digest('hex')}`;
  const entryOf = (owner: string, seq: number) => item(keys.audit(owner, 'person', ID, seq));
  const saltOf = async (owner: string) => (await item(keys.config(owner, 'audit-salt'))).secret as string;

  it('records salted digests, never values, marks the change, and verifies; the salt is the tenant’s, made on first use', async () => {
    const owner = newOwner();
    const create = write('10:15');
    const v1 = create.create(personEntity, owner, ID, { name: 'Ada Lovelace', email: 'ada@example.org', role: 'staff' });
    await create.commit();
    const change = write('10:20');
    change.update(personEntity, v1, { name: 'Ada King', role: 'auditor' });
    await change.commit();

    const [first, second] = [await entryOf(owner, 1), await entryOf(owner, 2)];
    for (const value of ['Ada Lovelace', 'Ada King', 'ada@example.org']) expect(JSON.stringify([first, second])).not.toContain(value);
    const secret = await saltOf(owner);
    expect(Buffer.from(secret, 'base64')).toHaveLength(32);
    expect(second.changes).toEqual([
      { field: 'email', from: salted(secret, 'ada@example.org'), sensitive: true },
      { field: 'name', from: salted(secret, 'Ada Lovelace'), to: salted(secret, 'Ada King'), sensitive: true },
      { field: 'role', from: 'staff', to: 'auditor' },
    ]);
    expect(second).toMatchObject({ sensitive: ['name', 'email'], afterDigest: digest({ name: salted(secret, 'Ada King'), role: 'auditor' }) });
    expect(second.beforeDigest).toBe(first.afterDigest);
    expect(await verifyAudit(owner, at('10:00'), at('11:00'), signer)).toMatchObject({ valid: true, entriesChecked: 2, entitiesChecked: 1 });

    // Histories name the sensitive fields that changed, without values or digests.
    const history = await listAuditEntries(owner, 'person', ID, { limit: 5 });
    expect(history.items[1]!.changes).toEqual([
      { field: 'email', sensitive: true },
      { field: 'name', sensitive: true },
      { field: 'role', from: 'staff', to: 'auditor' },
    ]);
    expect(history.items[0]!.changes).toBeUndefined();

    // Another tenant's salt is its own: the same value digests differently there.
    const other = newOwner();
    const elsewhere = write('10:15');
    elsewhere.create(personEntity, other, ID, { name: 'Ada Lovelace', role: 'staff' });
    await elsewhere.commit();
    expect((await entryOf(other, 1)).afterDigest).not.toBe(first.afterDigest);
  });

  it('uses the salt a unit of work writes for its tenant (onboarding), and the stored one after', async () => {
    const owner = newOwner();
    const onboard = write('10:15');
    onboard.record(auditSaltItem(owner));
    const v1 = onboard.create(personEntity, owner, ID, { email: 'first@example.org', role: 'admin' });
    await onboard.commit();
    const secret = await saltOf(owner);
    expect((await entryOf(owner, 1)).afterDigest).toBe(digest({ email: salted(secret, 'first@example.org'), role: 'admin' }));
    const later = write('10:30');
    later.update(personEntity, v1, { email: 'first@example.org', role: 'staff' });
    await later.commit();
    expect((await entryOf(owner, 2)).afterDigest).toBe(digest({ email: salted(secret, 'first@example.org'), role: 'staff' }));
    expect(await verifyAudit(owner, at('10:00'), at('11:00'), signer)).toMatchObject({ valid: true, entriesChecked: 2 });
  });

  it('needs no salt while no sensitive value is kept, and names a sensitive value slipped in outside the trail', async () => {
    const owner = newOwner();
    const create = write('10:15');
    create.create(personEntity, owner, ID, { role: 'staff' });
    await create.commit();
    expect(await db().send(new GetCommand({ TableName: tableName(), Key: keys.config(owner, 'audit-salt'), ConsistentRead: true }))).not.toHaveProperty('Item');
    expect(await verifyAudit(owner, at('10:00'), at('11:00'), signer)).toMatchObject({ valid: true, entitiesChecked: 1 });
    const head = await item(keys.entity(owner, 'person', ID));
    await put({ ...head, data: { ...head.data, name: 'Eve' } });
    expect((await verifyAudit(owner, at('10:00'), at('11:00'), signer)).firstBrokenEntity).toEqual({
      entity: `person:${ID}`,
      version: 1,
      problem: "the tenant's audit salt is missing: the entity's sensitive fields cannot be checked",
    });
  });

  it('catches a sensitive value changed outside the trail', async () => {
    const owner = newOwner();
    const create = write('10:15');
    create.create(personEntity, owner, ID, { name: 'Ada', role: 'staff' });
    await create.commit();
    const head = await item(keys.entity(owner, 'person', ID));
    await put({ ...head, data: { ...head.data, name: 'Eve' } });
    expect((await verifyAudit(owner, at('10:00'), at('11:00'), signer)).firstBrokenEntity).toEqual({
      entity: `person:${ID}`,
      version: 1,
      problem: "the entity's data does not match the after-digest of its audit entry 1: it was changed outside the audit trail",
    });
  });
});
