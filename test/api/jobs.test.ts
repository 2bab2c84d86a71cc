// The bulk-job machinery, as users meet it: who may start and see a job, refusals that name the field,
// one running import per tenant (the next waits its turn), cancellation at the next chunk, and a job
// whose execution died (a restart of the local runtime) going on from its cursor, every row written once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { continueInterruptedJobs } from '@ismf/jobs/stalled';
import { db, tableName } from '@ismf/store/client';
import { keys } from '@ismf/store/keys';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { jobEnded, startJob } from '../support/jobs.ts';

process.env.ISMF_JOB_CHUNK_ROWS = '300';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let officer: string;
let auditor: string;
let owner: string;
beforeAll(async () => {
  api = await startApi({ events: true });
  tenant = await api.newTenant('jobs');
  api.relay!.start();
  officer = await api.tokenFor(tenant.tenantId, `officer@${tenant.tenantId}.example`, ['security-officer']);
  auditor = await api.tokenFor(tenant.tenantId, `auditor@${tenant.tenantId}.example`, ['auditor']);
  owner = await api.tokenFor(tenant.tenantId, `owner@${tenant.tenantId}.example`, ['asset-owner']);
});
afterAll(async () => api?.close());

const csv = (rows: number, prefix: string) =>
  ['externalId,name,type,owner,classification,confidentiality,integrity,availability']
    .concat(Array.from({ length: rows }, (_, i) => `${prefix}-${i + 1},Host ${i + 1},physical,${tenant.adminId},internal,2,2,2`))
    .join('\n') + '\n';

const announce = (fileName: string, contentType: string, size: number) => ({ kind: 'asset-import', file: { fileName, contentType, size } });

async function countWithPrefix(prefix: string): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await api.call('GET', `/assets?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: tenant.adminToken });
    count += page.body.items.filter((asset: { externalId?: string }) => asset.externalId?.startsWith(`${prefix}-`)).length;
    cursor = page.body.nextCursor;
  } while (cursor);
  return count;
}

describe('starting a job', () => {
  it('refuses what does not fit the kind, naming the field, and stores nothing', async () => {
    const before = (await api.call('GET', '/jobs?limit=100', { token: tenant.adminToken })).body.items.length;
    const refusals: [unknown, number, string][] = [
      [{ kind: 'asset-imports' }, 422, 'body.kind'],
      [{ kind: 'asset-import' }, 422, 'body.file'],
      [{ kind: 'asset-export', file: { fileName: 'a.csv', contentType: 'text/csv', size: 10 } }, 422, 'body.file'],
      [{ kind: 'asset-import', parameters: { colour: 'red' }, file: { fileName: 'a.csv', contentType: 'text/csv', size: 10 } }, 422, 'body.parameters.colour'],
      [announce('a.pdf', 'application/pdf', 10), 422, 'body.file.contentType'],
      [announce('big.csv', 'text/csv', 501 * 1024 * 1024), 400, 'body.file.size'],
      [announce('big.json', 'application/json', 51 * 1024 * 1024), 422, 'body.file.size'],
      [announce('../a.csv', 'text/csv', 10), 400, 'body.file.fileName'],
    ];
    for (const [body, status, field] of refusals) {
      const reply = await api.call('POST', '/jobs', { token: tenant.adminToken, body });
      expect(reply.status, JSON.stringify(body)).toBe(status);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.body.errors.map((error: { path: string }) => error.path)).toContain(field);
    }
    const whole = await api.call('POST', '/jobs', { token: tenant.adminToken, body: announce('big.json', 'application/json', 51 * 1024 * 1024) });
    expect(whole.body.detail).toBe('application/json is parsed whole: at most 50 MiB');
    expect((await api.call('GET', '/jobs?limit=100', { token: tenant.adminToken })).body.items.length).toBe(before);
  });

  it('is for the kind’s roles: others are refused, and see nobody else’s jobs', async () => {
    const refused = await api.call('POST', '/jobs', { token: auditor, body: announce('a.csv', 'text/csv', 10) });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('a asset-import job is started by: admin, security-officer');
    const job = await startJob(api, tenant.adminToken, 'asset-import', {}, undefined).catch(() => undefined);
    expect(job).toBeUndefined(); // an import needs its file
    const waiting = await api.call('POST', '/jobs', { token: tenant.adminToken, body: announce('w.csv', 'text/csv', 100) });
    expect(waiting.status).toBe(202);
    expect(waiting.body).toMatchObject({ state: 'waiting-for-upload', kind: 'asset-import', queue: 'import', upload: { method: 'PUT' } });
    // The kind's other role sees it; a role outside the kind does not, as if it did not exist.
    expect((await api.call('GET', `/jobs/${waiting.body.id}`, { token: officer })).status).toBe(200);
    expect((await api.call('GET', `/jobs/${waiting.body.id}`, { token: owner })).status).toBe(404);
    expect((await api.call('GET', '/jobs', { token: owner })).body.items).toEqual([]);
    // Only the starter says the upload is complete; before it is there, nothing to complete.
    expect((await api.call('POST', `/jobs/${waiting.body.id}/upload-completion`, { token: officer })).status).toBe(403);
    expect((await api.call('POST', `/jobs/${waiting.body.id}/upload-completion`, { token: tenant.adminToken })).status).toBe(409);
  });

  it('takes no more than the size announced, answers a retry with the same job, and cancels a job that waits at once', async () => {
    const body = { kind: 'asset-import', file: { fileName: 's.csv', contentType: 'text/csv', size: 20 } };
    const first = await api.call('POST', '/jobs', { token: tenant.adminToken, body, headers: { 'idempotency-key': 'job-retry-1' } });
    const retry = await api.call('POST', '/jobs', { token: tenant.adminToken, body, headers: { 'idempotency-key': 'job-retry-1' } });
    expect(first.status).toBe(202);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    const upload = first.body.upload;
    const tooBig = await fetch(upload.url, { method: 'PUT', headers: upload.fields, body: 'x'.repeat(21) });
    expect(tooBig.status).toBe(413);
    const wrongType = await fetch(upload.url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '[]' });
    expect(wrongType.status).toBe(415);

    const cancelled = await api.call('POST', `/jobs/${first.body.id}/cancellation`, { token: tenant.adminToken });
    expect(cancelled.body).toMatchObject({ state: 'cancelled', cancellationRequestedAt: expect.any(String) });
    expect((await api.call('POST', `/jobs/${first.body.id}/cancellation`, { token: tenant.adminToken })).status).toBe(409);
    expect((await api.call('POST', `/jobs/${first.body.id}/resumption`, { token: tenant.adminToken })).status).toBe(409);
  });
});

describe('running jobs', () => {
  it('runs one import per tenant at a time: the second waits until the first has ended', async () => {
    const first = await startJob(api, tenant.adminToken, 'asset-import', {}, { name: 'q1.csv', type: 'text/csv', body: csv(600, 'Q1') });
    const second = await startJob(api, tenant.adminToken, 'asset-import', {}, { name: 'q2.csv', type: 'text/csv', body: csv(300, 'Q2') });
    const [one, two] = [await jobEnded(api, tenant.adminToken, first.id), await jobEnded(api, tenant.adminToken, second.id)];
    expect(one.state).toBe('succeeded');
    expect(two.state).toBe('succeeded');
    expect(Date.parse(two.startedAt)).toBeGreaterThanOrEqual(Date.parse(one.finishedAt));
    const listed = (await api.call('GET', '/jobs?kind=asset-import&state=succeeded', { token: tenant.adminToken })).body.items.map(
      (job: { id: string }) => job.id,
    );
    // Newest first.
    expect(listed.indexOf(second.id)).toBeLessThan(listed.indexOf(first.id));
  }, 120_000);

  it('stops at the next chunk when cancelled: whole chunks written, the rest not', async () => {
    const started = await startJob(api, tenant.adminToken, 'asset-import', {}, { name: 'c.csv', type: 'text/csv', body: csv(1_500, 'CAN') });
    await eventually(
      async () => (await api.call('GET', `/jobs/${started.id}`, { token: tenant.adminToken })).body.progress.chunksDone >= 1,
      'a first chunk',
      60_000,
    );
    const asked = await api.call('POST', `/jobs/${started.id}/cancellation`, { token: officer });
    expect(asked.body).toMatchObject({ state: 'running', cancellationRequestedAt: expect.any(String) });
    const ended = await jobEnded(api, tenant.adminToken, started.id);
    expect(ended.state).toBe('cancelled');
    expect(ended.progress.rowsDone).toBeLessThan(1_500);
    expect(ended.progress.rowsDone % 300).toBe(0);
    expect(await countWithPrefix('CAN')).toBe(ended.progress.rowsDone);
    expect(ended.counts.created).toBe(ended.progress.rowsDone);
  }, 120_000);

  it('goes on from its cursor after the runtime restarts mid-job, writing every row once', async () => {
    const started = await startJob(api, tenant.adminToken, 'asset-import', {}, { name: 'r.csv', type: 'text/csv', body: csv(1_200, 'RST') });
    await eventually(
      async () => (await api.call('GET', `/jobs/${started.id}`, { token: tenant.adminToken })).body.progress.chunksDone >= 1,
      'a first chunk',
      60_000,
    );
    // As a dead process would: the execution stops wherever it is, perhaps inside a chunk.
    await api.restartFlows();
    const stopped = (await api.call('GET', `/jobs/${started.id}`, { token: tenant.adminToken })).body;
    expect(stopped.state).toBe('running');
    expect(await continueInterruptedJobs(async () => [tenant.tenantId])).toBe(1);
    const ended = await jobEnded(api, tenant.adminToken, started.id);
    expect(ended).toMatchObject({ state: 'succeeded', execution: 2, progress: { rowsDone: 1_200, chunksDone: 4 }, counts: { created: 1_200, failed: 0 } });
    expect(await countWithPrefix('RST')).toBe(1_200);
  }, 120_000);

  it('is continued by the scheduled watchdog once it has not moved for 15 minutes', async () => {
    const started = await startJob(api, tenant.adminToken, 'asset-import', {}, { name: 'w.csv', type: 'text/csv', body: csv(600, 'WDG') });
    await eventually(
      async () => (await api.call('GET', `/jobs/${started.id}`, { token: tenant.adminToken })).body.progress.chunksDone >= 1,
      'a first chunk',
      60_000,
    );
    await api.restartFlows();
    // A quarter of an hour later, as far as the job knows: its last chunk finished long ago.
    const key = keys.entity(tenant.tenantId, 'job', started.id);
    const stale = new Date(Date.now() - 16 * 60_000).toISOString();
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'SET #data.heartbeatAt = :stale',
        ExpressionAttributeNames: { '#data': 'data' },
        ExpressionAttributeValues: { ':stale': stale },
      }),
    );
    const run = await api.scheduler!.runFor('continue-stalled-jobs', tenant.tenantId);
    expect(run.ok).toBe(true);
    const ended = await jobEnded(api, tenant.adminToken, started.id);
    expect(ended).toMatchObject({ state: 'succeeded', execution: 2, counts: { created: 600 } });
    expect(await countWithPrefix('WDG')).toBe(600);
  }, 120_000);

  it('fails on a file no retry can help, saying why, and a resumed failed job goes through its queue again', async () => {
    const started = await startJob(api, tenant.adminToken, 'asset-import', {}, { name: 'bad.csv', type: 'text/csv', body: 'name;colour\nA;red\n' });
    const failed = await jobEnded(api, tenant.adminToken, started.id);
    expect(failed).toMatchObject({ state: 'failed', error: expect.stringContaining('body.header.colour: unknown column') });
    const resumed = await api.call('POST', `/jobs/${started.id}/resumption`, { token: officer });
    expect(resumed.body).toMatchObject({ state: 'queued' });
    expect(resumed.body).not.toHaveProperty('error');
    const again = await jobEnded(api, tenant.adminToken, started.id);
    expect(again).toMatchObject({ state: 'failed', execution: 2, error: expect.stringContaining('unknown column') });
  }, 60_000);
});
