// Where the running local stack answers, so that `npm run -s token` finds it without being told: the stack
// writes its URL into its key folder (`.ismf/url`) when it is up and takes it away when it stops.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const FILE = 'url';

/** Writes the stack's URL; answers what takes it away again (only while the file is still this stack's). */
export function announceStackUrl(keyDir: string, url: string): () => void {
  const file = resolve(keyDir, FILE);
  writeFileSync(file, `${url}\n`, { mode: 0o600 });
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === url) rmSync(file);
    } catch {
      // gone already
    }
  };
}

/** The stack to ask: ISMF_URL, else PORT on this machine, else the URL the running stack wrote, else port 3000. */
export function runningStackUrl(env: Readonly<Record<string, string | undefined>>, keyDir: string): string {
  if (env.ISMF_URL) return env.ISMF_URL;
  if (env.PORT) return `http://127.0.0.1:${env.PORT}`;
  try {
    const written = readFileSync(resolve(keyDir, FILE), 'utf8').trim();
    if (/^https?:\/\/\S+$/.test(written)) return written;
  } catch {
    // no stack has said where it is
  }
  return 'http://127.0.0.1:3000';
}
