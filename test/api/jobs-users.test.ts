// The user directory as a job's CSV file: a header and one line per user, roles joined by `;`, the
// manager named, a display name a spreadsheet would run as a formula quoted; only an admin starts it.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';
import { download, runJob } from '../support/jobs.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
beforeAll(async () => {
  api = await startApi({ events: true });
  tenant = await api.newTenant('jusr');
  api.relay!.start();
}, 60_000);
afterAll(async () => api?.close());

async function newUser(body: Record<string, unknown>) {
  const created = await api.call('POST', '/users', { token: tenant.adminToken, body });
  expect(created.status).toBe(201);
  return created.body as { id: string; createdAt: string };
}

const HEADER = ['id', 'email', 'displayName', 'jobTitle', 'roles', 'status', 'managerId', 'managerEmail', 'createdAt', 'updatedAt', 'version'];

describe('a user export job', () => {
  it('writes the directory as CSV: a header, one line per user, roles joined, formula-like cells quoted', async () => {
    const domain = `${tenant.tenantId}.example`;
    const lead = await newUser({
      email: `lead@${domain}`,
      displayName: 'Lee Lead',
      jobTitle: 'Head of security operations',
      roles: ['manager', 'security-officer'],
    });
    const formula = await newUser({ email: `mallory@${domain}`, displayName: '=HYPERLINK("https://evil.example","x")', roles: ['staff'], managerId: lead.id });
    const plain = await newUser({ email: `noname@${domain}`, displayName: 'Nora Name', roles: ['auditor'] });
    const disabled = await api.call('PATCH', `/users/${plain.id}`, { token: tenant.adminToken, body: { status: 'disabled' }, headers: { 'if-match': '"1"' } });
    expect(disabled.status).toBe(200);

    const job = await runJob(api, tenant.adminToken, 'user-export');
    expect(job).toMatchObject({
      state: 'succeeded',
      kind: 'user-export',
      counts: { exported: 4 },
      output: { fileName: expect.stringMatching(/^users-\d{4}-\d{2}-\d{2}\.csv$/), contentType: 'text/csv', rows: 4 },
    });
    const text = await download(job.output);
    expect(text.split('\r\n')[0]).toBe(HEADER.join(','));
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    const byEmail = Object.fromEntries(rows.map((row) => [row.email, row]));
    expect(Object.keys(byEmail).sort()).toEqual([`admin@${domain}`, `lead@${domain}`, `mallory@${domain}`, `noname@${domain}`].sort());
    // In the list's order: by user id.
    expect(rows.map((row) => row.id)).toEqual(rows.map((row) => row.id).sort());

    expect(byEmail[`lead@${domain}`]).toMatchObject({
      id: lead.id,
      displayName: 'Lee Lead',
      jobTitle: 'Head of security operations',
      roles: 'manager;security-officer',
      status: 'active',
      managerId: '',
      createdAt: lead.createdAt,
      version: '1',
    });
    // Run as text by no spreadsheet: the leading `'` keeps the formula a string.
    expect(byEmail[`mallory@${domain}`]).toMatchObject({
      id: formula.id,
      displayName: `'=HYPERLINK("https://evil.example","x")`,
      roles: 'staff',
      managerId: lead.id,
      managerEmail: `lead@${domain}`,
    });
    expect(byEmail[`noname@${domain}`]).toMatchObject({ id: plain.id, displayName: 'Nora Name', roles: 'auditor', status: 'disabled', version: '2' });
    expect(byEmail[`admin@${domain}`]).toMatchObject({ displayName: 'Ada Admin', roles: 'admin' });
    expect(byEmail[`admin@${domain}`]).toMatchObject({ id: tenant.adminId, roles: 'admin', status: 'active' });
    // The identity provider's internals stay out.
    expect(text).not.toMatch(/subject|username/);
  }, 60_000);

  it('is started by an admin only: a security officer gets 403', async () => {
    const officer = await api.tokenFor(tenant.tenantId, `officer@${tenant.tenantId}.example`, ['security-officer']);
    const refused = await api.call('POST', '/jobs', { token: officer, body: { kind: 'user-export', parameters: {} } });
    expect(refused.status).toBe(403);
  });
});
