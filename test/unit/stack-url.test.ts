// `npm run -s token` finds the running stack without PORT: the stack writes its URL into its key folder,
// and takes it away when it stops; ISMF_URL, then PORT, still say otherwise.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceStackUrl, runningStackUrl } from '@ismf/local/stack-url';
import { startApi, uniqueSlug, type Api } from '../support/api.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('the running stack’s URL', () => {
  it('is written by the stack, read by the token CLI’s default, and taken away only by the stack that wrote it', () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'ismf-keys-'));
    expect(runningStackUrl({}, dir)).toBe('http://127.0.0.1:3000');
    const forget = announceStackUrl(dir, 'http://127.0.0.1:41234');
    expect(runningStackUrl({}, dir)).toBe('http://127.0.0.1:41234');
    expect(runningStackUrl({ PORT: '3100' }, dir)).toBe('http://127.0.0.1:3100');
    expect(runningStackUrl({ ISMF_URL: 'http://10.0.0.5:3000', PORT: '3100' }, dir)).toBe('http://10.0.0.5:3000');
    // Another stack started meanwhile: this one's stop leaves that one's URL alone.
    announceStackUrl(dir, 'http://127.0.0.1:45678');
    forget();
    expect(runningStackUrl({}, dir)).toBe('http://127.0.0.1:45678');
    // Whatever else is in the file is not taken for a URL.
    writeFileSync(resolve(dir, 'url'), 'not a url; rm -rf /\n');
    expect(runningStackUrl({}, dir)).toBe('http://127.0.0.1:3000');
  });

  it('lets `npm run -s token` reach the stack with no PORT and no ISMF_URL', async () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'ismf-keys-'));
    const forget = announceStackUrl(dir, api.url);
    const env = { ...process.env, ISMF_KEY_DIR: dir, PORT: '', ISMF_URL: '' };
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'packages/local/src/token-cli.ts', '--tenant', uniqueSlug('url'), '--user', 'dana.weiss'],
      { cwd: ROOT, env },
    );
    const token = stdout.trim();
    expect((await api.call('GET', '/users', { token })).status).toBe(200);
    forget();
    expect(existsSync(resolve(dir, 'url'))).toBe(false);
  }, 30_000);
});
