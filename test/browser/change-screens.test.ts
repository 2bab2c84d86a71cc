// Change management's calendar, freezes, templates, settings and report in the console, as their people use
// them (X.1052 12.2.4): emergency changes authorized and one implemented through the API, then in a browser
// the calendar shows them in their week and downloads the week as iCalendar; a freeze declared on its screen
// is listed and banded on the calendar, then ended; a proposed template shows its approval flow; the settings
// form refuses a quorum out of range beside its field and saves a good one; the report counts the
// implemented change; the dashboard's tile lists the coming window. Every screen is checked by axe.
//
// Run with ISMF_CONSOLE_BUILD_DIR=build/console-change-screens to build the console apart from other runs:
// the global setup builds it before any test file loads, so the variable is the command's, not this file's.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startApi, type Api } from '../support/api.ts';
import { checkScreen, describeWithBrowser, launchBrowser, shows, signIn, visit, type Person, type Visitor } from '../support/browser.ts';
import { eventually } from '../support/eventually.ts';
import { owedTask } from '../support/owed.ts';

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
/** A day as the console's addresses write it (the browser runs in UTC). */
const day = (iso: string) => iso.slice(0, 10);
/** A datetime-local input's value for an instant (UTC, the browser's zone). */
const local = (iso: string) => iso.slice(0, 16);
/** A day's heading on the calendar. */
const dayName = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));

describeWithBrowser('the change management screens', () => {
  let api: Api;
  let browser: Browser;
  let tenant: { tenantId: string; adminToken: string; adminId: string };
  let officer: Person;
  let manager: Person;
  let auditor: Person;
  let staff: Person;
  type User = 'olga' | 'mona' | 'aldo' | 'ivan';
  const tokens = {} as Record<User, string>;
  const ids = {} as Record<User, string>;
  /** The implemented change (its window open now) and the authorized one (its window in two hours). */
  const done = { title: 'Core router firmware', id: '', window: { start: at(-2), end: at(1) } };
  const coming = { title: 'Edge switch patch', id: '', window: { start: at(2), end: at(4) } };
  const visitors: Visitor[] = [];

  const person = async (user: User, roles: string[]): Promise<Person> => {
    tokens[user] = await api.tokenFor(tenant.tenantId, user, roles);
    const users = await api.call('GET', '/users?limit=100', { token: tenant.adminToken });
    ids[user] = (users.body.items as { id: string; email: string }[]).find((each) => each.email === `${user}@${tenant.tenantId}.example`)!.id;
    return { tenant: tenant.tenantId, user, roles };
  };

  /** An emergency change requested and planned by the officer, authorized by the manager's one decision. */
  async function authorizedChange(title: string, assetId: string, window: { start: string; end: string }) {
    const created = await api.call('POST', '/change-requests', {
      token: tokens.olga,
      body: { title, reason: 'the vendor advisory fixes a remote flaw', class: 'emergency', assets: [assetId], requestedWindow: window },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const planned = await api.call('PUT', `/change-requests/${created.body.id}/plan`, {
      token: tokens.olga,
      headers: { 'if-match': created.headers.get('etag')! },
      body: {
        steps: ['drain the traffic', 'apply the patch', 'restore the traffic'],
        effectivenessCheck: 'the advisory’s probe no longer answers',
        rollback: ['reinstall the previous image'],
        continuity: 'the mate carries the traffic',
        window,
        serviceImpact: 'degraded',
        labTest: { assignee: ids.ivan },
        implementer: ids.ivan,
      },
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(200);
    const submitted = await api.call('POST', `/change-requests/${created.body.id}/submission`, {
      token: tokens.olga,
      headers: { 'if-match': planned.headers.get('etag')! },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const authorize = await owedTask(api, tokens.mona, created.body.id, 'authorize');
    expect((await api.call('POST', `/approvals/${authorize.id}/decision`, { token: tokens.mona, body: { outcome: 'approve' } })).status).toBe(200);
    return eventually(async () => {
      const reply = await api.call('GET', `/change-requests/${created.body.id}`, { token: tokens.olga });
      return reply.body.state === 'authorized' ? reply : undefined;
    }, `${title} authorized`);
  }

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi({ console: true, events: true }), launchBrowser()]);
    api.relay!.start();
    tenant = await api.newTenant('chg');
    officer = await person('olga', ['security-officer']);
    manager = await person('mona', ['manager']);
    auditor = await person('aldo', ['auditor']);
    staff = await person('ivan', ['staff']);
    const asset = await api.call('POST', '/assets', {
      token: tenant.adminToken,
      body: { name: 'Edge router', type: 'software', owner: tenant.adminId, classification: 'internal', confidentiality: 2, integrity: 2, availability: 2 },
    });
    expect(asset.status).toBe(201);
    const first = await authorizedChange(done.title, asset.body.id, done.window);
    done.id = first.body.id;
    const implemented = await api.call('POST', `/change-requests/${done.id}/implementation`, {
      token: tokens.ivan,
      headers: { 'if-match': first.headers.get('etag')! },
      // Ended a moment after the request: the report's time to implement is its own few seconds.
      body: { start: at(-1), end: at(0.02), outcome: 'implemented', notes: 'patched; traffic restored' },
    });
    expect(implemented.status, JSON.stringify(implemented.body)).toBe(200);
    coming.id = (await authorizedChange(coming.title, asset.body.id, coming.window)).body.id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const open = async (who: Person, path: string) => {
    const visitor = await visit(browser, api);
    visitors.push(visitor);
    await signIn(visitor.page, who, path);
    return visitor;
  };
  const close = async ({ context, contractFailures }: Visitor) => {
    expect(contractFailures).toEqual([]);
    await context.close();
  };
  /** The error shown beside a field. */
  const fieldError = (page: Page, label: string) => page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.field-error');
  const weekOf = (iso: string) => `/change-calendar?period=week&start=${day(iso)}`;

  it('shows the authorized changes in their week, moves between periods, and downloads the week as iCalendar', async () => {
    const visitor = await open(auditor, weekOf(coming.window.start));
    const { page } = visitor;
    await shows(page.getByRole('heading', { level: 1 }), 'Change calendar');
    const dayOfComing = page.getByRole('region', { name: dayName(coming.window.start), exact: true });
    await shows(dayOfComing, coming.title);
    await shows(dayOfComing, 'Authorized');
    await shows(dayOfComing, 'Emergency change');
    await shows(dayOfComing, '1 asset');
    expect(await page.getByRole('link', { name: coming.title }).getAttribute('href')).toBe(`/change-requests/${coming.id}`);
    expect(await page.getByRole('link', { name: 'Change calendar' }).count()).toBe(1);
    await checkScreen(page, 'change-calendar');

    // The iCalendar file of the same week, as a calendar application takes it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download for your calendar (.ics)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^changes-.+\.ics$/);
    const ics = readFileSync((await download.path())!, 'utf8');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain(coming.title);
    expect(ics).toContain(`UID:${coming.id}@ismf`);

    // The implemented change in its own week; the month view and the previous period by the address.
    // Every answer of this page in before the next load, so that none is cut off unread (the contract check reads each).
    await page.waitForLoadState('networkidle');
    await page.goto(weekOf(done.window.start));
    await shows(page.getByRole('main'), done.title);
    await shows(page.getByRole('listitem').filter({ hasText: done.title }), 'Implemented');
    await page.getByRole('link', { name: 'Show the month' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('period'), { timeout: 10_000 }).toBe('month');
    await shows(page.getByRole('main'), done.title);
    const month = new URL(page.url()).searchParams.get('start');
    await page.getByRole('link', { name: 'Previous month' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('start'), { timeout: 10_000 }).not.toBe(month);
    await shows(page.getByRole('main'), 'No authorized change has its window in this month.');
    await close(visitor);
  }, 90_000);

  it('declares a freeze that the list and the calendar show, refuses one that ends before it starts, and ends it', async () => {
    const visitor = await open(manager, '/change-freezes');
    const { page } = visitor;
    await shows(page.getByRole('heading', { level: 1 }), 'Change freezes');
    await shows(page.getByRole('main'), 'No freeze is in force or to come.');

    const start = at(1);
    const end = at(6);
    await page.getByLabel('Name', { exact: true }).fill('Launch week');
    await page.getByLabel('Starts', { exact: true }).fill(local(end));
    await page.getByLabel('Ends', { exact: true }).fill(local(start));
    await page.getByLabel('Reason', { exact: true }).fill('the 5G launch');
    await page.getByRole('button', { name: 'Declare the freeze' }).click();
    await shows(fieldError(page, 'Ends'), 'the freeze ends after it starts');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Launch week');

    await page.getByLabel('Starts', { exact: true }).fill(local(start));
    await page.getByLabel('Ends', { exact: true }).fill(local(end));
    await page.getByRole('button', { name: 'Declare the freeze' }).click();
    await shows(page.getByRole('status'), 'The freeze “Launch week” is declared.');
    const table = page.getByRole('table', { name: /Freezes in force/ });
    await shows(table, 'Launch week');
    await shows(table, 'the 5G launch');
    await shows(table, 'Mona');
    await checkScreen(page, 'change-freezes');

    // The calendar bands the freeze over the period and the day of the change inside it.
    await page.waitForLoadState('networkidle');
    await page.goto(weekOf(coming.window.start));
    await shows(page.getByRole('region', { name: 'Change freezes in this period' }), 'Freeze: Launch week');
    await shows(page.getByRole('region', { name: dayName(coming.window.start), exact: true }), 'In the freeze “Launch week”');
    await checkScreen(page, 'change-calendar-freeze');

    await page.waitForLoadState('networkidle');
    await page.goto('/change-freezes');
    await page.getByRole('button', { name: 'End the freeze Launch week' }).click();
    await page.getByLabel('Reason for ending it early').fill('the launch moved');
    await page.getByRole('button', { name: 'End the freeze', exact: true }).click();
    await shows(page.getByRole('main'), 'No freeze is in force or to come.');
    await close(visitor);

    // An auditor reads the freezes but declares none.
    const reader = await open(auditor, '/change-freezes');
    await shows(reader.page.getByRole('heading', { level: 1 }), 'Change freezes');
    await shows(reader.page.getByRole('main'), 'Administrators, security officers and managers declare');
    expect(await reader.page.getByRole('button', { name: 'Declare the freeze' }).count()).toBe(0);
    await close(reader);
  }, 90_000);

  it('proposes a template and shows its approval flow', async () => {
    const visitor = await open(officer, '/change-templates');
    const { page } = visitor;
    await shows(page.getByRole('heading', { level: 1 }), 'Change templates');
    await page.getByRole('button', { name: 'Propose a template' }).click();
    // Checked with the area's own schema before it is sent: a template has steps.
    await page.getByLabel('Name', { exact: true }).fill('Antivirus definitions');
    await page.getByLabel('Description', { exact: true }).fill('the daily vendor-signed signature update');
    await page.getByLabel('Rollback', { exact: true }).fill('push the previous definitions');
    await page.getByRole('button', { name: 'Propose the template' }).click();
    await expect.poll(async () => (await fieldError(page, 'Steps').count()) > 0, { timeout: 15_000 }).toBe(true);
    await page.getByLabel('Steps', { exact: true }).fill('download the signed definitions\npush them to the endpoints\n\nverify a sample');
    await page.getByLabel('Software').check();
    await checkScreen(page, 'change-templates-propose');
    await page.getByRole('button', { name: 'Propose the template' }).click();

    await shows(page.getByRole('heading', { level: 1 }), 'Change template: Antivirus definitions');
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/change-templates\/[0-9A-Z]{26}$/);
    await shows(page.getByRole('status'), 'is proposed');
    await shows(page.getByRole('region', { name: 'Where it stands' }), 'Awaiting approval');
    await shows(page.getByRole('region', { name: 'Where it stands' }), 'Software');
    expect(await page.getByRole('region', { name: 'Steps' }).getByRole('listitem').allTextContents()).toEqual(
      expect.arrayContaining(['download the signed definitions', 'push them to the endpoints', 'verify a sample']),
    );
    const approval = page.getByRole('region', { name: 'Approval' });
    await shows(approval, 'Check — current');
    await shows(approval, 'Waiting on a security officer');
    await shows(approval, 'Approve — later');
    const record = page.getByRole('link', { name: 'The full decision record' });
    expect(await record.getAttribute('href')).toMatch(/^\/flows\/[0-9A-Z]{26}$/);
    await checkScreen(page, 'change-template');

    await page.getByRole('link', { name: 'All change templates' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Antivirus definitions' });
    await shows(row, 'Awaiting approval');
    await shows(row, 'Software');
    await checkScreen(page, 'change-templates');
    await close(visitor);
  }, 90_000);

  it('saves a new quorum in the settings, showing a value out of range beside its field', async () => {
    const visitor = await open({ tenant: tenant.tenantId, user: 'admin', roles: ['admin'] }, '/settings');
    const { page } = visitor;
    await page.getByRole('link', { name: 'Change management settings' }).click();
    await shows(page.getByRole('heading', { level: 1 }), 'Change management settings');
    await shows(page.getByRole('region', { name: 'In force' }), 'the defaults');
    const quorum = page.getByLabel('Normal changes: quorum', { exact: true });
    await expect.poll(() => quorum.inputValue(), { timeout: 15_000 }).toBe('1');
    await quorum.fill('11');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await shows(fieldError(page, 'Normal changes: quorum'), '10');
    expect(await quorum.getAttribute('aria-invalid')).toBe('true');
    await checkScreen(page, 'change-settings');

    await quorum.fill('2');
    await page.getByLabel('Review after (days)', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await shows(page.getByRole('status'), 'Saved.');
    await shows(page.getByRole('region', { name: 'In force' }), 'Manager — 2 must approve');
    await shows(page.getByRole('region', { name: 'In force' }), '10 days after implementation');
    const stored = await api.call('GET', '/change-settings', { token: tokens.aldo });
    expect(stored.body).toMatchObject({ version: 1, reviewDays: 10, authorization: { normal: { role: 'manager', quorum: 2 } } });
    await close(visitor);

    // A manager reads them, and is not offered the form.
    const reader = await open(manager, '/change-settings');
    await shows(reader.page.getByRole('region', { name: 'In force' }), 'Manager — 2 must approve');
    expect(await reader.page.getByRole('button', { name: 'Save the settings' }).count()).toBe(0);
    await close(reader);
  }, 90_000);

  it('reports the implemented change per class, with the lists behind the figures', async () => {
    const visitor = await open(officer, '/change-report');
    const { page } = visitor;
    await shows(page.getByRole('heading', { level: 1 }), 'Change report');
    const table = page.getByRole('table', { name: /Changes with windows from/ });
    const figures = (label: string) => table.locator('tr', { has: page.getByRole('rowheader', { name: label, exact: true }) }).locator('td');
    // Standard, normal, emergency.
    await expect.poll(() => figures('Implemented').allTextContents(), { timeout: 15_000 }).toEqual(['0', '0', '1']);
    expect(await figures('Success rate').allTextContents()).toEqual(['—', '—', '100 %']);
    expect(await figures('Rolled back').allTextContents()).toEqual(['0', '0', '0']);
    expect(await figures('Implemented outside the window').allTextContents()).toEqual(['0', '0', '0']);
    expect((await figures('Mean time to implement').allTextContents())[2]).toMatch(/^\d+(\.\d)? h$/);
    expect(await page.getByRole('link', { name: 'Failed changes' }).getAttribute('href')).toBe('/change-requests?state=failed');
    expect(await page.getByRole('link', { name: 'Rolled-back changes' }).getAttribute('href')).toBe('/change-requests?state=rolled-back');
    await checkScreen(page, 'change-report');

    // A period without the change: its figures are gone, and the address keeps the period.
    await page.getByLabel('Windows from').fill('2030-01-01');
    await page.getByLabel('To (inclusive)').fill('2030-03-31');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?from=2030-01-01&to=2030-03-31');
    await expect.poll(() => figures('Implemented').allTextContents(), { timeout: 15_000 }).toEqual(['0', '0', '0']);
    await close(visitor);
  }, 90_000);

  it('shows the coming week’s changes on the dashboard, to staff too, and keeps the report from staff', async () => {
    const visitor = await open(officer, '/');
    const tile = visitor.page.getByRole('region', { name: 'Changes this week' });
    await shows(tile, coming.title);
    await shows(tile, done.title);
    await shows(tile, '2 changes have their window in the next 7 days');
    expect(await tile.getByRole('link', { name: coming.title }).getAttribute('href')).toBe(`/change-requests/${coming.id}`);
    await checkScreen(visitor.page, 'dashboard-changes');
    await close(visitor);

    // Staff (the field engineers a plan names as testers and implementers) read the calendar, not the report.
    const other = await open(staff, '/change-report');
    await shows(other.page.getByRole('heading', { level: 1 }), 'Not for your roles');
    expect(await other.page.getByRole('link', { name: 'Change calendar' }).count()).toBe(1);
    await other.page.getByRole('link', { name: 'Change calendar' }).click();
    await shows(other.page.getByRole('heading', { level: 1 }), 'Change calendar');
    // Through the app's own navigation: a reload would drop answers still in flight from the contract check.
    await other.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await shows(other.page.getByRole('region', { name: 'Changes this week' }), coming.title);
    await close(other);
  }, 90_000);
});
