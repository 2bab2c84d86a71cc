// The console's frame in a real browser: sign-in, the screens a person's roles open, deep links.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { consoleContentSecurityPolicy } from '@ismf/console/server/headers';
import type { Browser, Page } from 'playwright-core';
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
      .toEqual(['Dashboard', 'My tasks', 'Assets', 'Jobs', 'Audit', 'Settings', 'Changes', 'Change calendar']);
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
  describe('sign-in through a hosted UI (PKCE)', () => {
    const IDP = 'https://idp.ismf.test';
    const base64Url = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

    /** The console configured as in AWS, with a stand-in hosted UI that checks the code exchange as Cognito would. */
    async function hostedUi(page: Page, idToken: string) {
      const seen: { authorize?: URL; exchange?: URLSearchParams } = {};
      // The page's policy as CloudFront sends it in AWS: connect-src names the hosted UI's domain.
      await page.route(
        (url) => url.origin === api.url && !url.pathname.startsWith('/_console/') && url.pathname !== '/console-config.json',
        async (route) => {
          if (route.request().resourceType() !== 'document') return route.fallback();
          const answer = await route.fetch();
          return route.fulfill({
            response: answer,
            headers: { ...answer.headers(), 'content-security-policy': consoleContentSecurityPolicy({ connect: [IDP] }) },
          });
        },
      );
      await page.route('**/console-config.json', (route) =>
        route.fulfill({ json: { apiUrl: '', signIn: { kind: 'cognito', domain: 'idp.ismf.test', clientId: 'console-client' } } }),
      );
      await page.route(`${IDP}/oauth2/authorize?*`, (route) => {
        seen.authorize = new URL(route.request().url());
        const back = new URL(seen.authorize.searchParams.get('redirect_uri')!);
        back.search = new URLSearchParams({ code: 'the-code', state: seen.authorize.searchParams.get('state')! }).toString();
        // Signed in at the hosted UI: back to the console (a page of its own, so that the way back is a navigation
        // of its own too, with the console's headers).
        return route.fulfill({ contentType: 'text/html', body: `<meta http-equiv="refresh" content="0;url=${back.toString().replace(/&/g, '&amp;')}">` });
      });
      await page.route(`${IDP}/oauth2/token`, (route) => {
        seen.exchange = new URLSearchParams(route.request().postData() ?? '');
        const verifier = seen.exchange.get('code_verifier') ?? '';
        // RFC 7636 4.6: the verifier's S256 is the challenge sent to the authorize endpoint.
        const matches = base64Url(createHash('sha256').update(verifier).digest()) === seen.authorize?.searchParams.get('code_challenge');
        if (!matches || seen.exchange.get('code') !== 'the-code') return route.fulfill({ status: 400, json: { error: 'invalid_grant' } });
        return route.fulfill({ json: { id_token: idToken, token_type: 'Bearer', expires_in: 3600 }, headers: { 'access-control-allow-origin': '*' } });
      });
      return seen;
    }

    it('signs in with the code and its verifier, returns to the screen asked for, and keeps the token out of storage', async () => {
      const tenant = uniqueSlug('pkce');
      const token = await api.tokenFor(tenant, 'olga', ['security-officer']);
      const { page, context } = await visit(browser, api);
      const seen = await hostedUi(page, token);
      await page.goto('/audit');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await shows(page.getByRole('heading', { level: 1 }), 'Audit');
      expect(new URL(page.url()).pathname).toBe('/audit');
      expect(Object.fromEntries(seen.authorize!.searchParams)).toMatchObject({
        response_type: 'code',
        client_id: 'console-client',
        code_challenge_method: 'S256',
        redirect_uri: `${api.url}/callback`,
      });
      expect(seen.exchange!.get('grant_type')).toBe('authorization_code');
      expect(seen.exchange!.get('code_verifier')!.length).toBeGreaterThanOrEqual(43);
      // The token lives in memory only: nothing in either storage holds it, and the sign-in's verifier is spent.
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
      expect(stored).not.toContain(token.split('.')[1]);
      expect(stored).toBe('{}');
      await context.close();
    });

    it('refuses a callback it did not start (a forged or replayed code and state)', async () => {
      const token = await api.tokenFor(uniqueSlug('pkce'), 'olga', ['security-officer']);
      const { page, context } = await visit(browser, api);
      const seen = await hostedUi(page, token);
      await page.goto('/callback?code=the-code&state=forged');
      await shows(page.getByRole('alert'), 'this sign-in was not started here, or it was already used');
      expect(seen.exchange).toBeUndefined();
      await context.close();
    });
  });
});
