// The decision screens in a real browser, each person in a browser of their own and through the screens
// only: an asset policy change proposed by a security officer, checked by a second one from My tasks,
// approved by a manager; the proposer kept from deciding; a return revised through its work task; a mail's
// link landing on its screen after sign-in.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startApi, uniqueSlug, type Api } from '../support/api.ts';
import { checkScreen, describeWithBrowser, launchBrowser, shows, signIn, visit, type Visitor } from '../support/browser.ts';
import { eventually } from '../support/eventually.ts';
import { mailsTo } from '../support/mails.ts';

describeWithBrowser('the decision screens', () => {
  let api: Api;
  let browser: Browser;
  const visitors: Visitor[] = [];
  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi({ console: true, events: true }), launchBrowser()]);
    api.relay!.start();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** A person signed in in a browser of their own. */
  async function person(tenant: string, user: string, roles: string[], path = '/'): Promise<Page> {
    const visitor = await visit(browser, api);
    visitors.push(visitor);
    await signIn(visitor.page, { tenant, user, roles }, path);
    return visitor.page;
  }

  /** Opens My tasks (again, until the flow has opened the task) and follows the item with this title. */
  async function openFromMyTasks(page: Page, title: string): Promise<void> {
    await expect
      .poll(
        async () => {
          await page.goto('/tasks');
          await page.getByRole('table', { name: 'What you owe' }).or(page.getByText('You owe nothing right now.')).first().waitFor();
          return page.getByRole('link', { name: title }).count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    await page.getByRole('link', { name: title }).click();
    await shows(page.getByRole('heading', { level: 1 }), title);
  }

  async function decide(page: Page, outcome: 'Approve' | 'Return for revision' | 'Reject', reason?: string) {
    await page.getByRole('radio', { name: outcome }).check();
    if (reason) await page.getByRole('textbox', { name: 'Reason' }).fill(reason);
    await page.getByRole('button', { name: 'Record the decision' }).click();
  }

  /** Proposes a change on the asset policy screen: business processes and the valuation rule. */
  async function propose(page: Page, processes: string, reason: string): Promise<string> {
    await page.goto('/asset-policy');
    await page.getByRole('button', { name: 'Propose a change' }).click();
    await page.getByRole('textbox', { name: 'Business processes' }).fill(processes);
    await page.getByRole('combobox', { name: 'Valuation rule' }).selectOption('mean');
    await page.getByRole('textbox', { name: 'Reason for the change' }).fill(reason);
    await page.getByRole('button', { name: 'Submit for decision' }).click();
    await page.waitForURL(/\/asset-policy-changes\/[0-9A-Z]{26}$/);
    return new URL(page.url()).pathname.split('/').pop()!;
  }

  it('takes a policy change from its proposal through check and approval to the policy in force, screen by screen', async () => {
    const tenant = uniqueSlug('decide');
    const sofia = await person(tenant, 'sofia', ['security-officer'], '/asset-policy');
    await shows(sofia.getByRole('heading', { level: 1 }), 'Asset policy');
    await shows(sofia.locator('main'), 'The default policy: no change has been approved yet.');
    await shows(sofia.getByRole('table', { name: 'Classification levels' }), 'confidential');
    await sofia.getByRole('button', { name: 'Propose a change' }).click();
    // The policy is checked with the API's own schema before it is sent: an emptied objective list is named.
    await sofia.getByRole('textbox', { name: 'Protection objectives' }).fill('');
    await sofia.getByRole('button', { name: 'Submit for decision' }).click();
    await shows(sofia.locator('.field-invalid'), /Protection objectives/);
    await sofia.getByRole('textbox', { name: 'Protection objectives' }).fill('Keep customer data confidential');
    await sofia.getByRole('textbox', { name: 'Business processes' }).fill('Billing\nNetwork operations');
    await sofia.getByRole('combobox', { name: 'Valuation rule' }).selectOption('mean');
    await sofia.getByRole('textbox', { name: 'Reason for the change' }).fill('value assets by the mean of C, I and A');
    await checkScreen(sofia, 'asset-policy');
    await sofia.getByRole('button', { name: 'Submit for decision' }).click();
    await sofia.waitForURL(/\/asset-policy-changes\/[0-9A-Z]{26}$/);
    const changeId = new URL(sofia.url()).pathname.split('/').pop()!;

    // It waits for a second security officer's check; what it changes reads in words.
    await shows(sofia.locator('main'), 'Awaiting decision');
    await shows(sofia.getByRole('table', { name: /The proposal against the policy in force/ }), /Valuation › method highest mean/);
    await shows(sofia.getByRole('listitem').filter({ hasText: '— current' }), /Check — current Waiting on a security officer/);
    await shows(sofia.getByRole('listitem').filter({ hasText: '— later' }), /Approve — later Approve the asset policy change, by a manager/);
    await checkScreen(sofia, 'policy-change');

    // The proposer owes nothing, and the decision itself tells her she may not take it.
    await sofia.goto('/tasks');
    await shows(sofia.locator('main'), 'You owe nothing right now.');
    await sofia.goto(`/asset-policy-changes/${changeId}`);
    await sofia.getByRole('link', { name: 'Open the decision' }).click();
    await shows(sofia.getByRole('note'), 'Separation of duties: you are the requester, so you may not decide this step.');
    expect(await sofia.getByRole('button', { name: 'Record the decision' }).count()).toBe(0);

    // A second security officer checks it from My tasks.
    const sam = await person(tenant, 'sam', ['security-officer']);
    await openFromMyTasks(sam, 'Check the asset policy change');
    await shows(sam.getByRole('table', { name: /What it would change in the asset policy/ }), /Business processes › 1 not set \(added\) Billing/);
    await shows(sam.locator('main'), 'Reason given: value assets by the mean of C, I and A');
    await checkScreen(sam, 'decision');
    await decide(sam, 'Approve');
    await shows(sam.getByRole('heading', { name: /^Decided:/ }), 'Decided: Approved');

    // A manager approves it from My tasks.
    const mia = await person(tenant, 'mia', ['manager']);
    await openFromMyTasks(mia, 'Approve the asset policy change');
    await checkScreen(mia, 'my-tasks-decision');
    await decide(mia, 'Approve');
    await shows(mia.getByRole('heading', { name: /^Decided:/ }), 'Decided: Approved');

    // The policy screen shows the new policy, the change its status.
    await expect
      .poll(
        async () => {
          await sofia.goto('/asset-policy');
          await sofia.getByRole('heading', { name: 'The policy in force' }).waitFor();
          return sofia.locator('main').innerText();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toMatch(/Version 1, in force since/);
    await shows(sofia.locator('main'), 'the mean of confidentiality, integrity and availability, rounded up');
    await shows(sofia.locator('main'), 'Network operations');
    await shows(sofia.getByRole('table', { name: /Proposed changes/ }), 'Approved (in force)');

    // The decision record: both steps done, with who decided.
    await sofia.goto(`/asset-policy-changes/${changeId}`);
    await shows(sofia.locator('main'), 'Approved (in force) — in force as policy version 1');
    await sofia.getByRole('link', { name: 'The full decision record' }).click();
    await shows(sofia.getByRole('heading', { level: 1 }), 'Decision record: asset policy change');
    const steps = sofia.getByRole('table', { name: /Every step’s outcome/ });
    await shows(steps, /check Approved sam .* approve Approved mia/i);
    await shows(sofia.locator('.steps li.done').first(), /Check — done Approved by sam/i);
    await shows(sofia.locator('.steps li.done').nth(1), /Approve — done Approved by mia/i);
    expect(await sofia.locator('.steps li.current').count()).toBe(0);
    await checkScreen(sofia, 'flow');
    await checkScreen(sam, 'decision-decided');

    await openMyTasksAsManager(mia);
    for (const visitor of visitors) expect(visitor.contractFailures).toEqual([]);
  }, 180_000);

  /** A manager's My tasks, once nothing is owed: the screen a reviewer sees. */
  async function openMyTasksAsManager(page: Page) {
    await page.goto('/tasks');
    await shows(page.locator('main'), 'You owe nothing right now.');
    await checkScreen(page, 'my-tasks');
  }

  it('sends a returned change back to its author, who revises it with evidence through the work task', async () => {
    const tenant = uniqueSlug('return');
    const rita = await person(tenant, 'rita', ['security-officer']);
    await propose(rita, 'Billing', 'name the billing process');

    const sam = await person(tenant, 'sam', ['security-officer']);
    await openFromMyTasks(sam, 'Check the asset policy change');
    // A return needs its reason: said beside the field, and nothing is sent.
    await decide(sam, 'Return for revision');
    await shows(sam.locator('.field-invalid'), 'a reason is required to reject or return');
    await sam.getByRole('textbox', { name: 'Reason' }).fill('also name network operations');
    await sam.getByRole('button', { name: 'Record the decision' }).click();
    await shows(sam.getByRole('heading', { name: /^Decided:/ }), 'Decided: Returned for revision');
    await shows(sam.locator('main'), 'Reason: “also name network operations”');

    // The author finds the revision in her tasks, with the return's reason.
    await openFromMyTasks(rita, 'Revise the returned asset policy change');
    await shows(rita.locator('main'), /Returned at the step “check” on .*: “also name network operations”/);
    await rita.getByLabel('File', { exact: true }).setInputFiles({
      name: 'review-notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Network operations named after the review with the NOC.\n'),
    });
    await rita.getByRole('button', { name: 'Upload' }).click();
    await shows(rita.getByRole('list', { name: 'Uploaded evidence' }), /review-notes\.txt — uploaded, SHA-256 [0-9a-f]{12}/);
    await rita.getByRole('textbox', { name: 'Business processes' }).fill('Billing\nNetwork operations');
    await rita.getByRole('textbox', { name: 'What the revision changed' }).fill('named network operations');
    await checkScreen(rita, 'task');
    await rita.getByRole('button', { name: 'Hand in the revision' }).click();
    await shows(rita.getByRole('heading', { name: 'Handed in' }), 'Handed in');
    await shows(rita.locator('main'), 'Note: “named network operations”');

    // It goes through the check again; the record shows the return and the revision.
    await openFromMyTasks(sam, 'Check the asset policy change');
    await shows(sam.locator('main'), 'Revision note: named network operations');
    await shows(sam.locator('.steps li.done').first(), /Check — done Returned for revision by sam .*“also name network operations”/i);
    await shows(sam.locator('.steps li.done').nth(1), /Revise — done Revised by rita/i);
    await shows(sam.locator('.steps li.current'), /Check — current/);
    for (const visitor of visitors) expect(visitor.contractFailures).toEqual([]);
  }, 180_000);

  it('lets the proposer withdraw an open change, and then nobody decides it', async () => {
    const tenant = uniqueSlug('withdraw');
    const wanda = await person(tenant, 'wanda', ['security-officer']);
    const changeId = await propose(wanda, 'Billing', 'to be withdrawn');
    await shows(wanda.locator('main'), 'Awaiting decision');
    await wanda.getByRole('button', { name: 'Withdraw' }).click();
    await shows(wanda.locator('.field-invalid'), 'say why the change is withdrawn');
    await wanda.getByRole('textbox', { name: 'Reason for withdrawing' }).fill('superseded by the annual review');
    await wanda.getByRole('button', { name: 'Withdraw' }).click();
    await shows(wanda.locator('main'), 'Withdrawn because');
    await shows(wanda.locator('main'), 'superseded by the annual review');
    expect(await wanda.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);
    expect(changeId).toMatch(/^[0-9A-Z]{26}$/);
  }, 60_000);

  it('opens a mail’s link on its screen after sign-in', async () => {
    const tenant = uniqueSlug('mail');
    // The checker exists before the proposal, so the flow mails them.
    const olga = await person(tenant, 'olga', ['security-officer']);
    await olga.goto('/tasks');
    const paul = await person(tenant, 'paul', ['security-officer']);
    await propose(paul, 'Billing', 'mail me');
    const mail = await eventually(
      async () => (await mailsTo(api.mailDir!, `olga@${tenant}.example`)).find((each) => each.subject === 'Decision needed: Check the asset policy change'),
      'the decision mail to olga',
    );
    const link = /Open it in ISMF: (\S+)/.exec(mail.text)?.[1];
    expect(link).toMatch(/\/approvals\/[0-9A-Z]{26}$/);
    expect(new URL(link!).origin).toBe(api.url);

    const fresh = await visit(browser, api);
    visitors.push(fresh);
    await fresh.page.goto(link!);
    await shows(fresh.page.getByRole('heading', { level: 1 }), 'Sign in to ISMF');
    await signIn(fresh.page, { tenant, user: 'olga', roles: ['security-officer'] }, link!);
    await shows(fresh.page.getByRole('heading', { level: 1 }), 'Check the asset policy change');
    expect(new URL(fresh.page.url()).pathname).toBe(new URL(link!).pathname);
    await shows(fresh.page.getByRole('button', { name: 'Record the decision' }), 'Record the decision');
    for (const visitor of visitors) expect(visitor.contractFailures).toEqual([]);
  }, 60_000);
});
