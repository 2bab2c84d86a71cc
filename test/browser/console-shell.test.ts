// The console's frame in a real browser: sign-in, the screens a person's roles open, deep links.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startApi, uniqueSlug, type Api } from '../support/api.ts';
import { checkScreen, describeWithBrowser, launchBrowser, shows, signIn, visit } from '../support/browser.ts';

describeWithBrowser('the console shell', () => {
  let api: Api;
  let browser: Browser;
  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi({ console: true }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('signs a person in locally and shows the screens their roles open', async () => {
    const tenant = uniqueSlug('console');
    const { page, context, contractFailures } = await visit(browser, api);
    await signIn(page, { tenant, user: 'olga', roles: ['security-officer'] });
    await expect
      .poll(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents())
      .toEqual(['Dashboard', 'My tasks', 'Assets', 'Jobs', 'Audit', 'Settings']);
    await checkScreen(page, 'sign-in-done');
    expect(contractFailures).toEqual([]);
    await context.close();
  });

  it('keeps staff out of settings, with the reason', async () => {
    const { page, context } = await visit(browser, api);
    await signIn(page, { tenant: uniqueSlug('console'), user: 'sam', roles: ['staff'] }, '/settings');
    await shows(page.getByRole('heading', { level: 1 }), 'Not for your roles');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await context.close();
  });
});
