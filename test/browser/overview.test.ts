// The console's overview screens in a real browser, as people use them: the dashboard over a register of
// known figures (its links open the register filtered by the API's own query names), one tenant seeing
// nothing of another's, a job followed to its end, an asset's audit trail and a window's verification, the
// directory kept by an administrator and read by an auditor, and notification choices that stay chosen.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_ASSET_POLICY } from '@ismf/assets/rules';
import { CONSOLE_BUILD_DIR } from '@ismf/console/server/build';
import { startApi, type Api } from '../support/api.ts';
import { checkScreen, describeWithBrowser, launchBrowser, shows, signIn, visit } from '../support/browser.ts';
import { eventually } from '../support/eventually.ts';
import { approvedPolicyChange } from '../support/policy-change.ts';
import { startJob, jobEnded } from '../support/jobs.ts';

type Tenant = { tenantId: string; adminToken: string; adminId: string };

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** A small operator's register: [name, type, highest of C/I/A = importance, last reviewed]. */
const REGISTER: [string, string, number, string?][] = [
  ['Core billing database', 'information', 5, daysAgo(100)],
  ['Subscriber records', 'information', 5],
  ['Signing keys', 'information', 5, daysAgo(95)],
  ['HSS-A', 'physical', 4, daysAgo(160)],
  ['DC-North', 'physical', 3],
  ['VPN concentrator', 'physical', 3],
  ['Office printer', 'physical', 1],
  ['Mobile voice', 'service', 5],
  ['SMS gateway', 'service', 4],
  ['OSS suite', 'software', 3],
  ['Firewall firmware', 'software', 4],
  ['CRM', 'software', 2],
  ['Network engineers', 'people', 3],
  ['Brand', 'intangible', 2],
];

describeWithBrowser('the console overview screens', () => {
  let api: Api;
  let browser: Browser;
  let tenant: Tenant;
  let other: Tenant;
  let jobId: string;
  let invitedId: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi({ console: true, events: true }), launchBrowser()]);
    api.relay!.start();
    [tenant, other] = await Promise.all([api.newTenant('overview'), api.newTenant('elsewhere')]);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const person = async (who: Tenant, user: string, roles: string[], path = '/') => {
    const visitor = await visit(browser, api);
    await signIn(visitor.page, { tenant: who.tenantId, user, roles }, path);
    return visitor;
  };
  const urlOf = (page: Page) => {
    const url = new URL(page.url());
    return `${url.pathname}${url.search}`;
  };

  it('keeps chart.js out of the first page: only the dashboard loads it', () => {
    const index = readFileSync(resolve(CONSOLE_BUILD_DIR, 'index.html'), 'utf8');
    const first = [...index.matchAll(/(?:src|href)="\/(_console\/[^"]+\.js)"/g)].map((match) => match[1]!);
    expect(first.length).toBeGreaterThan(0);
    // A property name chart.js's bar controller reads, which minifying keeps.
    const chartJs = (file: string) => readFileSync(resolve(CONSOLE_BUILD_DIR, file), 'utf8').includes('categoryPercentage');
    expect(first.filter(chartJs)).toEqual([]);
    const chunks = readdirSync(resolve(CONSOLE_BUILD_DIR, '_console')).filter((file) => file.endsWith('.js'));
    expect(chunks.filter((file) => chartJs(`_console/${file}`))).toHaveLength(1);
  });

  it('shows the register in figures, each opening the register filtered by it', { timeout: 120_000 }, async () => {
    const rows = REGISTER.map(([name, type, importance, reviewed]) => ({
      name,
      type,
      owner: tenant.adminId,
      classification: importance >= 4 ? 'confidential' : 'internal',
      confidentiality: importance,
      integrity: Math.max(1, importance - 1),
      availability: Math.max(1, importance - 2),
      ...(reviewed ? { lastReviewedAt: reviewed } : {}),
    }));
    const imported = await api.call('POST', '/assets/import', {
      token: tenant.adminToken,
      rawBody: JSON.stringify(rows),
      headers: { 'content-type': 'application/json', 'idempotency-key': 'overview-register' },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body.created).toHaveLength(REGISTER.length);
    // The figures are counted from the asset events; the review states by the daily review job.
    await eventually(async () => {
      const summary = await api.call('GET', '/assets/summary', { token: tenant.adminToken });
      return summary.body.total === REGISTER.length ? summary.body : undefined;
    }, 'the summary to count the register');
    expect((await api.scheduler!.runFor('asset-review-due', tenant.tenantId)).ok).toBe(true);
    // One decision taken, one waiting.
    await approvedPolicyChange(api, tenant.tenantId, tenant.adminToken, { ...DEFAULT_ASSET_POLICY, businessProcesses: ['Billing', 'Network operations'] });
    const pending = await api.call('POST', '/asset-policy-changes', {
      token: tenant.adminToken,
      body: {
        policy: { ...DEFAULT_ASSET_POLICY, businessProcesses: ['Billing', 'Network operations', 'Roaming'] },
        reason: 'Add roaming as a business process',
      },
    });
    expect(pending.status, JSON.stringify(pending.body)).toBe(201);

    const { page, context, contractFailures } = await person(tenant, 'olga', ['security-officer']);
    await shows(page.getByRole('heading', { level: 1 }), 'Dashboard');
    const figures = (title: string) => page.getByLabel(`${title}: figures`);
    await shows(figures('Active assets by importance'), '5 critical 4 4 high 3 3 medium 4 2 low 2 1 minimal 1');
    await shows(figures('Active assets by type'), 'information 3 software 3 physical 4 service 2 people 1 intangible 1');
    await shows(figures('Asset reviews'), 'overdue 2 due within 30 days 1 current 11');
    await shows(page.getByRole('region', { name: 'Asset register' }), '14 assets registered, 14 of them active');
    // The charts drew (lazily), each named by its numbers for those who cannot see it.
    await expect
      .poll(() => page.getByRole('img', { name: 'Active assets by importance: 5 critical 4, 4 high 3, 3 medium 4, 2 low 2, 1 minimal 1' }).count())
      .toBe(1);
    await expect.poll(() => page.getByRole('img', { name: /^Asset reviews: overdue 2, due within 30 days 1, current 11$/ }).count()).toBe(1);
    const decisions = page.getByRole('region', { name: 'Recent policy decisions' });
    await shows(decisions, 'Add roaming as a business process pending-approval');
    await shows(decisions, 'test policy approved');
    await shows(page.getByRole('region', { name: 'My open tasks' }), /\d+ open/);
    await checkScreen(page, 'dashboard');

    // Every figure is a link to the register, filtered by the listAssets parameter that counts it.
    // Whole pages load only once every read of the last one was answered (the contract check reads each body).
    const settled = async () => {
      await shows(figures('Active assets by type'), 'information 3 software 3');
      await shows(decisions, 'test policy approved');
      await shows(page.getByRole('region', { name: 'My open tasks' }), /\d+ open/);
    };
    for (const [link, query] of [
      ['5 critical', '?importance=5'],
      ['software', '?type=software'],
      ['overdue', '?reviewState=overdue'],
      ['due within 30 days', '?reviewState=due'],
      ['retired', '?status=retired'],
    ] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await expect.poll(() => urlOf(page)).toBe(`/assets${query}`);
      await page.goBack();
      await settled();
    }
    // The same screen at the summary's own URL.
    await page.goto('/assets/summary');
    await settled();
    expect(contractFailures).toEqual([]);
    await context.close();
  });

  it('shows staff only their own tiles', async () => {
    const { page, context } = await person(tenant, 'sam', ['staff']);
    await shows(page.getByRole('region', { name: 'My open tasks' }), 'open');
    expect(await page.getByRole('region', { name: 'Active assets by importance' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Recent policy decisions' }).count()).toBe(0);
    await context.close();
  });

  it('lists the jobs and follows one to its end, with its file to download', { timeout: 120_000 }, async () => {
    jobId = (await startJob(api, tenant.adminToken, 'asset-export', { format: 'csv' })).id;
    const { page, context, contractFailures } = await person(tenant, 'ada', ['admin'], '/jobs');
    const table = page.getByRole('table', { name: 'Jobs, newest first' });
    await shows(table, 'asset-export');
    await shows(table, 'Ada Admin');
    await checkScreen(page, 'jobs');
    await table.getByRole('link', { name: 'asset-export' }).first().click();
    await expect.poll(() => urlOf(page)).toBe(`/jobs/${jobId}`);
    await shows(page.getByRole('heading', { level: 1 }), 'Job: asset-export');
    // Read again every second until it ends.
    await shows(page.getByRole('status').filter({ hasText: 'done' }), `100 % done: ${REGISTER.length} rows`, 60_000);
    await shows(page.getByRole('region', { name: 'Job: asset-export' }), 'succeeded');
    expect(await page.locator('progress').getAttribute('value')).toBe('100');
    const download = page.getByRole('link', { name: /^Download .+\.csv \(14 rows/ });
    expect(await download.getAttribute('href')).toMatch(/^https?:\/\//);
    // An ended job can be neither cancelled nor resumed.
    expect(await page.getByRole('button', { name: /Cancel|Resume/ }).count()).toBe(0);
    await checkScreen(page, 'job');
    expect(contractFailures).toEqual([]);
    await context.close();
    expect((await jobEnded(api, tenant.adminToken, jobId)).state).toBe('succeeded');
  });

  it('shows an asset’s audit trail and verifies a window', { timeout: 60_000 }, async () => {
    const created = await api.call('POST', '/assets', {
      token: tenant.adminToken,
      body: { name: 'Edge router R1', type: 'physical', owner: tenant.adminId, classification: 'internal', confidentiality: 2, integrity: 4, availability: 4 },
    });
    expect(created.status).toBe(201);
    const moved = await api.call('PATCH', `/assets/${created.body.id}`, {
      token: tenant.adminToken,
      body: { location: 'Rack 12', reason: 'moved to the new rack' },
      headers: { 'if-match': created.headers.get('etag')! },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);

    const { page, context, contractFailures } = await person(tenant, 'audrey', ['auditor'], `/audit?entity=asset:${created.body.id}`);
    const trail = page.getByRole('table', { name: `Audit trail of asset:${created.body.id}, oldest first` });
    await shows(trail.getByRole('row').nth(1), 'createAsset');
    await shows(trail.getByRole('row').nth(2), 'moved to the new rack');
    await shows(trail.getByRole('row').nth(2), 'location: (none) → Rack 12');
    expect(await trail.getByRole('row').count()).toBe(3);
    // Each entry names the hash of the one before it.
    const hashes = await trail.locator('code[title]').evaluateAll((codes) => codes.map((code) => code.getAttribute('title')));
    expect(hashes[2]).toBe(hashes[1]);
    // The form shows what the URL chose.
    expect(await page.getByLabel('Record id').inputValue()).toBe(created.body.id);

    await page.getByRole('button', { name: 'Verify' }).click();
    await shows(
      page.getByRole('status').filter({ hasText: 'Verified' }),
      /Verified: the trail is intact .* \d+ entries, \d+ records and \d+ hourly digests checked/,
    );
    await checkScreen(page, 'audit');
    // A window longer than the API checks is refused, with what the API says.
    await page.getByLabel('From').fill(daysAgo(60) + 'T00:00');
    await page.getByRole('button', { name: 'Verify' }).click();
    await shows(page.getByRole('alert'), /31 days/);
    expect(contractFailures).toEqual([]);
    await context.close();
  });

  it('lets an administrator invite a user and change their roles, reloading after a change meanwhile', { timeout: 60_000 }, async () => {
    const { page, context, contractFailures } = await person(tenant, 'ada', ['admin'], '/settings');
    const hub = page.getByRole('main');
    await shows(hub, 'Users and roles');
    await shows(hub, 'Asset policy');
    await shows(hub, 'My notifications');
    await checkScreen(page, 'settings');
    await page.getByRole('link', { name: 'Users and roles' }).click();
    await shows(page.getByRole('heading', { level: 1 }), 'Users and roles');

    const invite = page.getByRole('region', { name: 'Invite a user' });
    // The API's rules first: no role is no user; what was typed stays.
    await invite.getByLabel('E-mail').fill('nia@example.net');
    await invite.getByLabel('Name').fill('Nia Network');
    await invite.getByLabel('Staff').uncheck();
    await invite.getByRole('button', { name: 'Invite' }).click();
    await shows(invite.locator('.field-error'), 'a user holds at least one role');
    expect(await invite.getByLabel('Name').inputValue()).toBe('Nia Network');
    await invite.getByLabel('Asset owner').check();
    await invite.getByRole('button', { name: 'Invite' }).click();
    await shows(invite.getByRole('status'), 'Nia Network is invited as Asset owner.');
    const users = page.getByRole('table', { name: 'Users of your organization' });
    await shows(users, 'Nia Network nia@example.net Asset owner active');

    await users.getByRole('link', { name: 'Nia Network' }).click();
    invitedId = new URL(page.url()).searchParams.get('user')!;
    const change = page.getByRole('form', { name: 'Change Nia Network' });
    await change.getByLabel('Manager').check();
    await change.getByLabel('Reason (kept in the audit trail)').fill('runs the field team');
    // Someone else changes her meanwhile: the save is refused, what was chosen stays, a reload takes their version.
    const current = await api.call('GET', `/users/${invitedId}`, { token: tenant.adminToken });
    const elsewhere = await api.call('PATCH', `/users/${invitedId}`, {
      token: tenant.adminToken,
      body: { jobTitle: 'Field engineer' },
      headers: { 'if-match': current.headers.get('etag')! },
    });
    expect(elsewhere.status).toBe(200);
    await change.getByRole('button', { name: 'Save changes' }).click();
    await shows(change.getByRole('alert'), 'Changed meanwhile');
    expect(await change.getByLabel('Manager').isChecked()).toBe(true);
    await change.getByRole('button', { name: 'Reload' }).click();
    await shows(page.getByRole('region', { name: 'Nia Network' }), 'Field engineer');
    await change.getByRole('button', { name: 'Save changes' }).click();
    await shows(change.getByRole('status'), 'Saved.');
    await shows(users, 'Nia Network nia@example.net Manager, Asset owner active');
    await checkScreen(page, 'users');
    const stored = await api.call('GET', `/users/${invitedId}`, { token: tenant.adminToken });
    expect(stored.body).toMatchObject({ roles: ['manager', 'asset-owner'], jobTitle: 'Field engineer', status: 'active' });
    // The reason is kept in her audit trail.
    const trail = await api.call('GET', `/audit?entity=user:${invitedId}`, { token: tenant.adminToken });
    expect(trail.body.items.map((entry: { reason?: string }) => entry.reason)).toContain('runs the field team');
    expect(contractFailures).toEqual([]);
    await context.close();
  });

  it('shows the directory to an auditor read-only', async () => {
    const { page, context, contractFailures } = await person(tenant, 'audrey', ['auditor'], `/settings/users?user=${invitedId}`);
    await shows(page.getByRole('table', { name: 'Users of your organization' }), 'Nia Network');
    await shows(page.getByRole('region', { name: 'Nia Network' }), 'Manager, Asset owner');
    await shows(page.getByRole('main'), 'only an administrator changes it');
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Invite a user' }).count()).toBe(0);
    expect(contractFailures).toEqual([]);
    await context.close();
  });

  it('shows another tenant none of it', async () => {
    const { page, context, contractFailures } = await person(other, 'ada', ['admin']);
    await shows(page.getByRole('region', { name: 'Asset register' }), '0 assets registered');
    await shows(page.getByLabel('Active assets by importance: figures'), '5 critical 0 4 high 0 3 medium 0 2 low 0 1 minimal 0');
    await shows(page.getByRole('region', { name: 'Recent policy decisions' }), 'No change of the asset policy has been proposed.');
    await page.goto(`/jobs/${jobId}`);
    await shows(page.getByRole('heading', { level: 1 }), 'Job not found');
    await page.goto(`/settings/users?user=${invitedId}`);
    await shows(page.getByRole('heading', { level: 2, name: /not found/ }), 'User not found');
    await shows(page.getByRole('table', { name: 'Users of your organization' }), 'Ada Admin');
    expect(await page.getByRole('table', { name: 'Users of your organization' }).innerText()).not.toContain('Nia Network');
    await page.goto('/jobs');
    await shows(page.getByRole('main'), 'No jobs match.');
    expect(contractFailures).toEqual([]);
    await context.close();
  });

  it('keeps a person’s notification choices', async () => {
    const { page, context, contractFailures } = await person(tenant, 'sam', ['staff'], '/me/notifications');
    const assigned = page.getByRole('group', { name: 'A task is assigned to you' });
    await assigned.getByLabel('In the daily digest (07:00 UTC)').check();
    await page.getByRole('group', { name: 'An asset you own is due for review' }).getByLabel('In the daily digest (07:00 UTC)').check();
    await page.getByRole('button', { name: 'Save my choices' }).click();
    await shows(page.getByRole('status'), 'Your choices are saved.');
    await page.reload();
    await shows(page.getByRole('heading', { level: 1 }), 'My notifications');
    await expect
      .poll(() => page.getByRole('group', { name: 'A task is assigned to you' }).getByLabel('In the daily digest (07:00 UTC)').isChecked())
      .toBe(true);
    expect(await page.getByRole('group', { name: 'A decision is asked of you' }).getByLabel('An e-mail at once').isChecked()).toBe(true);
    await checkScreen(page, 'notifications');
    const sam = await api.tokenFor(tenant.tenantId, 'sam', ['staff']);
    const stored = await api.call('GET', '/me/notification-preferences', { token: sam });
    expect(stored.body.notifications).toMatchObject({ 'task-assigned': 'daily-digest', 'asset-review-due': 'daily-digest', 'approval-requested': 'immediate' });
    expect(contractFailures).toEqual([]);
    await context.close();
  });
});
