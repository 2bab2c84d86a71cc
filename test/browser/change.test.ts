// A normal change from request to review in the console (X.1052 12.2.4 a–f), each person in a browser of their
// own and every step of the change through the screens: the planner requests it, writes the plan (the API's
// refusal of a plan without rollback shown beside the field) and submits it; the lab tester fails the lab
// test from My tasks (production personal data refused beside its box); the planner revises the plan on the
// change's page and hands in the revision task; the lab and on-site testers pass it; the manager authorizes it
// reading the risk score, impact and tests; the implementer records the implementation; the implementer's
// manager reviews it with negative impact; the change page shows the review and the flow's steps. The API is
// used only to set the organization up (people, assets, the implementer's manager). Axe checks the register,
// the request form, the change page, the test task and the authorization.
//
// Run with ISMF_CONSOLE_BUILD_DIR=build/console-change-helper to build the console apart from other runs: the
// global setup builds it before any test file loads, so the variable is the command's, not this file's.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startApi, uniqueSlug, type Api } from '../support/api.ts';
import { checkScreen, describeWithBrowser, launchBrowser, shows, signIn, visit, type Person, type Visitor } from '../support/browser.ts';

describeWithBrowser('the change request screens', () => {
  let api: Api;
  let browser: Browser;
  const visitors: Visitor[] = [];
  const tenant = uniqueSlug('change-ui');
  // The implementer reads the change they implement: getChangeRequest admits no staff, so an asset owner.
  const people = {
    planner: { tenant, user: 'paula', roles: ['security-officer'] },
    labTester: { tenant, user: 'lars', roles: ['staff'] },
    siteTester: { tenant, user: 'sina', roles: ['staff'] },
    authorizer: { tenant, user: 'mona', roles: ['manager'] },
    implementer: { tenant, user: 'ivan', roles: ['asset-owner'] },
    reviewer: { tenant, user: 'rhea', roles: ['manager'] },
  } satisfies Record<string, Person>;
  const ids = {} as Record<keyof typeof people, string>;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi({ console: true, events: true }), launchBrowser()]);
    api.relay!.start();
    const admin = await api.tokenFor(tenant, 'ada', ['admin']);
    for (const person of Object.values(people)) await api.tokenFor(tenant, person.user, person.roles);
    const users = await api.call('GET', '/users?limit=100', { token: admin });
    for (const [role, person] of Object.entries(people)) {
      ids[role as keyof typeof people] = (users.body.items as { id: string; email: string }[]).find(
        (user) => user.email === `${person.user}@${tenant}.example`,
      )!.id;
    }
    // The implementer reports to the reviewer: the post-implementation review is theirs.
    const implementer = await api.call('GET', `/users/${ids.implementer}`, { token: admin });
    const managed = await api.call('PATCH', `/users/${ids.implementer}`, {
      token: admin,
      headers: { 'if-match': implementer.headers.get('etag')! },
      body: { managerId: ids.reviewer },
    });
    expect(managed.status, JSON.stringify(managed.body)).toBe(200);
    const asset = async (name: string, fields: Record<string, unknown>, dependsOn?: string) => {
      const created = await api.call('POST', '/assets', {
        token: admin,
        body: {
          name,
          type: 'software',
          businessProcess: 'Voice',
          owner: `ada@${tenant}.example`,
          location: 'DC1',
          classification: 'internal',
          confidentiality: 2,
          integrity: 2,
          availability: 2,
          ...fields,
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      if (dependsOn) {
        const linked = await api.call('PUT', `/assets/${created.body.id}/dependencies`, {
          token: admin,
          headers: { 'if-match': created.headers.get('etag')! },
          body: { dependsOn: [dependsOn], reason: 'runs on it' },
        });
        expect(linked.status, JSON.stringify(linked.body)).toBe(200);
      }
      return created.body.id as string;
    };
    const core = await asset('Core MSC firmware', { confidentiality: 5 });
    await asset('Billing mediation', {}, core);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  async function person(who: Person, path = '/'): Promise<Page> {
    const visitor = await visit(browser, api);
    visitors.push(visitor);
    await signIn(visitor.page, who, path);
    return visitor.page;
  }

  /** Opens My tasks (again, until the flow has opened the task) and follows the item so titled. */
  async function openFromMyTasks(page: Page, title: RegExp, heading: RegExp = title): Promise<void> {
    await expect
      .poll(
        async () => {
          await go(page, 'My tasks');
          await page.getByRole('table', { name: 'What you owe' }).or(page.getByText('You owe nothing right now.')).first().waitFor();
          return page.getByRole('link', { name: title }).count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    await page.getByRole('link', { name: title }).click();
    await shows(page.getByRole('heading', { level: 1 }), heading);
  }

  /** The change's page, read again until it shows the text (a flow settles a moment after its task). */
  async function changePageShows(page: Page, changeId: string, text: RegExp) {
    await expect
      .poll(
        async () => {
          await go(page, 'Changes');
          await page.getByRole('link', { name: 'Core firmware 21.4' }).click();
          await page.waitForURL(`**/change-requests/${changeId}`);
          await page.getByRole('heading', { name: 'Summary' }).waitFor();
          return page.locator('main').innerText();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toMatch(text);
  }

  /**
   * Opens a screen through the main navigation, by way of another so that it reads afresh: inside the app, as a
   * person would, and without a page load that would drop the answers still arriving (held to the contract).
   */
  async function go(page: Page, nav: 'My tasks' | 'Changes') {
    const main = page.getByRole('navigation', { name: 'Main' });
    await main.getByRole('link', { name: 'Jobs' }).click();
    await shows(page.getByRole('heading', { level: 1 }), 'Jobs');
    await main.getByRole('link', { name: nav, exact: true }).click();
  }

  const fieldError = (page: Page, label: string) => page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.field-error');

  async function handInTest(page: Page, outcome: 'Passed' | 'Failed', environment: string, notes: string) {
    await page.getByRole('radio', { name: outcome === 'Passed' ? 'Passed' : /^Failed/ }).check();
    await page.getByLabel('Environment', { exact: true }).fill(environment);
    await page.getByLabel('Notes', { exact: true }).fill(notes);
    await page.getByLabel('Test data used', { exact: true }).fill('synthetic subscribers');
    await page.getByRole('button', { name: 'Hand in the result' }).click();
    await shows(page.getByRole('heading', { name: 'Handed in' }), 'Handed in');
  }

  it('takes a normal change from its request through a failed and a passed test, authorization and implementation to its review', async () => {
    // (a) The planner requests the change from the register.
    const planner = await person(people.planner, '/change-requests');
    await shows(planner.getByRole('heading', { level: 1 }), 'Changes');
    await shows(planner.locator('main'), 'No change has been requested yet.');
    await checkScreen(planner, 'change-register');
    await planner.getByRole('link', { name: 'Request a change' }).click();
    await shows(planner.getByRole('heading', { level: 1 }), 'Request a change');
    await planner.getByLabel('Title', { exact: true }).fill('Core firmware 21.4');
    await planner.getByLabel('Reason', { exact: true }).fill('the vendor advisory fixes a signalling flaw');
    // Without an asset the area's own schema refuses it before anything is sent.
    await planner.getByRole('button', { name: 'Request the change' }).click();
    await shows(planner.getByRole('group', { name: 'Affected assets' }).locator('.field-error'), 'add at least one affected asset');
    await planner.getByLabel('Find assets by name', { exact: true }).fill('Core');
    await planner.getByRole('button', { name: 'Find' }).click();
    await planner.getByRole('button', { name: 'Add Core MSC firmware' }).click();
    await shows(planner.getByRole('list', { name: 'Chosen assets' }), 'Core MSC firmware');
    await checkScreen(planner, 'change-new');
    await planner.getByRole('button', { name: 'Request the change' }).click();
    await planner.waitForURL(/\/change-requests\/[0-9A-Z]{26}$/);
    const changeId = new URL(planner.url()).pathname.split('/').pop()!;
    await shows(planner.getByRole('heading', { level: 1 }), 'Core firmware 21.4');
    await shows(planner.locator('main'), 'Draft');
    // The impact is computed: the asset, its importance and the asset that depends on it.
    await shows(planner.getByRole('table', { name: 'Affected assets' }), /Core MSC firmware .*5 · critical.*Billing mediation/);

    // (b) The plan: without a rollback the API refuses it (importance 5), beside the field.
    await planner.getByRole('button', { name: 'Write the plan' }).click();
    await planner.getByLabel('Steps', { exact: true }).fill('drain traffic from the node\nupgrade the firmware\nrestore traffic');
    await planner.getByLabel('Effectiveness check', { exact: true }).fill('attach success rate back at last week’s level');
    await planner.getByLabel('Service continuity', { exact: true }).fill('the mate node carries the traffic');
    await planner.getByLabel('Service impact', { exact: true }).selectOption('degraded');
    await planner.getByLabel('Lab test: person', { exact: true }).selectOption(ids.labTester);
    await planner.getByRole('group', { name: 'On-site test' }).getByRole('radio', { name: 'A person' }).check();
    await planner.getByLabel('On-site test: person', { exact: true }).selectOption(ids.siteTester);
    await planner.getByLabel('Implementer', { exact: true }).selectOption(ids.implementer);
    await planner.getByRole('button', { name: 'Save the plan' }).click();
    await shows(fieldError(planner, 'Rollback'), /.+/);
    expect(await planner.getByLabel('Rollback', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await planner.getByLabel('Rollback', { exact: true }).fill('reinstall the previous firmware image');
    await planner.getByRole('button', { name: 'Save the plan' }).click();
    await shows(planner.getByRole('heading', { name: 'Version 1' }), 'Version 1');
    await checkScreen(planner, 'change-page-draft');
    await planner.getByRole('button', { name: 'Submit for testing and authorization' }).click();
    await shows(planner.locator('main'), 'Submitted (in test or authorization)');

    // (c) The lab test fails, from My tasks; production personal data is refused beside its box first.
    const labTester = await person(people.labTester);
    await openFromMyTasks(labTester, /Test the change plan in the lab/);
    await shows(labTester.getByRole('heading', { name: 'The plan (version 1)' }), 'The plan (version 1)');
    await shows(labTester.locator('main'), 'reinstall the previous firmware image');
    await checkScreen(labTester, 'change-test-task');
    await labTester.getByRole('checkbox', { name: 'The test data holds production personal data' }).check();
    await labTester.getByRole('radio', { name: /^Failed/ }).check();
    await labTester.getByLabel('Environment', { exact: true }).fill('vendor lab, simulated core');
    await labTester.getByLabel('Notes', { exact: true }).fill('the rollback image would not boot');
    await labTester.getByLabel('Test data used', { exact: true }).fill('a copy of the HLR');
    await labTester.getByRole('button', { name: 'Hand in the result' }).click();
    await shows(labTester.locator('.field-invalid').filter({ hasText: 'production personal data' }), /testDataProtection|production personal data/);
    await labTester.getByRole('checkbox', { name: 'The test data holds production personal data' }).uncheck();
    await handInTest(labTester, 'Failed', 'vendor lab, simulated core', 'the rollback image would not boot');

    // The planner revises the plan on the change's page, then hands in the revision task.
    await changePageShows(planner, changeId, /Returned for revision/);
    await shows(planner.getByRole('table', { name: 'Every test, oldest first' }), /Lab test .*Failed.*the rollback image would not boot/);
    await planner.getByRole('button', { name: 'Revise the plan' }).click();
    await planner.getByLabel('Rollback', { exact: true }).fill('boot the verified previous image\nrestore traffic');
    await planner.getByRole('button', { name: 'Save the plan' }).click();
    await shows(planner.getByRole('heading', { name: 'Version 2' }), 'Version 2');
    await openFromMyTasks(planner, /Revise the returned change plan/);
    await shows(planner.locator('main'), 'First revise the plan on the change’s page');
    await planner.getByLabel('What the revision changed', { exact: true }).fill('a bootable rollback image');
    await planner.getByRole('button', { name: 'Hand in the revision' }).click();
    await shows(planner.getByRole('heading', { name: 'Handed in' }), 'Handed in');

    // Tested again in the lab, then on site.
    await openFromMyTasks(labTester, /Test the change plan in the lab/);
    await shows(labTester.getByRole('heading', { name: 'The plan (version 2)' }), 'The plan (version 2)');
    await handInTest(labTester, 'Passed', 'vendor lab, simulated core', 'upgrade and rollback rehearsed');
    const siteTester = await person(people.siteTester);
    await openFromMyTasks(siteTester, /Test the change plan on site/);
    await handInTest(siteTester, 'Passed', 'DC1 spare node', 'upgrade on the spare node, traffic mirrored');

    // (d) The manager authorizes it, reading the risk score, the impact and the tests.
    const authorizer = await person(people.authorizer);
    await openFromMyTasks(authorizer, /Authorize the change/);
    await shows(authorizer.getByRole('heading', { name: 'Change risk score' }).locator('..'), /10 of 75 — low risk/);
    await shows(authorizer.locator('main'), 'importance 5 × exposure 2 (degraded) × blast radius 1');
    await shows(authorizer.getByRole('table', { name: 'The tests of this plan version' }), /Lab test .*Passed.*On-site test .*Passed/);
    await shows(authorizer.locator('main'), /May not decide.*\(requester\)/);
    await checkScreen(authorizer, 'change-authorization');
    await authorizer.getByRole('radio', { name: 'Approve' }).check();
    await authorizer.getByRole('button', { name: 'Record the decision' }).click();
    await shows(authorizer.getByRole('heading', { name: /^Decided:/ }), 'Decided: Approved');

    // (e) The implementer records the implementation in the window.
    const implementer = await person(people.implementer);
    await changePageShows(implementer, changeId, /Record the implementation/);
    await implementer.getByLabel('Implementation notes', { exact: true }).fill('done; traffic restored');
    await implementer.getByRole('button', { name: 'Record the implementation' }).click();
    await shows(implementer.getByRole('region', { name: 'Implementation' }), /Implemented .*within the window/);
    await shows(implementer.getByRole('list', { name: 'Technical reviews due' }), 'Billing mediation');

    // (f) The implementer's manager reviews it from My tasks: the technical review is asked for, then negative impact.
    const reviewer = await person(people.reviewer);
    await openFromMyTasks(reviewer, /Review the implemented change/, /Core firmware 21.4/);
    await reviewer.getByLabel('Did it cause negative impact?', { exact: true }).selectOption('yes');
    await reviewer.getByLabel('What degraded', { exact: true }).fill('location updates slowed for 20 minutes');
    await reviewer.getByLabel('Incident references', { exact: true }).fill('INC-311');
    await reviewer.getByLabel('Review notes', { exact: true }).fill('rollback not needed');
    await reviewer.getByRole('button', { name: 'Record the review' }).click();
    await shows(fieldError(reviewer, 'Billing mediation: result'), /.+/);
    await reviewer.getByLabel('Billing mediation: result', { exact: true }).selectOption('no-issues');
    await reviewer.getByLabel('Billing mediation: notes', { exact: true }).fill('mediation ran its test batch');
    await reviewer.getByRole('button', { name: 'Record the review' }).click();
    const review = reviewer.getByRole('region', { name: 'Post-implementation review' });
    await shows(review, /effective.*negative impact.*location updates slowed for 20 minutes.*INC-311/);
    await shows(reviewer.getByRole('table', { name: /Technical reviews of the applications/ }), /Billing mediation no issues/);

    // The change page: its review and the flow's steps, each with who settled it.
    await changePageShows(planner, changeId, /negative impact/);
    const steps = planner.locator('.steps li.done');
    await expect.poll(() => steps.count(), { timeout: 15_000 }).toBe(5);
    await shows(steps.nth(0), /Lab-test — done Completed by lars/i);
    await shows(steps.nth(1), /Revise — done Revised by paula/i);
    await shows(steps.nth(2), /Lab-test — done/);
    await shows(steps.nth(3), /On-site-test — done/);
    await shows(steps.nth(4), /Authorize — done Approved by mona/i);
    await shows(planner.getByRole('region', { name: 'Steps of the flow' }), 'Status: Approved');
    await shows(planner.getByRole('table', { name: 'Every test, oldest first' }), /Failed.*Passed.*Passed/);
    await checkScreen(planner, 'change-page-reviewed');
    await planner.getByRole('link', { name: 'The full decision record' }).click();
    await shows(planner.getByRole('heading', { level: 1 }), 'Decision record: change request');
    await planner.getByRole('link', { name: 'the change request' }).click();
    await shows(planner.getByRole('heading', { level: 1 }), 'Core firmware 21.4');

    for (const visitor of visitors) expect(visitor.contractFailures).toEqual([]);
  }, 300_000);
});
