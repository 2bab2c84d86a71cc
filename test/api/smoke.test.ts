// The smoke test (packages/app/src/smoke.ts, `npm run smoke`) against this file's local stack with the
// event path and the flows running: every step passes, with a checker (a rejection the execution
// settles) and without (a withdrawal), and it cleans up; a refused token stops it at its first
// authenticated step with exit status 1; a usage error is exit status 2.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSmoke, SMOKE_STEPS, textReporter } from '../../packages/app/src/smoke.ts';
import { main } from '../../packages/app/src/smoke-cli.ts';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';

const ROOT = resolve(import.meta.dirname, '../..');

let api: Api;
beforeAll(async () => {
  api = await startApi({ events: true });
  api.relay!.start();
});
afterAll(() => api.close());

/** The local execution of a flow, once it ended (what the smoke cannot see through the API). */
const ended = (flowId: string) =>
  eventually(async () => {
    const run = api.flows!.execution(flowId);
    return run && run.status !== 'RUNNING' ? run : undefined;
  }, `execution ${flowId} to end`);

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, failed) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['packages/app/src/smoke-cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', failed);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function sink(): Writable & { text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return Object.assign(stream, { text: () => text });
}

describe('the smoke test on the local stack', () => {
  it('passes every step with a checker, whose rejection the execution settles, and cleans up after itself', async () => {
    const { tenantId, adminToken } = await api.newTenant('smoke');
    const checker = await api.tokenFor(tenantId, `checker@${tenantId}.example`, ['security-officer']);
    const lines: string[] = [];
    const result = await runSmoke(
      { url: `${api.url}/`, token: adminToken, checkerToken: checker, operatorToken: api.operator, newUser: `smoke@${tenantId}.example`, pollMs: 50 },
      textReporter((line) => lines.push(line)),
    );
    const output = lines.join('\n');
    expect(result.ok, output).toBe(true);
    expect(result.steps.map((step) => step.name)).toEqual([...SMOKE_STEPS, 'cleanup']);
    expect(result.notRun).toEqual([]);
    // One line per step, then the verdict and what stays.
    expect(lines[0]).toBe(`Smoke test of ${api.url} (run ${result.runId})`);
    for (const step of result.steps) expect(output).toMatch(new RegExp(`^✓ ${step.name} +\\d+ ms  \\S`, 'm'));
    expect(output).toContain(`Passed: ${result.steps.length} steps`);
    expect(output).toContain('the registry shows it active (operator)');
    expect(output).toContain(`registered smoke+${result.runId}@${tenantId}.example (staff)`);
    expect(result.leftBehind.join('\n')).toMatch(/retired[\s\S]*rejected[\s\S]*disabled[\s\S]*append-only/);

    const { assetId, userId, changeId, flowId, approvalId } = result.records;
    const asset = await api.call('GET', `/assets/${assetId}`, { token: adminToken });
    expect(asset.body).toMatchObject({ name: `Smoke test ${result.runId}`, status: 'retired' });
    expect((await api.call('GET', `/users/${userId}`, { token: adminToken })).body).toMatchObject({ status: 'disabled', roles: ['staff'] });
    expect((await api.call('GET', `/asset-policy-changes/${changeId}`, { token: adminToken })).body.status).toBe('rejected');
    expect((await api.call('GET', `/approvals/${approvalId}`, { token: checker })).body.decision).toMatchObject({ outcome: 'reject' });
    // The rejection went through the execution: its last state is Rejected.
    expect((await ended(flowId!)).states.at(-1)).toBe('Rejected');
    // The policy in force is untouched, and the summary counted the asset, then its retirement.
    expect((await api.call('GET', '/asset-policy', { token: adminToken })).body.version).toBe(0);
    await eventually(async () => {
      const summary = await api.call('GET', '/assets/summary', { token: adminToken });
      return summary.body.statuses.retired.count === 1 && summary.body.total === 1 ? true : undefined;
    }, 'the retirement counted');
  });

  it('passes with the requester alone: the change is withdrawn, and the execution ends Withdrawn', async () => {
    const { adminToken } = await api.newTenant('smoke');
    const lines: string[] = [];
    const result = await runSmoke(
      { url: api.url, token: adminToken, pollMs: 50 },
      textReporter((line) => lines.push(line)),
    );
    expect(result.ok, lines.join('\n')).toBe(true);
    expect(result.steps.map((step) => step.name)).toEqual([...SMOKE_STEPS, 'cleanup']);
    expect(result.steps.find((step) => step.name === 'decision')!.detail).toMatch(/^withdrawn by the requester/);
    expect(result.steps.find((step) => step.name === 'user')!.detail).toMatch(/^admin@smoke-\w+\.example is an active user \(admin\)$/);
    expect(result.records.userId).toBeUndefined();
    expect((await api.call('GET', `/asset-policy-changes/${result.records.changeId}`, { token: adminToken })).body.status).toBe('withdrawn');
    expect((await ended(result.records.flowId!)).states.at(-1)).toBe('Withdrawn');
  });

  it('cleans up after a failed step: a "checker" who is the requester is refused, and the change is withdrawn', async () => {
    const { tenantId, adminToken } = await api.newTenant('smoke');
    // A security officer may run the smoke as well as an admin; as their own checker they are refused.
    const officer = await api.tokenFor(tenantId, `officer@${tenantId}.example`, ['security-officer']);
    const lines: string[] = [];
    const result = await runSmoke(
      { url: api.url, token: officer, checkerToken: officer, pollMs: 50 },
      textReporter((line) => lines.push(line)),
    );
    const output = lines.join('\n');
    expect(result.ok).toBe(false);
    expect(result.steps.map((step) => [step.name, step.ok])).toEqual([
      ...SMOKE_STEPS.slice(0, -1).map((name) => [name, true]),
      ['decision', false],
      ['cleanup', true],
    ]);
    expect(output).toMatch(/^✗ decision +\d+ ms {2}POST \/approvals\/\w+\/decision answered 403: Forbidden$/m);
    expect(output).toMatch(/^ {4}\{"type":"[^"]+\/forbidden",.*"status":403,.*requester/m);
    expect(output).toMatch(/^✓ cleanup +\d+ ms {2}withdrew change \w+; retired asset \w+$/m);
    expect(output).toContain('FAILED at decision (');
    expect((await api.call('GET', `/asset-policy-changes/${result.records.changeId}`, { token: adminToken })).body.status).toBe('withdrawn');
    expect((await api.call('GET', `/assets/${result.records.assetId}`, { token: adminToken })).body.status).toBe('retired');
  });

  it('stops at its first authenticated step on a token the API refuses, names the answer, and makes nothing', async () => {
    const garbage = await runSmoke({ url: api.url, token: 'not-a-token' }, { step: () => {} });
    expect(garbage.ok).toBe(false);
    expect(garbage.steps.map((step) => [step.name, step.ok])).toEqual([
      ['health', true],
      ['tenant', false],
    ]);
    expect(garbage.notRun).toEqual(['user', 'asset', 'event', 'flow', 'decision']);
    expect(garbage.steps[1]).toMatchObject({ detail: 'GET /asset-policy answered 401: Unauthorized', response: { status: 401 } });
    expect(garbage.leftBehind).toEqual([]);

    // An expired token of a real admin, through the command line: exit status 1 and a clear message.
    const { tenantId } = await api.newTenant('smoke');
    const expired = await api.identity.issue({ subject: 'expired-admin', email: `admin@${tenantId}.example`, tenantId, roles: ['admin'], ttlSeconds: -120 });
    const run = await runCli(['--url', api.url, '--token', expired]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^✓ health /m);
    expect(run.stdout).toMatch(/^✗ tenant +\d+ ms {2}GET \/asset-policy answered 401/m);
    expect(run.stdout).toContain('www-authenticate: Bearer realm="ismf", error="invalid_token", error_description="the token has expired"');
    expect(run.stdout).toContain('"status":401');
    expect(run.stdout).toContain('hint: the token was refused');
    expect(run.stdout).toContain('FAILED at tenant; not run: user, asset, event, flow, decision');
    expect(run.stdout).not.toContain('Left in the tenant');
  });

  it('names what is missing or wrong on its command line: exit status 2; --help is 0', async () => {
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('smoke: no URL: pass --url (or set ISMF_URL)');
    expect(bare.stdout).toBe('');
    const unknown = await runCli(['--url', api.url, '--token', 't', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--bogus'/);

    const cases: [string[], Record<string, string>, number, RegExp][] = [
      [['--help'], {}, 0, /^smoke: a smoke test/],
      [['--url', api.url], {}, 2, /no token: pass --token/],
      [['--url', 'ftp://x', '--token', 't'], {}, 2, /an http:\/\/ or https:\/\/ URL/],
      [['--token', 't', '--timeout', '0'], { ISMF_URL: api.url }, 2, /--timeout 0: a number of seconds above 0/],
      [['--new-user', 'nobody'], { ISMF_URL: api.url, ISMF_TOKEN: 't' }, 2, /--new-user nobody: an e-mail address/],
      [['stray'], {}, 2, /Unexpected argument 'stray'/],
    ];
    for (const [args, env, code, message] of cases) {
      const stdout = sink();
      const stderr = sink();
      expect(await main(args, { stdout, stderr, env }), args.join(' ')).toBe(code);
      expect(code === 0 ? stdout.text() : stderr.text()).toMatch(message);
    }
  });

  it('says when the API cannot be reached', async () => {
    // A port that was free a moment ago: nothing listens there.
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const stdout = sink();
    const code = await main(['--url', `http://127.0.0.1:${port}`, '--token', 't'], { stdout, stderr: sink(), env: {} });
    expect(code).toBe(1);
    expect(stdout.text()).toMatch(new RegExp(`^✗ health +\\d+ ms {2}GET /health: no answer from http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`, 'm'));
    expect(stdout.text()).toContain('hint: is the URL right, and is the API up?');
  });
});
