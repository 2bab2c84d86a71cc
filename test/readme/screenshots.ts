// `npm run readme:screenshots`: the README's pictures of the console, taken from the running `npm start` with
// its demo data (the browser tests photograph every screen into build/screenshots/ on each run, with their own
// small tenants). Signs in as Dana Weiss, the demo's security officer, and writes docs/images/console-*.png.
import { resolve } from 'node:path';
import { launchChromium } from '../support/chromium.ts';
import { runningStackUrl } from '@ismf/local/stack-url';

const ROOT = resolve(import.meta.dirname, '../..');
const url = runningStackUrl(process.env, process.env.ISMF_KEY_DIR ?? resolve(ROOT, '.ismf'));
const browser = await launchChromium();
try {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 860 }, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Organization (tenant id)').fill('demo-telecom');
  await page.getByLabel('User', { exact: true }).fill('dana.weiss');
  for (const box of await page.getByRole('checkbox').all()) await box.setChecked((await box.getAttribute('value')) === 'security-officer');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.goto('/');
  await page.locator('canvas').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: resolve(ROOT, 'docs/images/console-dashboard.png') });
  // An asset with dependencies both ways: the demo's billing database.
  await page.goto('/assets?q=billing');
  const asset = page.getByRole('link', { name: /^Billing database \(CDRs/ });
  await asset.click();
  await page.getByRole('heading', { level: 1, name: /^Billing database \(CDRs/ }).waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  await page.screenshot({ path: resolve(ROOT, 'docs/images/console-asset.png'), fullPage: false });
  console.log(`written: docs/images/console-dashboard.png, docs/images/console-asset.png (from ${url})`);
} finally {
  await browser.close();
}
