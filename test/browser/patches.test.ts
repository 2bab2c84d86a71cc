// Security patch management in the console (X.1052 12.2.3 a–c), each person in a browser of their own. Set up
// through the API, as it is slow to click: a web application registered by its SBOM (path-to-regexp 0.1.9), a
// real OSV advisory for path-to-regexp delivered by signed webhook and matched to it, the early warning's
// recommendations reviewed and approved by a second security officer — an open patch requirement. Then through
// the screens: the security officer finds no overdue patch on the dashboard, lists the requirements (the mail's
// `?overdue=true` link, then all), enters a vendor bulletin for the portal (refused beside the list without an
// asset, beside the link with a javascript: one), opens the requirement
// (installed → fixed version, the vulnerability, the early warning it answers, whose tracking counts the asset
// still exposed) and asks a staff tester for a lab test; the tester hands in a passed result from My tasks; the
// officer plans the proposed wave; a second officer approves it from their task; the wave's page then links
// its change request, which the officer follows; the SLAs are the defaults. Axe checks the requirement list, the
// requirement, the early warning's tracking, the lab test, the wave and the settings.
//
// Run with ISMF_CONSOLE_BUILD_DIR=build/console-patches to build the console apart from other runs: the global
// setup builds it before any test file loads, so the variable is the command's, not this file's.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startApi, type Api } from '../support/api.ts';
import { checkScreen, describeWithBrowser, launchBrowser, shows, signIn, visit, type Person, type Visitor } from '../support/browser.ts';
import { eventually } from '../support/eventually.ts';
import { owedTask } from '../support/owed.ts';
import { describeWithRealdata, realdataText } from '../support/realdata.ts';
import { npmSbom, postSigned } from '../support/webhooks.ts';

const PATH_TO_REGEXP = realdataText('osv', 'npm-ghsa', 'GHSA-9wv6-86v2-598j.json');
const PRIORITY_WORDS: Record<string, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

describeWithBrowser('the patch management screens', () => {
  describeWithRealdata('with a real advisory’s approved patch recommendation', () => {
    let api: Api;
    let browser: Browser;
    let tenant: { tenantId: string; adminToken: string; adminId: string };
    const tokens: Record<string, string> = {};
    const visitors: Visitor[] = [];
    let officer: Person;
    let approver: Person;
    let tester: Person;
    let source: { id: string; webhookPath: string; webhookSecret: string };

    const person = async (user: string, roles: string[]): Promise<Person> => {
      tokens[user] = await api.tokenFor(tenant.tenantId, user, roles);
      return { tenant: tenant.tenantId, user, roles };
    };

    beforeAll(async () => {
      [api, browser] = await Promise.all([startApi({ console: true, events: true }), launchBrowser()]);
      api.relay!.start();
      tenant = await api.newTenant('patchui');
      officer = await person('olga', ['security-officer']);
      approver = await person('omar', ['security-officer']);
      // The tester is in the directory before the officer picks them.
      tester = await person('tess', ['staff']);
      const created = await api.call('POST', '/advisory-sources', {
        token: tokens.olga,
        body: { name: 'GitHub advisories', kind: 'security-organization', formats: ['osv'] },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      source = created.body;
    }, 60_000);
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
    /** Opens a screen of the patches menu, inside the app (no page load drops answers the contract check still reads). */
    const menu = async (page: Page, entry: string) => {
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('button', { name: 'Patches', exact: true }).click();
      await nav.getByRole('link', { name: entry, exact: true }).click();
    };
    const fieldError = (page: Page, scope: ReturnType<Page['locator']>, label: string) =>
      scope.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.field-error');
    /** A task the flow has opened for this person, followed from their My tasks (signed in only once it is there). */
    const fromMyTasks = async (who: Person, subjectId: string, step: string, title: string | RegExp) => {
      await owedTask(api, tokens[who.user]!, subjectId, step);
      const visitor = await open(who, '/tasks');
      const { page } = visitor;
      const link = page.getByRole('table', { name: 'What you owe' }).getByRole('link', { name: title });
      await shows(link, title);
      await link.click();
      await shows(page.getByRole('heading', { level: 1 }), title);
      return visitor;
    };

    it('takes an approved patch recommendation through its lab test and wave to the change request, screen by screen', async () => {
      // Set up through the API: the portal, the advisory, the review of its recommendations approved by a second officer.
      const imported = await api.call('POST', `/assets/sbom-import?owner=${tenant.adminId}`, {
        token: tenant.adminToken,
        rawBody: npmSbom('self-care-portal', { 'path-to-regexp': '0.1.9', express: '4.19.2' }),
        headers: { 'content-type': 'application/vnd.cyclonedx+json' },
      });
      expect(imported.status, JSON.stringify(imported.body)).toBeLessThan(300);
      const portal = imported.body.asset.id as string;
      const sent = await postSigned(api, source, PATH_TO_REGEXP);
      expect(sent.status, JSON.stringify(sent.body)).toBe(202);
      const warning = await eventually(
        async () => {
          const list = await api.call('GET', '/early-warnings?state=open&limit=100', { token: tokens.olga });
          return list.body.items?.find((item: { assets: { assetId: string }[] }) => item.assets.some((hit) => hit.assetId === portal));
        },
        'the early warning of the advisory',
        20_000,
      );
      const review = await api.call('POST', `/early-warnings/${warning.id}/recommendation-reviews`, {
        token: tokens.olga,
        body: { reason: 'patch the portal' },
      });
      expect(review.status, JSON.stringify(review.body)).toBe(201);
      const reviewTask = await owedTask(api, tokens.omar!, review.body.id, 'review');
      const decided = await api.call('POST', `/approvals/${reviewTask.id}/decision`, { token: tokens.omar, body: { outcome: 'approve' } });
      expect(decided.status, JSON.stringify(decided.body)).toBeLessThan(300);
      const requirement = await eventually(async () => {
        const list = await api.call('GET', `/patch-requirements?earlyWarning=${warning.id}`, { token: tokens.olga });
        return list.body.items?.[0];
      }, 'the requirement identified');
      expect(requirement).toMatchObject({ assetId: portal, installedVersion: '0.1.9', fixedVersion: '0.1.10', state: 'open' });
      const summary = requirement.summary as string;
      const priority = PRIORITY_WORDS[requirement.priority]!;

      // The dashboard: nothing overdue; its link is the overdue mail's, the filter kept in the address.
      const olga = await open(officer, '/');
      const { page } = olga;
      const tile = page.getByRole('region', { name: 'Overdue patches' });
      await shows(tile, '0 overdue patch requirements');
      await tile.getByRole('link', { name: /overdue patch requirements/ }).click();
      await shows(page.getByRole('heading', { level: 1 }), 'Patch requirements');
      expect(new URL(page.url()).searchParams.get('overdue')).toBe('true');
      await shows(page.getByRole('main'), 'No overdue patch requirement on this page.');
      expect(await page.getByRole('checkbox', { name: /Overdue only/ }).isChecked()).toBe(true);

      // Every outstanding requirement, through the Patches menu.
      await menu(page, 'Patch requirements');
      await expect.poll(() => new URL(page.url()).search).toBe('');
      const row = page.getByRole('row').filter({ hasText: summary });
      await shows(row, 'self-care-portal');
      await shows(row, priority);
      await shows(row, 'Open');
      await shows(row, '0.1.9 → 0.1.10');
      await checkScreen(page, 'patch-requirements');

      // A bulletin is entered for assets: without one it is refused beside the list, before anything is sent.
      await page.getByRole('button', { name: 'Enter from a vendor bulletin' }).click();
      const bulletin = page.getByRole('form', { name: 'Enter from a vendor bulletin' });
      await bulletin.getByLabel('Product', { exact: true }).fill('Junos OS');
      await bulletin.getByRole('button', { name: 'Enter the requirements' }).click();
      await shows(bulletin.getByRole('group', { name: 'Assets to patch' }).locator('.field-error'), 'add at least one asset to patch');
      expect(await bulletin.getByLabel('Product', { exact: true }).inputValue()).toBe('Junos OS');
      // The portal found in the register by name; a link that is no http(s) URL is refused beside its field.
      const assets = bulletin.getByRole('group', { name: 'Assets to patch' });
      await assets.getByLabel('Find assets by name', { exact: true }).fill('self');
      await assets.getByRole('button', { name: 'Find', exact: true }).click();
      await assets.getByRole('button', { name: 'Add self-care-portal 1.0.0' }).click();
      await shows(assets.getByRole('list', { name: 'Chosen assets' }), 'self-care-portal 1.0.0');
      await bulletin.getByLabel('Product', { exact: true }).fill('express');
      await bulletin.getByLabel('Fixed version', { exact: true }).fill('4.20.0');
      await bulletin.getByLabel('Summary', { exact: true }).fill('Update express to 4.20.0');
      await bulletin.getByLabel('Bulletin title', { exact: true }).fill('express 4.20.0 security release');
      await bulletin.getByLabel('Bulletin link', { exact: true }).fill('javascript:alert(1)');
      await bulletin.getByLabel('Vulnerabilities', { exact: true }).fill('CVE-2024-43796');
      await bulletin.getByLabel('Priority', { exact: true }).selectOption('low');
      await bulletin.getByRole('button', { name: 'Enter the requirements' }).click();
      await shows(fieldError(page, bulletin, 'Bulletin link'), 'an http or https URL');
      await bulletin.getByLabel('Bulletin link', { exact: true }).fill('https://github.com/expressjs/express/releases/tag/4.20.0');
      await bulletin.getByRole('button', { name: 'Enter the requirements' }).click();
      await shows(page.getByRole('status').filter({ hasText: 'entered' }), '1 requirement is entered');
      await shows(page.getByRole('row').filter({ hasText: 'Update express to 4.20.0' }), 'Low');

      // The requirement: the fix, the vulnerability, the early warning it answers, and its priority.
      await row.getByRole('link', { name: summary }).click();
      await shows(page.getByRole('heading', { level: 1 }), 'Patch requirement: self-care-portal');
      const facts = page.getByRole('region', { name: 'Summary' });
      await shows(facts, '0.1.9 → 0.1.10');
      await shows(facts, 'CVE-2024-45296');
      await shows(facts, 'Open');
      await shows(page.getByRole('region', { name: 'Priority', exact: true }), priority);
      const answered = facts.getByRole('link', { name: warning.title });
      expect(await answered.getAttribute('href')).toBe(`/early-warnings/${warning.id}`);
      await checkScreen(page, 'patch-requirement');

      // The early warning tracks it: the portal still exposed.
      await answered.click();
      // (exact: the page itself is named by the advisory's title, "… backtracking …")
      const tracking = page.getByRole('region', { name: 'Tracking', exact: true });
      await shows(tracking, '1 of 1 asset still exposed');
      await shows(tracking.getByRole('row').filter({ hasText: 'self-care-portal' }), 'Open');
      await checkScreen(page, 'early-warning-tracking');
      await tracking.getByRole('link', { name: summary }).click();
      await shows(page.getByRole('heading', { level: 1 }), 'Patch requirement: self-care-portal');

      // A lab test, asked of the staff tester: the tester and the reason are needed, said beside their fields.
      await page.getByRole('button', { name: 'Ask for a lab test' }).click();
      const ask = page.getByRole('form', { name: 'Ask for a lab test' });
      const testerField = ask.getByLabel('Tester', { exact: true });
      await expect.poll(() => testerField.locator('option').allTextContents(), { timeout: 15_000 }).toContain('Tess (Staff)');
      await ask.getByRole('button', { name: 'Ask for the lab test' }).click();
      await shows(fieldError(page, ask, 'Tester'), 'choose a person');
      await testerField.selectOption({ label: 'Tess (Staff)' });
      await ask.getByRole('button', { name: 'Ask for the lab test' }).click();
      await shows(fieldError(page, ask, 'Reason'), 'say what to test, and why now');
      await ask.getByLabel('Reason', { exact: true }).fill('Routing regressions before the portal’s release');
      await ask.getByRole('button', { name: 'Ask for the lab test' }).click();
      await shows(page.getByRole('status').filter({ hasText: 'lab test' }), 'The lab test is asked for');
      await shows(facts, 'In a lab test');
      await page.getByRole('link', { name: 'Open the lab test' }).click();
      await shows(page.getByRole('heading', { level: 1 }), `Lab test: ${summary}`);
      const testSummary = page.getByRole('region', { name: 'Summary' });
      await shows(testSummary, 'Testing');
      await shows(testSummary, 'Tess');
      await shows(page.getByRole('region', { name: 'Requirements it covers' }), 'self-care-portal');
      const testId = new URL(page.url()).pathname.split('/').pop()!;
      await shows(page.getByRole('region', { name: 'Steps of the test' }), 'Waiting on Tess');
      await checkScreen(page, 'patch-test');

      // The tester hands in a passed result from their task.
      const tess = await fromMyTasks(tester, testId, 'lab-test', `Test the fix in the lab: ${summary}`);
      // Nothing chosen: refused beside the outcome, before anything is sent.
      await tess.page.getByRole('button', { name: 'Hand in the result' }).click();
      await shows(tess.page.getByRole('group', { name: 'Outcome' }), 'Invalid option');
      await tess.page.getByLabel('Passed: the fix works and breaks nothing').check();
      await tess.page.getByLabel('Lab environment').fill('staging copy of the portal');
      await tess.page.getByLabel('Notes').fill('login works; the ReDoS payload answers in 2 ms');
      await tess.page.getByRole('button', { name: 'Hand in the result' }).click();
      await shows(tess.page.getByRole('heading', { name: 'Handed in' }), 'Handed in');
      await shows(tess.page.getByRole('main'), 'Outcome: passed.');
      await eventually(async () => {
        const read = await api.call('GET', `/patch-requirements/${requirement.id}`, { token: tokens.olga });
        return read.body.state === 'tested' ? read.body : undefined;
      }, 'the requirement tested');

      // The officer plans the proposed wave.
      await menu(page, 'Patch waves');
      await shows(page.getByRole('heading', { level: 1 }), 'Patch waves');
      const proposals = page.getByRole('region', { name: 'Proposed waves' });
      const proposal = proposals.getByRole('row').filter({ hasText: summary });
      await shows(proposal, 'software');
      await proposal.getByRole('button', { name: /^Plan this wave/ }).click();
      const plan = proposals.getByRole('form', { name: /^Plan the wave/ });
      await plan.getByLabel('Reason', { exact: true }).fill('Tested in the lab; roll out in the weekend window');
      await plan.getByRole('button', { name: 'Plan the wave' }).click();
      await page.waitForURL(/\/patch-waves\/[0-9A-Z]{26}$/);
      const waveId = new URL(page.url()).pathname.split('/').pop()!;
      const waveSummary = page.getByRole('region', { name: 'Summary' });
      await shows(waveSummary, 'Awaiting approval');
      await shows(waveSummary, 'CVE-2024-45296');
      await shows(page.getByRole('region', { name: 'Requirements' }).getByRole('row').filter({ hasText: 'self-care-portal' }), 'Scheduled in a wave');
      await shows(page.getByRole('region', { name: 'Change request' }), 'opened once the wave is approved');

      // A second officer approves it from their task.
      const omar = await fromMyTasks(approver, waveId, 'approve', /^Approve the patch rollout wave/);
      await omar.page.getByRole('radio', { name: 'Approve' }).check();
      await omar.page.getByRole('button', { name: 'Record the decision' }).click();
      await shows(omar.page.getByRole('heading', { name: /^Decided:/ }), 'Decided: Approved');

      // The wave's page, read again while it waits, links its change request; the officer follows it.
      const change = page.getByRole('region', { name: 'Change request' }).getByRole('link', { name: 'The change request of this wave' });
      await shows(change, 'The change request of this wave', 60_000);
      await shows(waveSummary, 'In change');
      await shows(page.getByRole('region', { name: 'Requirements' }).getByRole('row').filter({ hasText: 'self-care-portal' }), 'In a change');
      await shows(page.getByRole('region', { name: 'Steps of the approval' }), 'Approved by Omar');
      await checkScreen(page, 'patch-wave');
      const changeId = (await api.call('GET', `/patch-waves/${waveId}`, { token: tokens.olga })).body.changeId as string;
      expect(await change.getAttribute('href')).toBe(`/change-requests/${changeId}`);
      await change.click();
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/change-requests/${changeId}`);
      const changeSummary = page.getByRole('region', { name: 'Summary' });
      await shows(changeSummary, 'Draft');
      await shows(changeSummary, `patches: patch-wave ${waveId}`);
      await shows(page.getByRole('table', { name: 'Affected assets' }), 'self-care-portal');

      // The SLAs the due dates follow: the defaults.
      await menu(page, 'Patch settings');
      await shows(
        page
          .getByRole('table', { name: /Days from identification/ })
          .getByRole('row')
          .filter({ hasText: 'Critical' }),
        '7 days',
      );
      await shows(page.getByRole('main'), 'the defaults (never changed)');
      await checkScreen(page, 'patch-settings');

      for (const visitor of visitors) {
        expect(visitor.contractFailures).toEqual([]);
        await visitor.context.close();
      }
    }, 240_000);
  });
});
