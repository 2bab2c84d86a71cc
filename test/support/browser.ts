// The console in a real browser: Debian's Chromium driven by playwright-core, against a local stack started
// by the test (startApi({ console: true })). Each person is a browser context of their own (axe needs pages
// from newContext). Every API answer the page receives is held to the contract and its status recorded, as
// the API tests' own calls are; every screen is checked by axe and photographed into build/screenshots/.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from './chromium.ts';
import { describe, expect } from 'vitest';
import { heldToContract, type Api } from './api.ts';

const MISSING = 'Chromium is not installed (apt-get install -y --no-install-recommends chromium, or set CHROMIUM_PATH): the console browser tests are skipped';

/** A describe that runs only where Chromium is; under CI=true a missing Chromium fails the run instead. */
export const describeWithBrowser: typeof describe = (() => {
  if (CHROMIUM) return describe;
  if (process.env.CI === 'true') throw new Error(`CI=true: ${MISSING.replace('are skipped', 'would be skipped')}`);
  console.warn(`Notice: ${MISSING}`);
  return describe.skip;
})() as typeof describe;

const SCREENSHOTS = resolve(import.meta.dirname, '../../build/screenshots');

export const launchBrowser = launchChromium;

export interface Person {
  tenant: string;
  user: string;
  roles: string[];
}

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Contract failures of the API answers this person's page received. */
  contractFailures: string[];
}

/** A person's own browser (a new context: no shared storage), its API traffic held to the contract. */
export async function visit(browser: Browser, api: Api): Promise<Visitor> {
  const context = await browser.newContext({ baseURL: api.url, viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  const contractFailures: string[] = [];
  context.on('response', (response) => {
    const request = response.request();
    if (!['fetch', 'xhr'].includes(request.resourceType())) return;
    const url = new URL(response.url());
    if (url.origin !== api.url || url.pathname.startsWith('/_local/') || url.pathname === '/console-config.json') return;
    void response
      .text()
      .then((text) => heldToContract(request.method(), `${url.pathname}${url.search}`, response.status(), new Headers(response.headers()), text))
      .catch((error: unknown) => {
        if (!String(error).includes('Target page, context or browser has been closed')) contractFailures.push(String(error));
      });
  });
  return { context, page, contractFailures };
}

/** Signs in on the local sign-in page, as a person would: tenant, user, roles. */
export async function signIn(page: Page, person: Person, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Organization (tenant id)').fill(person.tenant);
  await page.getByLabel('User', { exact: true }).fill(person.user);
  for (const box of await page.getByRole('checkbox').all()) {
    const role = await box.getAttribute('value');
    await box.setChecked(person.roles.includes(role!));
  }
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).count(), { timeout: 15_000 }).toBe(1);
}

/**
 * Checks the page with axe (WCAG 2.2 A and AA): no serious or critical violation. Writes a screenshot of it
 * to build/screenshots/<name>.png for a reviewer.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const grave = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(grave, `accessibility of ${name}`).toEqual([]);
}

/** Waits until the locator's text contains `text` (the screen may still be loading), as a person would look. */
export async function shows(locator: Locator, text: string | RegExp, timeout = 15_000): Promise<void> {
  await expect
    .poll(async () => ((await locator.count()) ? (await locator.first().innerText()).replace(/\s+/g, ' ') : ''), { timeout })
    .toMatch(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text);
}
