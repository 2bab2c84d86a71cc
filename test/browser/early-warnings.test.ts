// Early warnings in the console, as a security officer meets them (X.1052 12.2.1 b): a web application is
// registered by its SBOM (path-to-regexp 0.1.9 among its components) and marked internet-facing; a real OSV
// advisory for path-to-regexp arrives signed by webhook and is matched to it. The officer finds the early
// warning counted on the dashboard, lists it by priority, opens it — the priority written as its formula
// (internet-facing weighing in), the finding with the installed and the fixed version — opens the printable
// report, triages the finding as not affected (refused beside the justification until one is given; the still
// exposed count drops to 0), replaces the advisory's recommendations by theirs (a control the X.1051 catalogue
// does not have refused beside its field), downloads the early warning as a CycloneDX VEX document, and
// follows the finding to the asset, which shows its exposure. The asset form asks equipment for
// the vendor product it is, and the settings show how the priority is computed. Every screen is checked by axe.
//
// Run with ISMF_CONSOLE_BUILD_DIR=build/console-early-warnings to build the console apart from other runs: the
// global setup builds it before any test file loads, so the variable is the command's, not this file's.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { webhookKey, webhookSignature } from '@ismf/early-warning/webhook-signature';
import { startApi, type Api } from '../support/api.ts';
import { checkScreen, describeWithBrowser, launchBrowser, shows, signIn, visit, type Person, type Visitor } from '../support/browser.ts';
import { eventually } from '../support/eventually.ts';
import { describeWithRealdata, realdataText } from '../support/realdata.ts';

const PATH_TO_REGEXP = realdataText('osv', 'npm-ghsa', 'GHSA-9wv6-86v2-598j.json');
const TITLE = 'path-to-regexp outputs backtracking regular expressions';
const PRIORITY_WORDS: Record<string, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

/** A CycloneDX SBOM of one web application with the given npm packages. */
function npmSbom(name: string, packages: Record<string, string>) {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    metadata: { component: { type: 'application', name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0` } },
    components: Object.entries(packages).map(([pkg, version]) => ({ type: 'library', name: pkg, version, purl: `pkg:npm/${pkg}@${version}` })),
  });
}

describeWithBrowser('the early-warning analysis screens', () => {
  describeWithRealdata('with a real advisory matched to an SBOM', () => {
    let api: Api;
    let browser: Browser;
    let tenant: { tenantId: string; adminToken: string; adminId: string };
    let officer: Person;
    let officerToken: string;
    let source: { id: string; webhookPath: string; webhookSecret: string };
    let portal: string;
    let warning: { id: string; title: string; priority: string; score: number; advisoryId: string };

    beforeAll(async () => {
      [api, browser] = await Promise.all([startApi({ console: true, events: true }), launchBrowser()]);
      api.relay!.start();
      tenant = await api.newTenant('ews');
      officerToken = await api.tokenFor(tenant.tenantId, 'olga', ['security-officer']);
      officer = { tenant: tenant.tenantId, user: 'olga', roles: ['security-officer'] };
      const created = await api.call('POST', '/advisory-sources', {
        token: officerToken,
        body: { name: 'GitHub advisories', kind: 'security-organization', formats: ['osv'] },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      source = created.body;
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await api?.close();
    });

    /** Posts a document as the sender would: Standard Webhooks headers over the exact bytes, under the source's secret. */
    const deliver = async (text: string) => {
      const bytes = Buffer.from(text);
      const id = `msg_console_ews_${Date.now()}`;
      const timestamp = String(Math.floor(Date.now() / 1000));
      const sent = await api.call('POST', source.webhookPath, {
        rawBody: bytes,
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': timestamp,
          'webhook-signature': webhookSignature(webhookKey(source.webhookSecret), id, timestamp, bytes),
        },
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(202);
      const delivery = await eventually(
        async () => {
          const reply = await api.call('GET', `/advisory-deliveries/${sent.body.id}`, { token: officerToken });
          return reply.body.state === 'received' ? undefined : reply.body;
        },
        'delivery checked',
        20_000,
      );
      expect(delivery.state, JSON.stringify(delivery.outcomes)).toBe('accepted');
      return delivery.outcomes[0].advisoryId as string;
    };

    const open = async (who: Person, path: string) => {
      const visitor = await visit(browser, api);
      await signIn(visitor.page, who, path);
      return visitor;
    };
    const close = async ({ context, contractFailures }: Visitor) => {
      expect(contractFailures).toEqual([]);
      await context.close();
    };
    /** Opens a screen of the early-warning menu, inside the app. */
    const menu = async (page: Page, entry: string) => {
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('button', { name: 'Early warning', exact: true }).click();
      await nav.getByRole('link', { name: entry, exact: true }).click();
    };

    it('lists the early warning by priority, breaks its priority down and follows its finding to the asset', async () => {
      // The web application, by its SBOM, reachable from the internet.
      const imported = await api.call('POST', `/assets/sbom-import?owner=${tenant.adminId}`, {
        token: tenant.adminToken,
        rawBody: npmSbom('self-care-portal', { 'path-to-regexp': '0.1.9', express: '4.19.2' }),
        headers: { 'content-type': 'application/vnd.cyclonedx+json' },
      });
      expect(imported.status, JSON.stringify(imported.body)).toBeLessThan(300);
      portal = imported.body.asset.id;
      const current = await api.call('GET', `/assets/${portal}`, { token: tenant.adminToken });
      const patched = await api.call('PATCH', `/assets/${portal}`, {
        token: tenant.adminToken,
        body: { exposure: 'internet-facing', reason: 'served to customers from the internet' },
        headers: { 'if-match': `"${current.body.version}"` },
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);

      const advisoryId = await deliver(PATH_TO_REGEXP);
      warning = await eventually(async () => {
        const list = await api.call('GET', '/early-warnings?state=open&limit=100', { token: officerToken });
        return list.body.items?.find((item: { advisoryId: string }) => item.advisoryId === advisoryId);
      }, 'the early warning of the advisory');
      expect(warning.title).toBe(TITLE);
      const priority = PRIORITY_WORDS[warning.priority]!;

      const visitor = await open(officer, '/');
      const { page } = visitor;
      const tile = page.getByRole('region', { name: 'Open early warnings by priority' });
      await shows(tile, '1 open early warning hits your assets');
      await shows(tile.getByRole('link', { name: priority, exact: true }), priority);

      await menu(page, 'Early warnings');
      await shows(page.getByRole('heading', { level: 1 }), 'Early warnings');
      const row = page.getByRole('row').filter({ hasText: TITLE });
      await shows(row, `${priority} ${String(warning.score)}`);
      await shows(row, 'GHSA-9wv6-86v2-598j');
      await checkScreen(page, 'early-warnings');
      // The priority filter is the API's own parameter in the address.
      await page.getByRole('navigation', { name: 'Open early warnings by priority' }).getByRole('link', { name: priority, exact: true }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('priority')).toBe(warning.priority);
      await shows(page.getByRole('table'), TITLE);
      await page.getByRole('navigation', { name: 'Early warnings by state' }).getByRole('link', { name: 'No impact' }).click();
      await shows(page.getByRole('main'), 'No advisory has been found to miss every asset yet.');
      await page.getByRole('navigation', { name: 'Early warnings by state' }).getByRole('link', { name: 'Open' }).click();

      await page.getByRole('row').filter({ hasText: TITLE }).getByRole('link', { name: TITLE }).click();
      await shows(page.getByRole('heading', { level: 1 }), `Early warning: ${TITLE}`);
      const summary = page.getByRole('region', { name: 'Summary' });
      await shows(summary, 'GHSA-9wv6-86v2-598j');
      await shows(summary, 'Open');
      const breakdown = page.getByRole('region', { name: 'Priority', exact: true });
      await shows(breakdown, 'exposure internet-facing (1.3)');
      await shows(breakdown, `→ ${priority}`);
      await shows(page.getByRole('region', { name: 'Vulnerabilities' }).getByRole('table'), 'CVE-2024-45296');
      const assets = page.getByRole('region', { name: 'Affected assets' });
      await shows(assets, 'self-care-portal');
      const finding = page.getByRole('region', { name: 'Findings', exact: true }).getByRole('row').filter({ hasText: 'CVE-2024-45296' });
      await shows(finding, 'path-to-regexp');
      await shows(finding, '0.1.9');
      await shows(finding, '0.1.10');
      await shows(finding, 'pkg:npm/path-to-regexp@0.1.9');
      expect(await page.getByRole('link', { name: 'Open the advisory' }).getAttribute('href')).toBe(`/advisories/${warning.advisoryId}`);
      await checkScreen(page, 'early-warning');

      // The printable report: the API's HTML page, opened in a tab of its own.
      const [report] = await Promise.all([visitor.context.waitForEvent('page'), page.getByRole('button', { name: 'Printable report' }).click()]);
      await report.waitForLoadState();
      await shows(report.locator('body'), TITLE);
      await shows(report.locator('body'), '0.1.10');
      await report.close();

      // Triage: the finding is not affected. Without its VEX justification it is refused beside the field.
      await shows(summary, 'Still exposed 1 of');
      const findings = page.getByRole('region', { name: 'Findings', exact: true });
      const label = `CVE-2024-45296 on self-care-portal`;
      await finding.getByRole('button', { name: `Triage ${label}` }).click();
      const triage = findings.getByRole('form', { name: `Triage ${label}` });
      await triage.getByLabel('State', { exact: true }).selectOption('not-affected');
      const reason = 'The portal’s routes are fixed at build time: no user input reaches path-to-regexp.';
      await triage.getByLabel('Reason', { exact: true }).fill(reason);
      await triage.getByRole('button', { name: 'Save the triage' }).click();
      await shows(
        triage.locator('.field', { has: page.getByLabel('Justification', { exact: true }) }).locator('.field-error'),
        'a not-affected finding needs its VEX justification',
      );
      expect(await triage.getByLabel('Justification', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await triage.getByLabel('Justification', { exact: true }).selectOption('code_not_reachable');
      await triage.getByRole('button', { name: 'Save the triage' }).click();
      await shows(findings.getByRole('status'), new RegExp(`The triage of ${label}.* is saved\\.`));
      expect(await triage.count()).toBe(0);
      await shows(finding, 'Not affected');
      await shows(finding, 'The vulnerable code is not reachable');
      await shows(finding, reason);
      await shows(summary, 'Still exposed 0 of');
      await shows(summary, 'Triaged 1 of');

      // The recommendations: the advisory's patch, then the officer's list with an additional control of X.1051.
      const recommendations = page.getByRole('region', { name: 'Recommendations' });
      await shows(recommendations.getByRole('row').filter({ hasText: '0.1.10' }), 'from the advisory');
      await recommendations.getByRole('button', { name: 'Edit recommendations' }).click();
      const edit = recommendations.getByRole('form', { name: 'Edit recommendations' });
      await edit.getByRole('button', { name: 'Add a recommendation' }).click();
      const added = edit.getByRole('group').last();
      await added.getByLabel('Kind', { exact: true }).selectOption('additional-control');
      await added.getByLabel('Summary', { exact: true }).fill('Rate-limit the portal’s routes at the WAF until the release');
      const controlId = added.getByLabel('Control (X.1051)', { exact: true });
      await controlId.fill('99.9.9');
      await edit.getByLabel('Reason for the change', { exact: true }).fill('The portal ships next week; the WAF rule covers the gap.');
      await edit.getByRole('button', { name: 'Save the recommendations' }).click();
      await shows(
        added.locator('.field', { has: page.getByLabel('Control (X.1051)', { exact: true }) }).locator('.field-error'),
        'no control of the X.1051 catalogue',
      );
      await controlId.fill('12.6.1');
      await edit.getByRole('button', { name: 'Save the recommendations' }).click();
      await shows(recommendations.getByRole('status'), 'The recommendations are saved.');
      const control = recommendations.getByRole('row').filter({ hasText: 'Rate-limit the portal’s routes' });
      await shows(control, 'Additional control');
      await shows(control, '12.6.1');
      await shows(control, 'by a person');
      await shows(recommendations, 'Edited by');
      await shows(recommendations, 'the WAF rule covers the gap');
      // Their review: asked for here, decided by another security officer from their tasks.
      await shows(recommendations, 'Not reviewed yet.');
      await recommendations.getByRole('button', { name: 'Ask for review' }).click();
      const ask = recommendations.getByRole('form', { name: 'Ask for the review of the recommendations' });
      await ask.getByRole('button', { name: 'Ask for review' }).click();
      await shows(ask.locator('.field-error'), 'say why the review is asked for');
      await ask.getByLabel('Why now, what to look at', { exact: true }).fill('Before the release is booked.');
      await ask.getByRole('button', { name: 'Ask for review' }).click();
      await shows(recommendations, 'waiting for a security officer’s decision');
      await shows(recommendations.getByRole('link', { name: 'decision record' }), 'decision record');
      expect(await recommendations.getByRole('link', { name: 'the review' }).getAttribute('href')).toMatch(/^\/recommendation-reviews\/[0-9A-Z]{26}$/);

      // The early warning as a CycloneDX VEX document, the triage in it.
      const [vex] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download VEX (CycloneDX)' }).click()]);
      expect(vex.suggestedFilename()).toBe('GHSA-9wv6-86v2-598j.vex.cdx.json');
      const bom = JSON.parse(readFileSync((await vex.path())!, 'utf8'));
      expect(bom.bomFormat).toBe('CycloneDX');
      expect(bom.specVersion).toBe('1.5');
      const statement = bom.vulnerabilities.find((vulnerability: { id: string }) => vulnerability.id === 'CVE-2024-45296');
      expect(statement?.analysis, JSON.stringify(bom.vulnerabilities)).toMatchObject({ state: 'not_affected', justification: 'code_not_reachable' });
      await checkScreen(page, 'early-warning-triaged');

      await finding.getByRole('link', { name: /self-care-portal/ }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/assets/${portal}`);
      await shows(page.getByRole('heading', { level: 1 }), 'self-care-portal');
      await shows(page.getByRole('region', { name: 'Classification and valuation' }), 'Internet-facing');

      await close(visitor);
    }, 180_000);

    it('asks equipment for the vendor product it is, shows it on the asset, and shows how the priority is computed', async () => {
      const visitor = await open(officer, '/assets/new');
      const { page } = visitor;
      await shows(page.getByRole('heading', { level: 1 }), 'Register an asset');
      await expect.poll(() => page.getByLabel('Classification', { exact: true }).locator('option').allTextContents()).toContain('internal');
      const identity = page.getByRole('group', { name: 'Vendor product (for advisory matching)' });
      // Information runs no vendor product: the fieldset is for equipment and software only.
      await page.getByLabel('Type', { exact: true }).selectOption('information');
      expect(await identity.count()).toBe(0);
      await page.getByLabel('Type', { exact: true }).selectOption('physical');
      await shows(identity, 'Vendor');
      await page.getByLabel('Name', { exact: true }).fill('Core router R1');
      await page.getByLabel('Classification', { exact: true }).selectOption('internal');
      await page.getByLabel('Exposure', { exact: true }).selectOption('partner-facing');
      await identity.getByLabel('Vendor', { exact: true }).fill('Example Networks, Inc.');
      await identity.getByLabel('Product', { exact: true }).fill('EdgeCore 7000');
      await identity.getByLabel('Model or order number', { exact: true }).fill('EC7000-48X');
      await checkScreen(page, 'asset-new-identity');
      // The installed version is needed: refused beside its field before anything is sent.
      await page.getByRole('button', { name: 'Register the asset' }).click();
      await shows(identity.locator('.field', { has: page.getByLabel('Installed version', { exact: true }) }).locator('.field-error'), /./);
      await identity.getByLabel('Installed version', { exact: true }).fill('V6.6.0');
      await page.getByRole('button', { name: 'Register the asset' }).click();
      await shows(page.getByRole('heading', { level: 1 }), 'Core router R1');
      const product = page.getByRole('region', { name: 'Vendor product' });
      await shows(product, 'Example Networks, Inc.');
      await shows(product, 'EC7000-48X');
      await shows(product, 'V6.6.0');
      await shows(page.getByRole('region', { name: 'Classification and valuation' }), 'Partner-facing');
      await close(visitor);

      const keeper = await open(officer, '/early-warning-settings');
      const settings = keeper.page;
      const inForce = settings.getByRole('region', { name: 'How the priority is computed' });
      await shows(inForce, 'Exposure: internet-facing');
      await shows(inForce, 'score ≥ 12');
      const form = settings.getByRole('form', { name: 'Change how the priority is computed' });
      await form.getByLabel('High', { exact: true }).fill('20');
      await form.getByRole('button', { name: 'Save the priority settings' }).click();
      await shows(form, 'thresholds fall from critical to medium');
      await checkScreen(settings, 'early-warning-settings-priority');
      await form.getByLabel('High', { exact: true }).fill('9');
      await form.getByRole('button', { name: 'Save the priority settings' }).click();
      await shows(form.getByRole('status'), 'The priority settings are saved.');
      await shows(inForce, 'score ≥ 9');
      await close(keeper);
      const read = await api.call('GET', '/early-warning-settings', { token: officerToken });
      expect(read.body.priority.thresholds).toEqual({ critical: 12, high: 9, medium: 4 });
      // The TLP roles stay as they were.
      expect(read.body.tlpRoles.AMBER).toEqual(['security-officer', 'isirt']);
    }, 90_000);
  });
});
