// The audit trail's jobs through the API: an audit export whose downloaded file verifies offline (by the
// verifier and by its CLI) and fails once any byte of it is flipped; an audit sweep that reports a record
// written directly in the table, in its counts and in its file; neither job shows to another tenant, and
// a role that does not read the audit trail cannot start one.
import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantSince } from '@ismf/store/access';
import { hourOf, SEAL_GRACE_MS, sealAuditDigests } from '@ismf/store/audit-digest';
import { db, tableName } from '@ismf/store/client';
import { digestSigner } from '@ismf/store/digest-signer';
import { verifyAuditExport } from '../../packages/audit/src/export-verify.ts';
import { startApi, type Api } from '../support/api.ts';
import { download, runJob } from '../support/jobs.ts';

// The local digest key in a folder of this run's own: the export's header carries its public half, and
// the test holds the key apart from the export, as an auditor would.
const keyDir = mkdtempSync(join(tmpdir(), 'ismf-test-digest-key-'));
process.env.ISMF_KEY_DIR = keyDir;
const work = mkdtempSync(join(tmpdir(), 'ismf-test-audit-jobs-'));

const HOUR = 3_600_000;
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'packages/audit/src/verify-audit-export-cli.ts');

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let auditorToken: string;
let userId: string;

const parse = (line: string) => JSON.parse(line) as Record<string, any>;
const linesOf = (text: string) => text.split('\n').filter((line) => line !== '');

async function newUser(token: string, email: string, roles = ['staff']) {
  const created = await api.call('POST', '/users', { token, body: { email, displayName: email.split('@')[0], roles } });
  expect(created.status).toBe(201);
  return created.body as { id: string };
}

beforeAll(async () => {
  api = await startApi({ events: true });
  tenant = await api.newTenant('jaud');
  api.relay!.start();
  auditorToken = await api.tokenFor(tenant.tenantId, `auditor@${tenant.tenantId}.example`, ['auditor']);
  userId = (await newUser(tenant.adminToken, `dana@${tenant.tenantId}.example`)).id;
  const changed = await api.call('PATCH', `/users/${userId}`, { token: tenant.adminToken, body: { roles: ['auditor'] }, headers: { 'if-match': '"1"' } });
  expect(changed.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await api?.close();
  rmSync(keyDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('an audit export job', () => {
  let text: string;
  let job: Record<string, any>;

  beforeAll(async () => {
    // The tenant's hours so far sealed by the seal job's own code, as if run an hour on: every entry of
    // the window is written by then, so the file carries signed digests (and their key) to verify.
    const firstHour = hourOf(await tenantSince(tenant.tenantId));
    const sealed = await sealAuditDigests(tenant.tenantId, firstHour, digestSigner(), new Date(Date.now() + HOUR + SEAL_GRACE_MS));
    expect(sealed.length).toBeGreaterThanOrEqual(1);
    const window = { from: `${firstHour}:00:00.000Z`, to: new Date().toISOString() };
    // An auditor starts it: the kind's roles are GET /audit's.
    job = await runJob(api, auditorToken, 'audit-export', window);
    text = await download(job.output);
  }, 60_000);

  it('writes the window as JSON Lines that verify offline, with the key the header carries and the published key', async () => {
    expect(job).toMatchObject({
      state: 'succeeded',
      kind: 'audit-export',
      counts: { entries: expect.any(Number), digests: expect.any(Number) },
      output: {
        fileName: expect.stringMatching(new RegExp(`^audit-${tenant.tenantId}-\\d{8}T\\d{6}Z-\\d{8}T\\d{6}(\\.\\d{3})?Z\\.jsonl$`)),
        contentType: 'application/x-ndjson',
        size: Buffer.byteLength(text),
      },
    });
    const lines = linesOf(text);
    expect(parse(lines[0]!)).toMatchObject({ type: 'header', format: 'ismf-audit-export/1', tenantId: tenant.tenantId });
    const entries = lines.filter((line) => parse(line).type === 'entry');
    // The organization, the admin, the auditor and Dana (created, then changed).
    expect(entries.length).toBeGreaterThanOrEqual(5);
    expect(job.counts).toMatchObject({ entries: entries.length, digests: lines.filter((line) => parse(line).type === 'digest').length });
    expect(job.counts.digests).toBeGreaterThanOrEqual(1);
    expect(entries.map(parse).filter((entry) => entry.entityId === userId)).toHaveLength(2);
    // Personal data leaves only as salted digests.
    expect(text).not.toContain(`dana@${tenant.tenantId}.example`);

    const published = createPublicKey(readFileSync(join(keyDir, 'digest-signing-key.pem'), 'utf8'));
    expect(createPublicKey(parse(lines[0]!).digestKeys[0].publicKey).export({ format: 'jwk' })).toEqual(published.export({ format: 'jwk' }));
    const digests = job.counts.digests as number;
    expect(await verifyAuditExport(lines)).toEqual({ ok: true, entries: entries.length, digests, problems: [] });
    expect(await verifyAuditExport(lines, published)).toEqual({ ok: true, entries: entries.length, digests, problems: [] });
  });

  it('fails verification once any one byte is flipped, naming the line', async () => {
    const lines = text.split('\n');
    const kinds = ['header', 'entry', 'digest', 'end'];
    for (const kind of kinds) {
      const index = lines.findIndex((line) => line !== '' && parse(line).type === kind);
      const bytes = Buffer.from(text);
      const lineStart = Buffer.byteLength(lines.slice(0, index).join('\n')) + (index > 0 ? 1 : 0);
      const at = lineStart + Math.floor(Buffer.byteLength(lines[index]!) / 2);
      bytes[at] = bytes[at]! ^ 0x01;
      const result = await verifyAuditExport(bytes.toString('utf8').split('\n'));
      expect(result.ok, `a byte of the ${kind} line flipped`).toBe(false);
      expect(
        result.problems.map((problem) => problem.line),
        `the ${kind} line named`,
      ).toContain(index + 1);
    }
  });

  it('verifies with the CLI: exit code 0 on the downloaded file, 1 on a tampered copy', () => {
    const file = join(work, job.output.fileName as string);
    writeFileSync(file, text);
    const run = (...args: string[]) => spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [CLI, ...args], { encoding: 'utf8', cwd: ROOT });
    const sound = run(file);
    expect(sound.status, sound.stdout + sound.stderr).toBe(0);
    expect(sound.stdout).toMatch(new RegExp(`^verified: \\d+ entries and \\d+ signed digests of tenant ${tenant.tenantId}`));
    const keyFile = join(work, 'published.pem');
    writeFileSync(keyFile, createPublicKey(readFileSync(join(keyDir, 'digest-signing-key.pem'), 'utf8')).export({ type: 'spki', format: 'pem' }) as string);
    expect(run(file, '--key', keyFile).status).toBe(0);

    const tampered = join(work, 'tampered.jsonl');
    writeFileSync(tampered, text.replace(/"operation":"createUser"/, '"operation":"createUsers"'));
    expect(run(tampered, '--key', keyFile).status).toBe(1);
  });

  it('is not shown to another tenant', async () => {
    const other = await api.newTenant('jaudother');
    const seen = await api.call('GET', `/jobs/${job.id}`, { token: other.adminToken });
    expect(seen.status).toBe(404);
    const own = await api.call('GET', `/jobs/${job.id}`, { token: tenant.adminToken });
    expect(own.status).toBe(200);
  });

  it('is refused to a window longer than 31 days, naming the field', async () => {
    const now = Date.now();
    const refused = await api.call('POST', '/jobs', {
      token: tenant.adminToken,
      body: { kind: 'audit-export', parameters: { from: new Date(now - 32 * 86_400_000).toISOString(), to: new Date(now - 1000).toISOString() } },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body.parameters.to' })]);
  });
});

describe('an audit sweep job', () => {
  it('sweeps a tenant clean, then reports a record written directly in the table, in its counts and in its file', async () => {
    const clean = await runJob(api, tenant.adminToken, 'audit-sweep');
    expect(clean).toMatchObject({ state: 'succeeded', kind: 'audit-sweep', counts: { checked: expect.any(Number), mismatched: 0 } });
    // The organization record, the admin, the auditor and Dana at least.
    expect(clean.counts.checked).toBeGreaterThanOrEqual(4);
    const cleanLines = linesOf(await download(clean.output)).map(parse);
    expect(clean.output).toMatchObject({
      fileName: expect.stringMatching(/^audit-sweep-\d{4}-\d{2}-\d{2}\.jsonl$/),
      contentType: 'application/x-ndjson',
      rows: 0,
    });
    expect(cleanLines).toEqual([
      {
        type: 'summary',
        format: 'ismf-audit-sweep/1',
        tenantId: tenant.tenantId,
        sweptAt: expect.any(String),
        checked: clean.counts.checked,
        mismatched: 0,
      },
    ]);

    // A quiet privilege escalation, written to the table past the API and its audit trail.
    const key = { pk: `${tenant.tenantId}#user#${userId}`, sk: '#META' };
    const item = (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item as Record<string, any>;
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...item, data: { ...item.data, roles: ['admin'] } } }));

    const swept = await runJob(api, tenant.adminToken, 'audit-sweep');
    expect(swept).toMatchObject({ state: 'succeeded', counts: { checked: clean.counts.checked, mismatched: 1 }, output: { rows: 1 } });
    const lines = linesOf(await download(swept.output)).map(parse);
    expect(lines).toEqual([
      expect.objectContaining({ type: 'summary', tenantId: tenant.tenantId, checked: clean.counts.checked, mismatched: 1 }),
      { type: 'mismatch', entityType: 'user', entityId: userId, reason: expect.stringContaining('data does not match the after-digest of its audit entry 2') },
    ]);
    // Another tenant's sweep does not see it, nor the job.
    const other = await api.newTenant('jaudsweep');
    const theirs = await runJob(api, other.adminToken, 'audit-sweep');
    expect(theirs).toMatchObject({ state: 'succeeded', counts: { mismatched: 0 } });
    expect((await api.call('GET', `/jobs/${swept.id}`, { token: other.adminToken })).status).toBe(404);
  }, 120_000);
});

describe('the audit jobs’ roles', () => {
  it('refuses a role that does not read the audit trail (403)', async () => {
    const assetOwner = await api.tokenFor(tenant.tenantId, `owner@${tenant.tenantId}.example`, ['asset-owner']);
    const now = Date.now();
    const window = { from: new Date(now - HOUR).toISOString(), to: new Date(now - 1000).toISOString() };
    const exportRefused = await api.call('POST', '/jobs', { token: assetOwner, body: { kind: 'audit-export', parameters: window } });
    expect(exportRefused.status).toBe(403);
    const sweepRefused = await api.call('POST', '/jobs', { token: assetOwner, body: { kind: 'audit-sweep', parameters: {} } });
    expect(sweepRefused.status).toBe(403);
  });
});
