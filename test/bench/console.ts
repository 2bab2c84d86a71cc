// The console in the browser: the JavaScript a person downloads before the asset register shows (gzipped, as
// CloudFront serves it; the goal ≤ 250 KB), and the time from opening /assets to its first row with
// 100 and with very many assets (goal ≤ 1.5 s locally), set against the API's own growth for the same
// page at the same sizes. Debian's Chromium through playwright-core, on the local server with the console.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { buildConsole } from '@ismf/console/server/build';
import { consoleSite } from '@ismf/console/server/site';
import { devToken, devTokens } from '@ismf/platform/dev-identity';
import type { createLocalIdentity } from '@ismf/local/identity';
import { startLocalServer } from '@ismf/local/server';
import type { Operation } from '@ismf/catalogue/operation';
import { seedRegister } from './register.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const kb = (bytes: number) => round(bytes / 1024, 1);

type Identity = Awaited<ReturnType<typeof createLocalIdentity>>;

/** Signs in on the local sign-in page as the tenant's admin. */
async function signIn(page: Page, tenant: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Organization (tenant id)').fill(tenant);
  await page.getByLabel('User', { exact: true }).fill('admin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function consoleFigures(root: string, identity: Identity, operations: readonly Operation[], options: { largeCount: number; rounds: number }) {
  const build = await buildConsole();
  const server = await startLocalServer({ port: 0, identity, root, operations, devTokens, console: consoleSite(build.dir) });
  const browser = await launchChromium();
  try {
    const stamp = Date.now().toString(36);
    const sides = {
      small: { tenant: `bench-console-small-${stamp}`, count: 100 },
      large: { tenant: `bench-console-large-${stamp}`, count: options.largeCount },
    };
    const pages: Record<string, Page> = {};
    const tokens: Record<string, string> = {};
    for (const [name, side] of Object.entries(sides)) {
      tokens[name] = (await devToken(identity, { tenant: side.tenant, user: 'admin', roles: ['admin'] })).token;
      // Twenty owners, as the register section has them; not the admin who signs in (their /me/tasks reads the
      // assets they own: see the closing note of W2.8).
      const owners: string[] = [];
      for (let n = 0; n < 20; n++) {
        const created = await fetch(`${server.url}/users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[name]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ email: `owner${n}@${side.tenant}.example`, displayName: `Owner ${n}`, roles: ['asset-owner'] }),
        });
        owners.push(((await created.json()) as { id: string }).id);
      }
      await seedRegister(side.tenant, owners, side.count);
      const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
      pages[name] = await context.newPage();
      await signIn(pages[name], side.tenant);
    }

    // What the register's first visit downloads: every script the page loaded, gzipped as CloudFront sends it.
    const scripts = new Set<string>();
    pages.small!.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.add(new URL(request.url()).pathname);
    });
    let listQuery = '';
    pages.small!.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/assets' && request.resourceType() === 'fetch') listQuery = url.search;
    });
    await pages.small!.goto('/assets');
    await pages.small!.locator('main table tbody tr').first().waitFor();
    const files = [...scripts].map((path) => {
      const bytes = readFileSync(resolve(build.dir, `.${path}`));
      return { path, bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
    });
    const initial = {
      files: files.length,
      kb: kb(files.reduce((sum, file) => sum + file.bytes, 0)),
      gzippedKb: kb(files.reduce((sum, file) => sum + file.gzipped, 0)),
    };

    // Time to the first row: a full load of /assets (scripts cached, the token minted again as on any reload).
    const firstRow = async (page: Page) => {
      const started = performance.now();
      await page.goto('/assets');
      await page.locator('main table tbody tr').first().waitFor();
      return performance.now() - started;
    };
    const apiPage = async (token: string) => {
      const started = performance.now();
      const answer = await fetch(`${server.url}/assets${listQuery}`, { headers: { authorization: `Bearer ${token}` } });
      await answer.arrayBuffer();
      return performance.now() - started;
    };
    const samples = { small: [] as number[], large: [] as number[], apiSmall: [] as number[], apiLarge: [] as number[] };
    await firstRow(pages.large!); // warm both sides alike
    for (let n = 0; n < options.rounds; n++) {
      samples.small.push(await firstRow(pages.small!));
      samples.large.push(await firstRow(pages.large!));
      samples.apiSmall.push(await apiPage(tokens.small!));
      samples.apiLarge.push(await apiPage(tokens.large!));
    }
    const ui = { small: median(samples.small), large: median(samples.large) };
    const api = { small: median(samples.apiSmall), large: median(samples.apiLarge) };
    return {
      // The goal: at most 250 KB gzipped.
      initialJavaScript: { ...initial, goalGzippedKb: 250, scripts: files.map((file) => `${file.path} ${kb(file.gzipped)} KB`) },
      registerFirstRow: {
        listQuery,
        ms: { with100: round(ui.small), [`with${options.largeCount}`]: round(ui.large) },
        apiMs: { with100: round(api.small), [`with${options.largeCount}`]: round(api.large) },
        uiRatio: round(ui.large / ui.small),
        apiRatio: round(api.large / api.small),
        // Judged against the API's own ratio: how much more the screen grows with the register than its API call.
        uiRatioOverApiRatio: round(ui.large / ui.small / (api.large / api.small)),
        goalMs: 1500,
      },
      buildSeconds: round(build.milliseconds / 1000, 1),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
