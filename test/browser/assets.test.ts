// Asset management in the console, as its users see it: an owner registers an asset and reads it back; a bad
// value is shown beside its field with what was typed kept; the register searches, filters (by the URL the
// dashboard's tiles link to) and pages; an edit that met someone else's change is reloaded and saved; a
// review, a retirement, an import job followed to its end, and evidence uploaded and downloaded.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startApi, uniqueSlug, type Api } from '../support/api.ts';
import { checkScreen, describeWithBrowser, launchBrowser, shows, signIn, visit, type Person } from '../support/browser.ts';

describeWithBrowser('the asset screens', () => {
  let api: Api;
  let browser: Browser;
  const tenant = uniqueSlug('assets');
  const officer: Person = { tenant, user: 'olga', roles: ['security-officer'] };
  const owner: Person = { tenant, user: 'otto', roles: ['asset-owner'] };
  let officerToken: string;
  const email = (person: Person) => `${person.user}@${tenant}.example`;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi({ console: true, events: true }), launchBrowser()]);
    api.relay!.start();
    officerToken = await api.tokenFor(tenant, officer.user, officer.roles);
    await api.tokenFor(tenant, owner.user, owner.roles);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** An asset registered through the API, as another person would. */
  async function registered(name: string, extra: Record<string, unknown> = {}) {
    const created = await api.call('POST', '/assets', {
      token: officerToken,
      body: { name, type: 'physical', owner: email(officer), classification: 'internal', confidentiality: 2, integrity: 2, availability: 2, ...extra },
    });
    expect(created.status).toBe(201);
    return created.body as { id: string; name: string };
  }

  /** The error shown beside a field (the field's own error text). */
  const fieldError = (page: Page, label: string) => page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.field-error');

  it('lets an asset owner register an asset through the form, keeping what was typed when a value is refused', async () => {
    const { page, context, contractFailures } = await visit(browser, api);
    await signIn(page, owner, '/assets');
    await shows(page.getByRole('heading', { level: 1 }), 'Assets');
    // An asset owner registers, but neither imports nor exports.
    expect(await page.getByRole('button', { name: 'Export' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Import' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Register an asset' }).click();
    await shows(page.getByRole('heading', { level: 1 }), 'Register an asset');
    await expect.poll(() => page.getByLabel('Classification', { exact: true }).locator('option').allTextContents()).toContain('confidential');
    await checkScreen(page, 'asset-new');

    await page.getByLabel('Name', { exact: true }).fill('Billing database');
    await page.getByLabel('Type', { exact: true }).selectOption('information');
    await page.getByLabel('Description', { exact: true }).fill('Customer invoices and payment records');
    await page.getByLabel('Labels', { exact: true }).fill('pci, customer-data');
    await page.getByLabel('Location', { exact: true }).fill('Frankfurt DC, hall 2');
    await page.getByLabel('Classification', { exact: true }).selectOption('confidential');
    await page.getByLabel('Confidentiality', { exact: true }).fill('9');
    await page.getByLabel('Integrity', { exact: true }).fill('4');
    await page.getByLabel('Availability', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Register the asset' }).click();
    // Checked with the API's own schema before it is sent.
    await shows(fieldError(page, 'Confidentiality'), 'a value from 1 to 5');
    expect(await page.getByLabel('Confidentiality', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Billing database');

    // The API refuses an owner who is no user of the tenant: its error lands beside the field.
    await page.getByLabel('Confidentiality', { exact: true }).fill('5');
    await page.getByLabel('Owner', { exact: true }).fill(`nobody@${tenant}.example`);
    await page.getByRole('button', { name: 'Register the asset' }).click();
    await expect.poll(async () => (await fieldError(page, 'Owner').count()) > 0, { timeout: 15_000 }).toBe(true);
    expect(await fieldError(page, 'Confidentiality').count()).toBe(0);
    expect(await page.getByLabel('Description', { exact: true }).inputValue()).toBe('Customer invoices and payment records');

    await page.getByLabel('Owner', { exact: true }).fill(email(owner));
    await page.getByRole('button', { name: 'Register the asset' }).click();
    await shows(page.getByRole('heading', { level: 1 }), 'Billing database');
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/assets\/[0-9A-Z]{26}$/);
    await shows(page.getByRole('status'), 'Billing database is registered.');
    const facts = page.locator('dl.facts');
    await shows(facts.nth(0), 'pci, customer-data');
    // Importance by the default policy's rule: the highest of C, I and A.
    await shows(facts.nth(1), '5 · critical');
    await shows(facts.nth(2), 'Otto');
    await shows(facts.nth(2), 'Frankfurt DC, hall 2');
    await shows(page.getByRole('table', { name: /Every version/ }), 'createAsset');
    // An asset owner is no auditor: no audit trail on the screen.
    expect(await page.getByRole('heading', { name: 'Audit trail' }).count()).toBe(0);
    await checkScreen(page, 'asset');
    expect(contractFailures).toEqual([]);
    await context.close();
  }, 90_000);

  it('searches, filters and pages the register, and opens a filtered list from its URL', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      name: `Router ${String(i + 1).padStart(2, '0')}`,
      type: i % 3 === 0 ? 'software' : 'physical',
      owner: email(officer),
      classification: 'internal',
      confidentiality: i % 5 === 0 ? 5 : 2,
      integrity: 2,
      availability: 2,
      // Reviewed long ago: overdue.
      ...(i < 4 ? { lastReviewedAt: '2020-01-01' } : {}),
    }));
    const imported = await api.call('POST', '/assets/import', { token: officerToken, body: rows });
    expect(imported.status).toBe(200);
    expect(imported.body.created).toHaveLength(30);

    const { page, context, contractFailures } = await visit(browser, api);
    await signIn(page, officer, '/assets?importance=5&type=software');
    const table = page.getByRole('table', { name: /Assets/ });
    // Rows 1, 16 (0-based 0 and 15): software with confidentiality 5.
    await expect.poll(() => table.locator('tbody th').allTextContents(), { timeout: 15_000 }).toEqual(['Router 01', 'Router 16']);
    expect(await page.getByLabel('Importance', { exact: true }).inputValue()).toBe('5');
    expect(await page.getByLabel('Type', { exact: true }).inputValue()).toBe('software');
    await checkScreen(page, 'assets');

    // The overdue reviews, as the dashboard's tile links to them: named as such, not by colour only.
    await page.goto('/assets?reviewState=overdue');
    await expect.poll(() => table.locator('tbody th').allTextContents(), { timeout: 15_000 }).toEqual(['Router 01', 'Router 02', 'Router 03', 'Router 04']);
    await shows(table.locator('tbody tr').first(), 'Overdue');

    // A search from the form: the URL holds it under the API's name.
    // Clearing navigates and draws the form anew: type only once the unfiltered list (a full page) is there.
    const clearFilters = async () => {
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await expect.poll(() => new URL(page.url()).search).toBe('');
      await expect.poll(() => table.locator('tbody tr').count(), { timeout: 15_000 }).toBe(25);
    };
    await clearFilters();
    await page.getByLabel('Name begins with').fill('router 0');
    await page.getByLabel('Sort by').selectOption('-name');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('router 0');
    await expect
      .poll(() => table.locator('tbody th').allTextContents(), { timeout: 15_000 })
      .toEqual(['09', '08', '07', '06', '05', '04', '03', '02', '01'].map((n) => `Router ${n}`));

    // Paging: 25 at a time by the API's cursor.
    await clearFilters();
    await page.getByLabel('Name begins with').fill('Router');
    await page.getByRole('button', { name: 'Search' }).click();
    // A name search lists by name: Router 01 … 25, then the last five.
    const routers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `Router ${String(from + i).padStart(2, '0')}`);
    await expect.poll(() => table.locator('tbody th').allTextContents(), { timeout: 15_000 }).toEqual(routers(1, 25));
    await page.getByRole('button', { name: 'Next' }).click();
    await shows(page.locator('.pager'), 'Page 2');
    await expect.poll(() => table.locator('tbody th').allTextContents(), { timeout: 15_000 }).toEqual(routers(26, 30));
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => table.locator('tbody th').allTextContents()).toEqual(routers(1, 25));

    // The export starts a job and opens it.
    await page.getByRole('button', { name: 'Export' }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toMatch(/^\/jobs\/[0-9A-Z]{26}$/);
    expect(contractFailures).toEqual([]);
    await context.close();
  }, 90_000);

  it('shows an edit that met someone else’s change as changed meanwhile, and saves it after a reload', async () => {
    const asset = await registered('Core switch A');
    const { page, context, contractFailures } = await visit(browser, api);
    await signIn(page, officer, `/assets/${asset.id}`);
    await shows(page.getByRole('heading', { level: 1 }), 'Core switch A');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Location', { exact: true }).fill('Site B, rack 12');
    await page.getByLabel('Reason for the change').fill('moved during the migration');

    // Meanwhile someone else changes the description.
    const current = await api.call('GET', `/assets/${asset.id}`, { token: officerToken });
    const other = await api.call('PATCH', `/assets/${asset.id}`, {
      token: await api.tokenFor(tenant, 'sofia', ['security-officer']),
      headers: { 'if-match': current.headers.get('etag')! },
      body: { description: 'Aggregation switch for site B', reason: 'inventory' },
    });
    expect(other.status).toBe(200);

    await page.getByRole('button', { name: 'Save changes' }).click();
    await shows(page.getByRole('alert'), 'Changed meanwhile');
    expect(await page.getByLabel('Location', { exact: true }).inputValue()).toBe('Site B, rack 12');
    await page.getByRole('alert').getByRole('button', { name: 'Reload' }).click();
    // The reload shows their change; what was typed stays.
    await shows(page.locator('dl.facts').nth(0), 'Aggregation switch for site B');
    expect(await page.getByLabel('Location', { exact: true }).inputValue()).toBe('Site B, rack 12');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await shows(page.getByRole('status'), 'Your changes are saved.');
    await shows(page.locator('dl.facts').nth(2), 'Site B, rack 12');
    // Saved on top of their change, not over it.
    await shows(page.locator('dl.facts').nth(0), 'Aggregation switch for site B');
    await shows(page.getByRole('table', { name: /Every version/ }), 'moved during the migration');
    await shows(page.getByRole('table', { name: /Audit entries/ }), 'moved during the migration');
    expect(contractFailures).toEqual([]);
    await context.close();
  }, 90_000);

  it('reviews an asset from the review screen, showing the entry as it stands', async () => {
    const asset = await registered('Payroll system', { type: 'software', confidentiality: 4 });
    const { page, context, contractFailures } = await visit(browser, api);
    await signIn(page, officer, `/assets/${asset.id}/reviews`);
    await shows(page.getByRole('heading', { level: 1 }), 'Review: Payroll system');
    const current = page.getByRole('region', { name: 'The entry as it stands' });
    await shows(current, '4 · high');
    await shows(current, 'never');
    await checkScreen(page, 'asset-review');

    // An update names its changes: the new location goes with the review.
    await page.getByLabel('The entry needs changes: update it').check();
    await page.getByLabel('Location', { exact: true }).fill('Berlin office');
    await page.getByLabel('Review notes').fill('annual review with the payroll team');
    await page.getByRole('button', { name: 'Record the updated entry' }).click();
    await shows(page.getByRole('heading', { level: 1 }), 'Payroll system');
    await shows(page.getByRole('status'), 'Review recorded (updated)');
    await shows(page.locator('dl.facts').nth(2), 'Berlin office');
    await shows(page.getByRole('table', { name: /Every version/ }), 'annual review with the payroll team');
    expect(await page.locator('dl.facts').nth(1).innerText()).not.toContain('never');
    expect(contractFailures).toEqual([]);
    await context.close();
  }, 90_000);

  it('retires an asset with its reason', async () => {
    const asset = await registered('Old file server');
    const { page, context, contractFailures } = await visit(browser, api);
    await signIn(page, officer, `/assets/${asset.id}`);
    await shows(page.getByRole('heading', { level: 1 }), 'Old file server');
    await page.getByRole('button', { name: 'Retire', exact: true }).click();
    // Without a reason the API refuses: its error beside the field.
    await page.getByRole('button', { name: 'Retire the asset' }).click();
    await expect.poll(async () => (await fieldError(page, 'Reason for retirement').count()) > 0, { timeout: 15_000 }).toBe(true);
    await page.getByLabel('Reason for retirement').fill('replaced by the new NAS');
    await page.getByRole('button', { name: 'Retire the asset' }).click();
    await shows(page.getByRole('status'), 'Old file server is retired.');
    await shows(page.locator('dl.facts').nth(0), 'retired');
    await shows(page.getByRole('region', { name: 'Lifecycle' }), 'replaced by the new NAS');
    // Out of service: no longer reviewed, so no review button; a keeper may record its disposal.
    expect(await page.getByRole('link', { name: 'Review' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Record disposal' }).count()).toBe(1);
    expect(contractFailures).toEqual([]);
    await context.close();
  }, 90_000);

  it('imports a CSV as a job, following its progress to the end', async () => {
    const csv = [
      'externalId;name;type;owner;classification;confidentiality;integrity;availability',
      `IMP-1;Imported printer;physical;${email(officer)};internal;2;2;2`,
      `IMP-2;Imported laptop;physical;${email(officer)};confidential;3;2;2`,
      `IMP-3;Imported phone;physical;${email(officer)};internal;9;2;2`,
      `IMP-4;Imported badge reader;physical;${email(officer)};internal;1;1;3`,
    ].join('\n');
    const { page, context, contractFailures } = await visit(browser, api);
    await signIn(page, officer, '/assets');
    await page.getByRole('link', { name: 'Import' }).click();
    await shows(page.getByRole('heading', { level: 1 }), 'Import assets');
    await page.getByLabel('File to import').setInputFiles({ name: 'cmdb.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Start the import' }).click();
    const progress = page.getByRole('region', { name: /Import of cmdb\.csv/ });
    await shows(progress, 'Finished', 60_000);
    await shows(progress, '4 of 4 rows');
    const counts = await progress.getByRole('table', { name: 'Rows so far' }).locator('tbody td').allTextContents();
    expect(counts).toEqual(['3', '0', '0', '1']);
    const errorFile = progress.getByRole('link', { name: /download the error file/ });
    const errors = await (await fetch(new URL((await errorFile.getAttribute('href'))!, api.url))).text();
    expect(errors).toContain('confidentiality');
    expect(await progress.locator('progress').getAttribute('value')).toBe('4');
    await checkScreen(page, 'asset-import');

    await progress.getByRole('link', { name: 'Open the register' }).click();
    await page.getByLabel('Name begins with').fill('Imported');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect
      .poll(
        async () =>
          (
            await page
              .getByRole('table', { name: /Assets/ })
              .locator('tbody th')
              .allTextContents()
          ).sort(),
        { timeout: 15_000 },
      )
      .toEqual(['Imported badge reader', 'Imported laptop', 'Imported printer']);
    expect(contractFailures).toEqual([]);
    await context.close();
  }, 90_000);

  it('uploads evidence about an asset and downloads it', async () => {
    const asset = await registered('Shredder log');
    const content = `certificate of destruction ${uniqueSlug('cert')}\n`;
    const { page, context, contractFailures } = await visit(browser, api);
    await signIn(page, officer, `/assets/${asset.id}`);
    await shows(page.getByRole('heading', { level: 1 }), 'Shredder log');
    await page.getByLabel('Evidence file').setInputFiles({ name: 'certificate.txt', mimeType: 'text/plain', buffer: Buffer.from(content) });
    await page.getByLabel('Description of the evidence').fill('signed by the contractor');
    await page.getByRole('button', { name: 'Upload evidence' }).click();
    const evidence = page.getByRole('table', { name: 'Evidence opened or uploaded here' });
    await shows(evidence, 'certificate.txt');
    await shows(evidence, 'uploaded');
    await evidence.getByRole('button', { name: 'Get download link for certificate.txt' }).click();
    const link = evidence.getByRole('link', { name: 'Download certificate.txt' });
    await expect.poll(() => link.count(), { timeout: 15_000 }).toBe(1);
    const downloaded = await fetch(new URL((await link.getAttribute('href'))!, api.url));
    expect(downloaded.status).toBe(200);
    expect(await downloaded.text()).toBe(content);
    expect(contractFailures).toEqual([]);
    await context.close();
  }, 90_000);
});
