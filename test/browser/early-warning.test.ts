// Security early warning in the console, as its people use it (X.1052 12.2.1 a): a security officer registers
// an advisory source and is shown its signing secret once; the test, as the sender, signs a real CSAF advisory
// (Standard Webhooks) and posts it to the webhook, and the officer follows the delivery to the advisory, its
// vulnerability and the register; a rejected delivery shows each reason's test and JSON pointer; the secret is
// rotated (the new one shown once) and the source disabled and enabled; a TLP:AMBER advisory is marked on its
// page and kept from a manager until the settings let managers see it; the dashboard counts the week's
// advisories; a weakness reported by staff is triaged by the officer. Every screen is checked by axe.
//
// Run with ISMF_CONSOLE_BUILD_DIR=build/console-early-warning to build the console apart from other runs: the
// global setup builds it before any test file loads, so the variable is the command's, not this file's.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { webhookKey, webhookSignature } from '@ismf/early-warning/webhook-signature';
import { startApi, type Api } from '../support/api.ts';
import { checkScreen, describeWithBrowser, launchBrowser, shows, signIn, visit, type Person, type Visitor } from '../support/browser.ts';
import { eventually } from '../support/eventually.ts';
import { describeWithRealdata, realdata } from '../support/realdata.ts';

const csaf = (name: string) => readFileSync(realdata('csaf/examples/csaf', name));
const RHSA = 'Red Hat Security Advisory: OpenShift Container Platform 4.6.52 security update';

describeWithBrowser('the early-warning screens', () => {
  describeWithRealdata('with real advisories', () => {
    let api: Api;
    let browser: Browser;
    let tenant: { tenantId: string; adminToken: string; adminId: string };
    let officer: Person;
    let manager: Person;
    let staff: Person;
    const tokens: Record<string, string> = {};
    /** The source the officer registers in the console, with the secret it was shown. */
    const source = { id: '', path: '', secret: '' };

    const person = async (user: string, roles: string[]): Promise<Person> => {
      tokens[user] = await api.tokenFor(tenant.tenantId, user, roles);
      return { tenant: tenant.tenantId, user, roles };
    };

    beforeAll(async () => {
      [api, browser] = await Promise.all([startApi({ console: true, events: true }), launchBrowser()]);
      api.relay!.start();
      tenant = await api.newTenant('ew');
      officer = await person('olga', ['security-officer']);
      manager = await person('mona', ['manager']);
      staff = await person('sam', ['staff']);
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await api?.close();
    });

    let sequence = 0;
    /** Posts documents as the sender would: Standard Webhooks headers over the exact bytes, under a secret. */
    const deliver = (bytes: Buffer, secret = source.secret) => {
      const id = `msg_console_${Date.now()}_${sequence++}`;
      const timestamp = String(Math.floor(Date.now() / 1000));
      return api.call('POST', source.path, {
        rawBody: bytes,
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': timestamp,
          'webhook-signature': webhookSignature(webhookKey(secret), id, timestamp, bytes),
        },
      });
    };
    /** A delivery once its documents are checked (as the officer would wait for it). */
    const settled = (deliveryId: string) =>
      eventually(
        async () => {
          const reply = await api.call('GET', `/advisory-deliveries/${deliveryId}`, { token: tokens.olga });
          return reply.body.state === 'received' ? undefined : reply.body;
        },
        `delivery ${deliveryId} checked`,
        20_000,
      );

    const open = async (who: Person, path: string) => {
      const visitor = await visit(browser, api);
      await signIn(visitor.page, who, path);
      return visitor;
    };
    const close = async ({ context, contractFailures }: Visitor) => {
      expect(contractFailures).toEqual([]);
      await context.close();
    };
    /** Opens a screen of the early-warning menu, inside the app (no page load drops answers still arriving). */
    const menu = async (page: Page, entry: string) => {
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('button', { name: 'Early warning' }).click();
      await nav.getByRole('link', { name: entry, exact: true }).click();
    };
    const fieldError = (page: Page, label: string) => page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.field-error');

    it('registers a source, shows its secret once, and follows a signed CSAF delivery to the advisory and the register', async () => {
      const visitor = await open(officer, '/advisory-sources');
      const { page, context } = visitor;
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await shows(page.getByRole('heading', { level: 1 }), 'Advisory sources');
      await shows(page.getByRole('main'), 'No advisory source is registered yet');
      await checkScreen(page, 'advisory-sources-empty');

      await page.getByRole('link', { name: 'New source' }).click();
      await shows(page.getByRole('heading', { level: 1 }), 'New advisory source');
      // Refused beside its field before anything is sent; nothing typed is lost.
      await page.getByLabel('Vendor', { exact: true }).fill('Red Hat');
      await page.getByRole('button', { name: 'Register the source' }).click();
      await shows(fieldError(page, 'Name'), 'give the source a name');
      expect(await page.getByLabel('Vendor', { exact: true }).inputValue()).toBe('Red Hat');
      await checkScreen(page, 'advisory-source-new');

      await page.getByLabel('Name', { exact: true }).fill('Red Hat Product Security');
      await page.getByLabel('Expected interval (hours)').fill('24');
      expect(await page.getByRole('checkbox', { name: /CSAF 2\.0/ }).isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Register the source' }).click();
      await shows(page.getByRole('status').first(), 'The source “Red Hat Product Security” is registered.');
      const panel = page.getByRole('region', { name: 'Give these to the sender' });
      await shows(panel, 'The signing secret is shown this once.');
      await shows(panel, 'How the sender signs');
      source.secret = await page.getByLabel('Signing secret', { exact: true }).inputValue();
      expect(source.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const url = new URL(await page.getByLabel('Webhook URL', { exact: true }).inputValue());
      expect(url.origin).toBe(api.url);
      expect(url.pathname).toMatch(new RegExp(`^/webhooks/${tenant.tenantId}/[0-9A-Z]{26}$`));
      source.path = url.pathname;
      source.id = url.pathname.split('/').pop()!;
      await panel.getByRole('button', { name: 'Copy the signing secret' }).click();
      await shows(panel, 'The signing secret is copied.');
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(source.secret);
      await checkScreen(page, 'advisory-source-secret');

      // Its page never shows the secret again.
      await page.getByRole('link', { name: 'Open the source' }).click();
      await shows(page.getByRole('heading', { level: 1 }), 'Advisory source: Red Hat Product Security');
      await shows(page.getByRole('region', { name: 'Health' }), 'Deliveries');
      expect(await page.locator('body').innerText()).not.toContain(source.secret.slice(6, 30));
      expect(await page.getByLabel('Webhook URL', { exact: true }).inputValue()).toBe(`${api.url}${source.path}`);

      // The sender signs and posts a real CSAF advisory.
      const bytes = csaf('rhsa-2021_5186.json');
      const sent = await deliver(bytes);
      expect(sent.status, JSON.stringify(sent.body)).toBe(202);
      const delivery = await settled(sent.body.id);
      expect(delivery.state).toBe('accepted');
      expect(delivery.outcomes[0].advisoryId).toMatch(/^[0-9A-Z]{26}$/);

      await menu(page, 'Deliveries');
      await shows(page.getByRole('heading', { level: 1 }), 'Advisory deliveries');
      const row = page.getByRole('row').filter({ hasText: 'Red Hat Product Security' });
      await shows(row, 'Accepted');
      await shows(row, '1: 1 accepted, 0 rejected');
      await checkScreen(page, 'advisory-deliveries');
      await row.getByRole('link').first().click();
      await shows(page.getByRole('heading', { level: 1 }), 'Delivery of');
      const document = page.getByRole('listitem').filter({ hasText: 'Document 1' });
      await shows(document, 'RHSA-2021:5186 version 1');
      await shows(document, 'Accepted');
      await shows(page.getByRole('region', { name: 'What arrived' }), delivery.sha256);
      await checkScreen(page, 'advisory-delivery');

      await document.getByRole('link', { name: 'The advisory' }).click();
      await shows(page.getByRole('heading', { level: 1 }), RHSA);
      const summary = page.getByRole('region', { name: 'Summary' });
      await shows(summary, 'TLP:WHITE');
      await shows(summary, 'Red Hat Product Security');
      await shows(summary, 'RHSA-2021:5186, version 1');
      await shows(summary, 'Current');
      await shows(page.getByRole('region', { name: 'CVSS scores' }), 'The document carries no CVSS vector.');
      const references = page.getByRole('region', { name: 'References' }).getByRole('link');
      expect(await references.count()).toBeGreaterThan(0);
      for (const rel of await references.evaluateAll((links) => links.map((link) => link.getAttribute('rel')))) expect(rel).toBe('noopener noreferrer');
      // The raw document, byte for byte, through the page's short-lived link.
      const raw = await fetch((await page.getByRole('link', { name: 'Download raw document' }).getAttribute('href'))!);
      expect(Buffer.from(await raw.arrayBuffer()).equals(bytes)).toBe(true);
      const vulnerabilities = page.getByRole('region', { name: 'Vulnerabilities' });
      await shows(vulnerabilities.getByRole('table'), 'CVE-2021-4125');
      await checkScreen(page, 'advisory');

      await vulnerabilities.getByRole('link', { name: 'CVE-2021-4104', exact: true }).first().click();
      await shows(page.getByRole('heading', { level: 1 }), 'Vulnerability CVE-2021-4104');
      await shows(page.getByRole('table', { name: 'Advisories naming it, newest first' }), RHSA);
      await shows(page.getByRole('region', { name: 'As the sources name it' }), 'Red Hat Product Security');
      await checkScreen(page, 'vulnerability');

      await menu(page, 'Advisories');
      await shows(page.getByRole('heading', { level: 1 }), 'Advisories');
      const listed = page.getByRole('row').filter({ hasText: RHSA });
      await shows(listed, 'CVE-2021-4104');
      await shows(listed, 'Not scored');
      await shows(listed, 'Current');
      await checkScreen(page, 'advisories');
      await page.getByLabel('CVE id or alias').fill('cve-2021-4125');
      await page.getByRole('button', { name: 'Filter', exact: true }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('cve')).toBe('cve-2021-4125');
      await shows(page.getByRole('table'), RHSA);
      await page.getByLabel('CVE id or alias').fill('CVE-1999-0001');
      await page.getByRole('button', { name: 'Filter', exact: true }).click();
      await shows(page.getByRole('main'), 'No advisory matches these filters on this page.');
      await close(visitor);
    }, 120_000);

    it('shows each reason of a rejected delivery: the test, the JSON pointer and the message', async () => {
      const broken = JSON.parse(csaf('rhsa-2021_5186.json').toString('utf8'));
      broken.vulnerabilities[0].product_status.fixed.push('NO-SUCH-PRODUCT');
      const sent = await deliver(Buffer.from(JSON.stringify(broken)));
      expect(sent.status).toBe(202);
      expect((await settled(sent.body.id)).state).toBe('rejected');

      const visitor = await open(officer, '/advisory-deliveries?state=rejected');
      const { page } = visitor;
      await shows(page.getByRole('heading', { level: 1 }), 'Advisory deliveries');
      expect(await page.getByLabel('State', { exact: true }).inputValue()).toBe('rejected');
      const row = page.getByRole('row').filter({ hasText: 'Rejected' });
      await shows(row, '1: 0 accepted, 1 rejected');
      await row.getByRole('link').first().click();
      const reasons = page.getByRole('table', { name: 'Why document 1 was rejected' });
      const reason = reasons
        .getByRole('row')
        .filter({ hasText: 'NO-SUCH-PRODUCT' })
        .or(reasons.getByRole('row').filter({ hasText: '6.1.1' }));
      await shows(reason.first(), '6.1.1');
      await shows(reason.first(), '/vulnerabilities/0/product_status/fixed/');
      await shows(page.getByRole('listitem').filter({ hasText: 'Document 1' }), 'Rejected');
      await checkScreen(page, 'advisory-delivery-rejected');
      await close(visitor);
    }, 60_000);

    it('rotates the secret (shown once, the previous one valid a while), and disables and enables the source', async () => {
      const visitor = await open(officer, `/advisory-sources/${source.id}`);
      const { page } = visitor;
      await shows(page.getByRole('heading', { level: 1 }), 'Advisory source: Red Hat Product Security');
      const health = page.getByRole('region', { name: 'Health' });
      await shows(health, '1 rejected');
      await shows(page.getByRole('table', { name: 'Recent deliveries, newest first' }), 'Rejected');

      await page.getByRole('button', { name: 'Rotate the secret' }).click();
      await shows(page.getByRole('region', { name: 'Rotate the signing secret' }), 'still verifies deliveries for 24 hours');
      await page.getByRole('button', { name: 'Rotate the secret' }).click();
      const panel = page.getByRole('region', { name: 'The new signing secret' });
      await shows(panel, 'The previous secret still verifies deliveries until');
      const rotated = await panel.getByLabel('Signing secret', { exact: true }).inputValue();
      expect(rotated).toMatch(/^whsec_/);
      expect(rotated).not.toBe(source.secret);
      await shows(page.getByRole('region', { name: 'Details' }), 'secret 2 (rotated 1 time)');
      await checkScreen(page, 'advisory-source-rotated');
      const document = csaf('rhsa-2021_5217.json');
      expect((await deliver(document, rotated)).status).toBe(202);
      source.secret = rotated;

      await page.getByRole('button', { name: 'Disable', exact: true }).click();
      await page.getByRole('button', { name: 'Disable the source' }).click();
      await shows(page.getByRole('status'), 'The source is disabled.');
      await shows(page.getByRole('region', { name: 'Details' }), 'Disabled — its webhook refuses deliveries');
      expect((await deliver(document)).status).toBe(401);
      await page.getByRole('button', { name: 'Enable', exact: true }).click();
      await page.getByRole('button', { name: 'Enable the source' }).click();
      await shows(page.getByRole('status'), 'The source is enabled.');
      await shows(page.getByRole('region', { name: 'Details' }), 'Active');
      await checkScreen(page, 'advisory-source');
      await page.getByRole('link', { name: 'All sources' }).click();
      const listed = page.getByRole('row').filter({ hasText: 'Red Hat Product Security' });
      await shows(listed, 'Pushed to its signed webhook');
      await shows(listed, '1 rejected');
      await checkScreen(page, 'advisory-sources');
      await close(visitor);
    }, 60_000);

    it('marks a TLP:AMBER advisory, keeps it from a manager until the settings allow, and counts the week on the dashboard', async () => {
      // A real CSAF advisory with a CVSS vector, marked AMBER and published now.
      const amber = JSON.parse(csaf('bsi-2022-0001.json').toString('utf8'));
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      amber.document.distribution.tlp.label = 'AMBER';
      amber.document.tracking.initial_release_date = now;
      amber.document.tracking.current_release_date = now;
      for (const revision of amber.document.tracking.revision_history) revision.date = now;
      const sent = await deliver(Buffer.from(JSON.stringify(amber)));
      const delivery = await settled(sent.body.id);
      expect(delivery.state, JSON.stringify(delivery.outcomes)).toBe('accepted');
      const amberId = delivery.outcomes[0].advisoryId;
      const title = amber.document.title as string;

      const visitor = await open(officer, `/advisories/${amberId}`);
      const { page } = visitor;
      await shows(page.getByRole('heading', { level: 1 }), title);
      await shows(page.getByRole('note', { name: 'Marked TLP:AMBER' }), 'only within your organization');
      const scores = page.getByRole('region', { name: 'CVSS scores' }).getByRole('table');
      await shows(scores, 'CVSS 3.1');
      await shows(scores, amber.vulnerabilities[0].scores[0].cvss_v3.vectorString);
      await checkScreen(page, 'advisory-amber');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
      const tile = page.getByRole('region', { name: 'Advisories this week' });
      await shows(tile, '1 new advisory published in the last 7 days');
      await shows(tile, '1 rejected');
      await checkScreen(page, 'dashboard-early-warning');
      await close(visitor);

      // A manager reads advisories, but not this one.
      const reader = await open(manager, '/advisories');
      await shows(reader.page.getByRole('table'), RHSA);
      expect(await reader.page.getByRole('main').innerText()).not.toContain(title);
      await reader.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Early warning' }).click();
      expect(await reader.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Advisory sources' }).count()).toBe(0);
      await reader.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
      await shows(reader.page.getByRole('region', { name: 'Advisories this week' }), '0 new advisories');
      await reader.page.waitForLoadState('networkidle');
      await reader.page.goto(`/advisories/${amberId}`);
      await shows(reader.page.getByRole('main'), 'its TLP marking keeps it from your roles');
      await close(reader);

      // The officer lets managers see TLP:AMBER advisories.
      const keeper = await open(officer, '/early-warning-settings');
      const settings = keeper.page;
      await shows(settings.getByRole('region', { name: 'In force' }), 'the defaults (never changed)');
      const amberRoles = settings.getByRole('group', { name: 'Who sees TLP:AMBER advisories' });
      await amberRoles.getByLabel('Security officer').uncheck();
      await amberRoles.getByLabel('ISIRT member').uncheck();
      await settings.getByRole('button', { name: 'Save the settings' }).click();
      await shows(amberRoles, 'choose at least one role');
      await checkScreen(settings, 'early-warning-settings');
      await amberRoles.getByLabel('Security officer').check();
      await amberRoles.getByLabel('Manager').check();
      await settings.getByRole('button', { name: 'Save the settings' }).click();
      await shows(settings.getByRole('status'), 'Saved.');
      await shows(settings.getByRole('region', { name: 'In force' }), 'Security officer, Manager');
      await close(keeper);
      expect((await api.call('GET', `/advisories/${amberId}`, { token: tokens.mona })).status).toBe(200);
    }, 90_000);

    it('takes a weakness report from staff through the dashboard, and the officer dismisses it in triage', async () => {
      const reporter = await open(staff, '/');
      const { page } = reporter;
      const tile = page.getByRole('region', { name: 'Security weaknesses' });
      await tile.getByRole('link', { name: 'Report a weakness' }).click();
      await shows(page.getByRole('heading', { level: 1 }), 'Report a weakness');
      await page.getByLabel('What is the weakness?').fill('Equipment room door does not latch');
      await page.getByRole('button', { name: 'Send the report' }).click();
      await shows(fieldError(page, 'What did you observe?'), /./);
      await page.getByLabel('What did you observe?').fill('The door of the equipment room at RS-114 stays open unless pushed hard.');
      await page.getByLabel('Where?').fill('radio site RS-114');
      await checkScreen(page, 'weakness-report-new');
      await page.getByRole('button', { name: 'Send the report' }).click();
      await shows(page.getByRole('heading', { level: 1 }), 'Weakness: Equipment room door does not latch');
      await shows(page.getByRole('status'), 'your report is with the security officers');
      await shows(page.getByRole('region', { name: 'What was reported' }), 'Awaiting triage');
      const reportPath = new URL(page.url()).pathname;
      await checkScreen(page, 'weakness-report');
      await close(reporter);

      const triager = await open(officer, '/weakness-reports');
      const queue = triager.page;
      await shows(queue.getByRole('heading', { level: 1 }), 'Weakness reports');
      await shows(queue.getByRole('table'), 'Equipment room door does not latch');
      await checkScreen(queue, 'weakness-reports');
      await queue.getByRole('link', { name: 'Equipment room door does not latch' }).click();
      await shows(queue.getByRole('form', { name: 'Triage' }), 'What is it?');
      await checkScreen(queue, 'weakness-report-triage');
      await queue.getByLabel('No weakness, or none to act on: dismiss it').check();
      await queue.getByLabel('Why is it dismissed?').fill('The door was replaced on 1 March.');
      await queue.getByRole('button', { name: 'Dismiss the report' }).click();
      await shows(queue.getByRole('status'), 'The report is triaged');
      await shows(queue.getByRole('region', { name: 'Triage' }), 'The door was replaced on 1 March.');

      // An announcement read elsewhere, entered by hand: a bad CVE id is named beside its field.
      await menu(queue, 'Advisories');
      await queue.getByRole('link', { name: 'New advisory' }).click();
      await shows(queue.getByRole('heading', { level: 1 }), 'New advisory');
      await queue.getByLabel('Title', { exact: true }).fill('RAN element manager: remote code execution');
      await queue.getByLabel('Publisher name', { exact: true }).fill('Example Networks PSIRT');
      await queue.getByLabel('CVE ids', { exact: true }).fill('CVE-26-1');
      await queue.getByLabel('CVSS vectors', { exact: true }).fill('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
      await queue.getByRole('button', { name: 'Enter the advisory' }).click();
      await shows(fieldError(queue, 'CVE ids'), '“CVE-26-1”');
      await checkScreen(queue, 'advisory-new');
      await queue.getByLabel('CVE ids', { exact: true }).fill('CVE-2026-40001');
      await queue.getByRole('button', { name: 'Enter the advisory' }).click();
      await shows(queue.getByRole('heading', { level: 1 }), 'RAN element manager: remote code execution');
      await shows(queue.getByRole('status'), 'The advisory is entered in the register.');
      const entered = queue.getByRole('region', { name: 'Summary' });
      await shows(entered, 'Critical 9.8');
      await shows(entered, 'entered by hand');
      await close(triager);

      const again = await open(staff, reportPath);
      await shows(again.page.getByRole('region', { name: 'Triage' }), 'Dismissed');
      await close(again);
    }, 90_000);
  });
});
