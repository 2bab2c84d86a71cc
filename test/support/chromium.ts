// Debian's Chromium, as the browser tests, the bench and the README's screenshots start it: found on the PATH
// (or at CHROMIUM_PATH), headless, and with no background calls to Google's hosts (the network is closed).
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export const CHROMIUM = findChromium();

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('Chromium is not installed (apt-get install -y --no-install-recommends chromium, or set CHROMIUM_PATH)');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root in a container: no sandbox.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
