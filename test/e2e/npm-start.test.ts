// `npm start` as a newcomer runs it: the stack comes up, the printed curl works, Ctrl-C stops it all.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '@ismf/local/dynamodb-local';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/tsx/dist/cli.mjs');
const MAIN = 'packages/app/src/start-local.ts';

describe('npm start', () => {
  it('serves the API with a demo tenant, and Ctrl-C stops the server and the JVM', async () => {
    const port = await freePort();
    // Its own process group, as a terminal gives it: Ctrl-C reaches tsx, node and the JVM alike.
    const child = spawn(process.execPath, [TSX, MAIN], {
      cwd: ROOT,
      detached: true,
      env: { ...process.env, PORT: String(port), TABLE_NAME: 'ismf', ISMF_MAIL_DIR: mkdtempSync(join(tmpdir(), 'ismf-e2e-mail-')) },
    });
    const group = -child.pid!;
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('Ctrl-C') && Date.now() < deadline) await new Promise((done) => setTimeout(done, 200));
      expect(output).toContain(`ISMF is running at http://127.0.0.1:${port}`);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      const token = /Bearer ([\w.-]+)/.exec(output)![1];
      const users = await fetch(`http://127.0.0.1:${port}/users`, { headers: { authorization: `Bearer ${token}` } });
      expect(users.status).toBe(200);
      expect(((await users.json()) as { items: { email: string }[] }).items[0]!.email).toBe('admin@demo-telecom.example');

      // A decision through the local Step Functions: an officer proposes, the checker finds it owed and is mailed.
      const api = `http://127.0.0.1:${port}`;
      const tokenOf = async (user: string, roles: string[]) =>
        (
          (await (
            await fetch(`${api}/_local/token`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ tenant: 'demo-telecom', user, roles }),
            })
          ).json()) as { token: string }
        ).token;
      const officer = await tokenOf('officer@demo-telecom.example', ['security-officer']);
      const checker = await tokenOf('checker@demo-telecom.example', ['security-officer']);
      const policy = (await (await fetch(`${api}/asset-policy`, { headers: { authorization: `Bearer ${officer}` } })).json()) as Record<string, unknown>;
      const { version: _version, ...proposed } = policy;
      const change = await fetch(`${api}/asset-policy-changes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ policy: { ...proposed, businessProcesses: ['Billing'] }, reason: 'name the billing process' }),
      });
      expect(change.status).toBe(201);
      const owed = async () =>
        ((await (await fetch(`${api}/me/tasks`, { headers: { authorization: `Bearer ${checker}` } })).json()) as { items: { step: string }[] }).items;
      const waitUntil = Date.now() + 20_000;
      while ((await owed()).length === 0 && Date.now() < waitUntil) await new Promise((done) => setTimeout(done, 100));
      expect((await owed()).map((item) => item.step)).toEqual(['check']);
      while (!output.includes('mail to checker@demo-telecom.example') && Date.now() < waitUntil) await new Promise((done) => setTimeout(done, 100));
      expect(output).toMatch(/mail to checker@demo-telecom\.example: "Decision needed: Check the asset policy change" → .*\.eml/);
      const dynamo = /DynamoDB Local at (http:\/\/[\d.:]+)/.exec(output)![1]!;
      process.kill(group, 'SIGINT');
      expect(await exited).toBe(0);
      await expect(fetch(dynamo)).rejects.toThrow();
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    } catch (error) {
      throw new Error(`npm start said:\n${output}`, { cause: error });
    } finally {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 90_000);

  it('without Java, says how to install it and exits non-zero', () => {
    // A PATH with node and nothing else (node may live beside java, e.g. in /usr/bin).
    const bin = mkdtempSync(join(tmpdir(), 'ismf-nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = spawnSync(process.execPath, [TSX, MAIN], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 50_000,
      env: { ...process.env, PATH: bin },
    });
    rmSync(bin, { recursive: true, force: true });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('openjdk-17-jre-headless');
  }, 60_000);
});
