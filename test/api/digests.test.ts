// Signed hourly audit digests: a schedule run seals each tenant's hours; verification checks the
// signatures, and a rewrite that also recomputes the digest is still caught by its signature.
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { entryHash } from '@ismf/store/audit-entry';
import { digestsBetween, entriesDigestOf, hourOf, signedMessage } from '@ismf/store/audit-digest';
import { db, tableName } from '@ismf/store/client';
import { sha256Hex } from '@ismf/core/canonical';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
beforeAll(async () => {
  api = await startApi({ events: true });
});
afterAll(() => api.close());

const HOUR = 3_600_000;

/** Runs the job as the scheduler would two hours from now, when the current hour is complete. */
async function runSealJobLater() {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 2 * HOUR);
  try {
    return await api.call('POST', '/_local/schedules/seal-audit-digest', { token: api.operator });
  } finally {
    vi.useRealTimers();
  }
}

function windowOfThisHour() {
  const hour = hourOf(new Date());
  const from = `${hour}:00:00.000Z`;
  const to = new Date(Date.parse(from) + HOUR - 1).toISOString();
  return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
}

describe('signed audit digests', () => {
  it('a schedule run seals the hours of every scheduled tenant and of no other', async () => {
    const a = await api.newTenant('dig-a');
    const b = await api.newTenant('dig-b');
    const c = await api.newTenant('dig-c');
    await api.relay!.drain();
    await api.call('POST', `/tenants/${c.tenantId}/disablement`, { token: api.operator, body: { reason: 'left' } });
    await api.relay!.drain();

    const run = await runSealJobLater();
    expect(run.status).toBe(200);
    const runs = run.body.runs as { tenantId: string; ok: boolean; result: { sealed: string[] } }[];
    const mine = runs.filter((entry) => [a.tenantId, b.tenantId, c.tenantId].includes(entry.tenantId));
    expect(mine.map((entry) => entry.tenantId).sort()).toEqual([a.tenantId, b.tenantId].sort());
    for (const entry of mine) {
      expect(entry.ok).toBe(true);
      expect(entry.result.sealed).toContain(hourOf(new Date()));
    }
    const hour = hourOf(new Date());
    expect(await digestsBetween(a.tenantId, hour, hour)).toHaveLength(1);
    expect(await digestsBetween(c.tenantId, hour, hour)).toHaveLength(0);

    const report = await api.call('GET', `/audit/verify?${windowOfThisHour()}`, { token: a.adminToken });
    expect(report.body).toMatchObject({ valid: true, digestsChecked: 1, brokenCount: 0 });
    // A second run finds nothing new to seal.
    const again = await runSealJobLater();
    const second = (again.body.runs as { tenantId: string; result: { sealed: string[] } }[]).find((entry) => entry.tenantId === a.tenantId)!;
    expect(second.result.sealed).not.toContain(hour);
  });

  it('catches a consistent rewrite of the chain by the digest, and a recomputed digest by its signature', async () => {
    const t = await api.newTenant('dig-t');
    await api.relay!.drain();
    const user = (await api.call('POST', '/users', { token: t.adminToken, body: { email: 'x@dig.example', displayName: 'Test Person', roles: ['staff'] } }))
      .body;
    await api.call('PATCH', `/users/${user.id}`, { token: t.adminToken, body: { roles: ['auditor'] }, headers: { 'if-match': '"1"' } });
    await runSealJobLater();
    const hour = hourOf(new Date());

    // Rewrite the user's last entry with a fresh hash, and the entity's head to match: the chains agree.
    const pk = `${t.tenantId}#user#${user.id}`;
    const entries = (
      await db().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
          ExpressionAttributeValues: { ':pk': pk, ':a': 'AUDIT#' },
        }),
      )
    ).Items!;
    const last = { ...entries[1]!, reason: 'quietly rewritten' } as Record<string, unknown>;
    last.hash = entryHash(last as never);
    await db().send(new PutCommand({ TableName: tableName(), Item: last }));
    const head = (await db().send(new GetCommand({ TableName: tableName(), Key: { pk, sk: '#META' } }))).Item!;
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...head, auditHash: last.hash } }));

    const caught = await api.call('GET', `/audit/verify?${windowOfThisHour()}`, { token: t.adminToken });
    expect(caught.body.valid).toBe(false);
    expect(caught.body.firstBroken).toMatchObject({ entryId: last.entryId });
    expect(caught.body.firstBroken.problem).toContain('sealed');

    // Now also recompute the digest over the rewritten entries: only the signature can tell.
    const digestKey = { pk: `${t.tenantId}#AUDITDIGEST`, sk: hour };
    const digest = (await db().send(new GetCommand({ TableName: tableName(), Key: digestKey }))).Item!;
    const hourEntries = (
      await db().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: 'GSI2',
          KeyConditionExpression: 'gsi2pk = :d',
          ExpressionAttributeValues: { ':d': `${t.tenantId}#AUDIT#${hour.slice(0, 10)}` },
        }),
      )
    ).Items!.filter((item) => (item.at as string).startsWith(hour));
    const hashes = hourEntries.map((item) => item.hash as string);
    const forged = { ...digest, entriesDigest: entriesDigestOf(hashes), count: hashes.length } as Record<string, unknown>;
    forged.digestHash = sha256Hex(signedMessage(forged as never));
    await db().send(new PutCommand({ TableName: tableName(), Item: forged }));
    await db().send(
      new PutCommand({ TableName: tableName(), Item: { pk: `${t.tenantId}#AUDITDIGEST#${hour}`, sk: 'P0000', kind: 'audit-digest-part', hashes } }),
    );

    const signatureCaught = await api.call('GET', `/audit/verify?${windowOfThisHour()}`, { token: t.adminToken });
    expect(signatureCaught.body.valid).toBe(false);
    expect(signatureCaught.body.firstBrokenDigest).toMatchObject({ hour });
    expect(signatureCaught.body.firstBrokenDigest.problem).toContain('signature');
  });
});
