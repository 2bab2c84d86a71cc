// The ismf CLI against a fake of the public jobs API (node:http, canned answers: a job goes running → done
// over three polls, uploads are accepted with 204, a bad request answers problem+json). Each case runs the
// CLI as a child process (tsx, as `npm run ismf` does: exit status, stdout bytes) and in this process
// through its main() (the same assertions, and the coverage of the file).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../packages/app/src/ismf-cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = 'test-token';
const IMPORT_TYPES = [
  'text/csv',
  'application/x-ndjson',
  'application/json',
  'application/vnd.cyclonedx+json',
  'application/vnd.cyclonedx+xml',
  'application/spdx+json',
];

// ------------------------------------------------------------------------------------- the fake API

interface FakeJob {
  id: string;
  kind: string;
  state: string;
  parameters: Record<string, unknown>;
  file?: { fileName: string; contentType: string; size: number };
  /** How it ends: by file name (broken… fails, endless… never ends), exports succeed. */
  plan: 'succeed' | 'fail' | 'endless';
  polls: number;
  upload?: { method: string; contentType?: string; contentLength?: string; transferEncoding?: string; bytes: Buffer; fieldOrder?: string[] };
  cancellation?: boolean;
  createdAt: string;
}

const EXPORT_BYTES = Buffer.concat([
  Buffer.from('id,name,type\r\n01JDQ8R6Z8W4X3N2K1M0P9Q7RT,"Core router, Zürich",hardware\r\n'),
  Buffer.from(Array.from({ length: 64 * 1024 }, (_, index) => index % 251)),
]);
const ERROR_CSV = 'row,field,message\n3,owner,no such user\n';

class FakeApi {
  server!: Server;
  url = '';
  jobs = new Map<string, FakeJob>();
  uploadMethod: 'PUT' | 'POST' = 'PUT';
  requests: string[] = [];
  private next = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  last(): FakeJob {
    return [...this.jobs.values()].at(-1)!;
  }

  private view(job: FakeJob): Record<string, unknown> {
    const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
    const total = job.plan === 'endless' ? undefined : 3000;
    const done = Math.min(job.polls, 3) * 1000;
    const view: Record<string, unknown> = {
      id: job.id,
      kind: job.kind,
      queue: job.kind.endsWith('import') ? 'import' : 'export',
      state: job.state,
      parameters: job.parameters,
      startedBy: '01JDQ8R6Z8W4X3N2K1M0P9Q7RT',
      progress:
        job.state === 'running' || job.state === 'succeeded' || job.state === 'failed'
          ? {
              rowsDone: done,
              ...(total ? { rowsTotal: total, chunksTotal: 3 } : {}),
              chunksDone: Math.min(job.polls, 3),
              rowsPerSecond: 1480.5,
              estimatedFinishAt: new Date(Date.now() + 90_000).toISOString(),
            }
          : { rowsDone: 0, chunksDone: 0 },
      counts: {},
      failedRows: 0,
      cursor: 0,
      rowsDone: done,
      execution: 1,
      version: 1 + job.polls,
      createdAt: job.createdAt,
      updatedAt: new Date().toISOString(),
    };
    if (job.file) view.file = { ...job.file, maxBytes: job.file.size };
    if (job.cancellation) view.cancellationRequestedAt = new Date().toISOString();
    if (job.state === 'succeeded' && job.kind === 'asset-import') view.counts = { created: 2, updated: 1, unchanged: 0, failed: 0 };
    if (job.state === 'failed') {
      view.counts = { created: 2, updated: 0, unchanged: 0, failed: 1 };
      view.failedRows = 1;
      view.error = 'row 3 refused: no such owner (1 of 3 rows)';
      view.errorFile = { fileName: `${job.id}-errors.csv`, rows: 1, url: `${this.url}/files/errors`, expiresAt };
    }
    if (job.state === 'succeeded' && job.kind.endsWith('export')) {
      view.counts = { exported: 2 };
      view.output = { fileName: 'assets.csv', contentType: 'text/csv', size: EXPORT_BYTES.length, rows: 2, url: `${this.url}/files/export`, expiresAt };
    }
    return view;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = new URL(request.url!, this.url);
    const route = `${request.method} ${url.pathname}`;
    this.requests.push(`${route}${url.search}`);
    const json = (status: number, value: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    const problem = (status: number, title: string, detail: string, errors: { path: string; message: string }[] = []): void => {
      response
        .writeHead(status, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ type: `https://ismf.example/problems/${title.toLowerCase().replace(/ /g, '-')}`, title, status, detail, errors }));
    };

    // The presigned links: no bearer token, the link is the grant.
    const uploadMatch = /^\/uploads\/(\w+)$/.exec(url.pathname);
    if (uploadMatch) {
      const job = this.jobs.get(uploadMatch[1]!)!;
      if (request.method === 'PUT') {
        job.upload = {
          method: 'PUT',
          contentType: request.headers['content-type'],
          contentLength: request.headers['content-length'],
          transferEncoding: request.headers['transfer-encoding'],
          bytes: body,
        };
      } else {
        const form = await new Response(body, { headers: { 'content-type': request.headers['content-type']! } }).formData();
        const file = form.get('file') as File;
        job.upload = { method: 'POST', contentType: file.type, bytes: Buffer.from(await file.arrayBuffer()), fieldOrder: [...form.keys()] };
      }
      response.writeHead(204).end();
      return;
    }
    if (route === 'GET /files/export') return void response.writeHead(200, { 'content-type': 'text/csv' }).end(EXPORT_BYTES);
    if (route === 'GET /files/errors') return void response.writeHead(200, { 'content-type': 'text/csv' }).end(ERROR_CSV);

    if (request.headers.authorization !== `Bearer ${TOKEN}`) return problem(401, 'Unauthorized', 'the token is missing, expired or not valid');
    if (route === 'POST /jobs') {
      const { kind, parameters = {}, file } = JSON.parse(body.toString()) as Pick<FakeJob, 'kind' | 'parameters' | 'file'>;
      if (kind === 'asset-import' && !IMPORT_TYPES.includes(file?.contentType ?? '')) {
        return problem(400, 'Invalid request', 'the request is not valid', [
          { path: 'body.file.contentType', message: `asset-import reads ${IMPORT_TYPES.join(', ')}` },
        ]);
      }
      if (kind === 'audit-export' && String(parameters.from) >= String(parameters.to)) {
        return problem(400, 'Invalid request', 'the request is not valid', [{ path: 'body.parameters.to', message: 'after from' }]);
      }
      const id = `01JF00000000000000000000${String(++this.next).padStart(2, '0')}`;
      const plan = file?.fileName.startsWith('broken') ? 'fail' : file?.fileName.startsWith('endless') ? 'endless' : 'succeed';
      const job: FakeJob = { id, kind, parameters, file, plan, polls: 0, state: file ? 'waiting-for-upload' : 'queued', createdAt: new Date().toISOString() };
      this.jobs.set(id, job);
      const fields: Record<string, string> =
        this.uploadMethod === 'PUT'
          ? { 'content-type': file?.contentType ?? '' }
          : { key: `acme/jobs/${id}`, 'Content-Type': file?.contentType ?? '', policy: 'eyJ…' };
      return json(
        202,
        file
          ? {
              ...this.view(job),
              upload: { url: `${this.url}/uploads/${id}`, method: this.uploadMethod, fields, expiresAt: new Date(Date.now() + 900_000).toISOString() },
            }
          : this.view(job),
      );
    }
    if (route === 'GET /jobs') {
      const state = url.searchParams.get('state');
      return json(200, { items: [...this.jobs.values()].filter((job) => !state || job.state === state).map((job) => this.view(job)) });
    }
    const jobMatch = /^\/jobs\/(\w+)(\/[a-z-]+)?$/.exec(url.pathname);
    const job = jobMatch && this.jobs.get(jobMatch[1]!);
    if (!job) return problem(404, 'Not found', 'no such job');
    const action = `${request.method} ${jobMatch![2] ?? ''}`;
    if (action === 'POST /upload-completion') {
      if (!job.upload) return problem(409, 'Conflict', 'no upload yet');
      job.state = 'queued';
      return json(200, this.view(job));
    }
    if (action === 'GET ') {
      if (job.state === 'queued' || job.state === 'running') {
        job.polls += 1;
        job.state = 'running';
        if (job.polls >= 3 && job.plan !== 'endless' && !job.cancellation) job.state = job.plan === 'fail' ? 'failed' : 'succeeded';
        if (job.cancellation) job.state = 'cancelled';
      }
      return json(200, this.view(job));
    }
    if (action === 'POST /cancellation') {
      if (['succeeded', 'failed', 'cancelled'].includes(job.state)) return problem(409, 'Conflict', `the job is ${job.state}`);
      job.cancellation = true;
      if (job.state !== 'running') job.state = 'cancelled';
      return json(200, this.view(job));
    }
    return problem(404, 'Not found', `no route ${route}`);
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// ----------------------------------------------------------------------------------- running the CLI

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

type Mode = 'child process' | 'in process';

const fake = new FakeApi();
let dir: string;

function envOf(extra: Record<string, string>): Record<string, string> {
  return { ISMF_URL: fake.url, ISMF_TOKEN: TOKEN, ISMF_POLL_MS: '10', ...extra };
}

function runChild(args: string[], extra: Record<string, string> = {}, started?: (child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((done, failed) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['packages/app/src/ismf-cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...envOf(extra) },
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', failed);
    child.on('close', (code) => done({ code, stdout: Buffer.concat(stdout), stderr }));
    started?.(child);
  });
}

function sink(tty = false): Writable & { isTTY?: boolean; columns?: number; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return Object.assign(stream, { isTTY: tty, columns: 200, bytes: () => Buffer.concat(chunks) });
}

async function runInProcess(
  args: string[],
  extra: Record<string, string> = {},
  options: { tty?: boolean; interrupt?: (fire: () => void) => void } = {},
): Promise<Run> {
  const stdout = sink();
  const stderr = sink(options.tty);
  const code = await main(args, {
    stdout,
    stderr,
    env: envOf(extra),
    onInterrupt: (handler) => {
      options.interrupt?.(handler);
      return () => {};
    },
  });
  return { code, stdout: stdout.bytes(), stderr: stderr.bytes().toString() };
}

const run = (mode: Mode, args: string[], extra: Record<string, string> = {}) => (mode === 'child process' ? runChild(args, extra) : runInProcess(args, extra));

beforeAll(async () => {
  await fake.start();
  dir = mkdtempSync(join(tmpdir(), 'ismf-cli-'));
});

afterAll(async () => {
  await new Promise((done) => fake.server.close(done));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.uploadMethod = 'PUT';
});

// ------------------------------------------------------------------------------------------ the cases

describe.each<Mode>(['child process', 'in process'])('ismf (%s)', (mode) => {
  it('imports a CSV: uploads the exact bytes with its type and length, follows the job and prints the summary (exit 0)', async () => {
    const path = join(dir, 'cmdb.csv');
    const bytes = Buffer.from('name,type,owner\r\n"Core router, Zürich",hardware,01JDQ8R6Z8W4X3N2K1M0P9Q7RT\r\nHSS,software,01JDQ8R6Z8W4X3N2K1M0P9Q7RT\r\n');
    writeFileSync(path, bytes);

    const result = await run(mode, ['import', 'assets', path]);

    expect(result.stderr).not.toContain('ismf:');
    expect(result.code).toBe(0);
    const job = fake.last();
    expect(job).toMatchObject({
      kind: 'asset-import',
      parameters: { dryRun: false },
      file: { fileName: 'cmdb.csv', contentType: 'text/csv', size: bytes.length },
    });
    expect(job.upload).toMatchObject({ method: 'PUT', contentType: 'text/csv', contentLength: String(bytes.length), transferEncoding: undefined });
    expect(job.upload!.bytes.equals(bytes)).toBe(true);
    expect(fake.requests).toContain(`POST /jobs/${job.id}/upload-completion`);
    expect(job.polls).toBe(3);
    const stdout = result.stdout.toString();
    expect(stdout).toContain(`job ${job.id} (asset-import): succeeded`);
    expect(stdout).toMatch(/ created\s+2\n\s+updated\s+1\n\s+unchanged\s+0\n\s+failed\s+0\n/);
    // Not a terminal: a line per state and per 10 %.
    expect(result.stderr).toContain(`job ${job.id}: running`);
    expect(result.stderr).toContain(`job ${job.id}: 33% (1000/3000 rows)`);
    expect(result.stderr).toContain(`job ${job.id}: 100% (3000/3000 rows)`);
  });

  it('sends an SBOM as an sbom-import job by a presigned POST (the fields first, the file last), with --asset', async () => {
    fake.uploadMethod = 'POST';
    const path = join(dir, 'router.cdx.json');
    const bytes = Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ name: 'openssl', version: '3.0.13' }] }));
    writeFileSync(path, bytes);

    expect((await run(mode, ['import', 'assets', path, '--dry-run'])).code).toBe(2);
    const result = await run(mode, ['import', 'assets', path, '--asset', '01JDQ8R6Z8W4X3N2K1M0P9Q7RT']);

    expect(result.code).toBe(0);
    const job = fake.last();
    expect(job.kind).toBe('sbom-import');
    expect(job.parameters).toEqual({ asset: '01JDQ8R6Z8W4X3N2K1M0P9Q7RT' });
    expect(job.file?.contentType).toBe('application/vnd.cyclonedx+json');
    expect(job.upload).toMatchObject({ method: 'POST', contentType: 'application/vnd.cyclonedx+json', fieldOrder: ['key', 'Content-Type', 'policy', 'file'] });
    expect(job.upload!.bytes.equals(bytes)).toBe(true);
    expect(result.stdout.toString()).toContain(`job ${job.id} (sbom-import): succeeded`);
  });

  it('reports a failed import with its error file, downloads it with --errors, and exits 1', async () => {
    const path = join(dir, 'broken.jsonl');
    writeFileSync(path, '{"name":"a"}\n{"name":"b"}\n{"name":"c","owner":"nobody"}\n');
    const errors = join(dir, `refused-${mode.replace(' ', '-')}.csv`);

    const result = await run(mode, ['import', 'assets', path, '--errors', errors]);

    expect(result.code).toBe(1);
    const job = fake.last();
    expect(job.file?.contentType).toBe('application/x-ndjson');
    const stdout = result.stdout.toString();
    expect(stdout).toContain(`job ${job.id} (asset-import): failed`);
    expect(stdout).toContain('error: row 3 refused: no such owner (1 of 3 rows)');
    expect(stdout).toContain(`refused rows: 1 in ${job.id}-errors.csv`);
    expect(stdout).toContain(`${fake.url}/files/errors`);
    expect(readFileSync(errors, 'utf8')).toBe(ERROR_CSV);
  });

  it('prints a problem answer’s detail and field errors, and exits 1', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'not a register');

    const result = await run(mode, ['import', 'assets', path, '--type', 'text/plain']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ismf: the request is not valid (400 Invalid request)');
    expect(result.stderr).toContain('  body.file.contentType: asset-import reads text/csv, application/x-ndjson');
    expect(result.stdout.length).toBe(0);
  });

  it('exits 2 on usage errors: no file, an unknown ending, an unknown option or command, no token', async () => {
    writeFileSync(join(dir, 'assets.txt'), 'x');
    const cases: [string[], Record<string, string>, string][] = [
      [['import', 'assets'], {}, 'name the file to import'],
      [['import', 'assets', join(dir, 'missing.csv')], {}, 'no such file'],
      [['import', 'assets', join(dir, 'assets.txt')], {}, 'say its media type with --type'],
      [['import', 'assets', join(dir, 'assets.txt'), '--bogus'], {}, "Unknown option '--bogus'"],
      [['frobnicate'], {}, 'no command frobnicate'],
      [['export', 'assets', '--format', 'xlsx'], {}, '--format is csv or jsonl'],
      [['export', 'audit', '--from', '2025-01-01T00:00:00Z'], {}, 'say the period with --from and --to'],
      [['jobs', '--state', 'sleeping'], {}, '--state is one of'],
      [['jobs'], { ISMF_TOKEN: '' }, 'npm run -s token -- --tenant T --user U --roles admin'],
      [[], {}, 'Usage: npm run -s ismf -- <command>'],
    ];
    const requests = fake.requests.length;
    for (const [args, extra, message] of mode === 'child process' ? cases.slice(0, 4) : cases) {
      const result = await run(mode, args, extra);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
    expect(fake.requests.length).toBe(requests);
  });

  it('shows the help of each command (exit 0)', async () => {
    const result = await run(mode, ['import', 'assets', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toContain('Usage: ismf import assets FILE [options]');
    if (mode === 'in process') {
      for (const args of [['--help'], ['export', '--help'], ['export', 'assets', '-h'], ['export', 'audit', '--help'], ['jobs', '--help'], ['cancel', '-h']]) {
        const help = await run(mode, args);
        expect(help.code, args.join(' ')).toBe(0);
        expect(help.stdout.toString(), args.join(' ')).toMatch(/Usage: /);
      }
    }
  });

  it('exports assets: the filters become parameters, the file goes to stdout byte for byte, the summary to stderr', async () => {
    const result = await run(mode, [
      'export',
      'assets',
      '--format',
      'jsonl',
      '--type',
      'software',
      '--owner',
      '01JDQ8R6Z8W4X3N2K1M0P9Q7RT',
      '--importance',
      '4',
    ]);

    expect(result.code).toBe(0);
    const job = fake.last();
    expect(job).toMatchObject({ kind: 'asset-export', parameters: { format: 'jsonl', type: 'software', owner: '01JDQ8R6Z8W4X3N2K1M0P9Q7RT', importance: 4 } });
    expect(job.file).toBeUndefined();
    expect(result.stdout.equals(EXPORT_BYTES)).toBe(true);
    expect(result.stderr).toContain(`job ${job.id} (asset-export): succeeded`);
    expect(result.stderr).toContain('output: assets.csv (2 rows, 64.1 KiB, text/csv)');
  });

  it('exports the audit trail and the users to --out, the summary on stdout', async () => {
    const audit = join(dir, `audit-${mode.replace(' ', '-')}.jsonl`);
    const result = await run(mode, ['export', 'audit', '--from', '2025-01-01T00:00:00Z', '--to', '2025-04-01T00:00:00Z', '--out', audit]);
    expect(result.code).toBe(0);
    expect(fake.last()).toMatchObject({ kind: 'audit-export', parameters: { from: '2025-01-01T00:00:00Z', to: '2025-04-01T00:00:00Z' } });
    expect(readFileSync(audit).equals(EXPORT_BYTES)).toBe(true);
    expect(result.stdout.toString()).toContain(`written to ${audit}`);

    const refused = await run(mode, ['export', 'audit', '--from', '2025-04-01T00:00:00Z', '--to', '2025-01-01T00:00:00Z']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('body.parameters.to: after from');

    if (mode === 'in process') {
      const users = join(dir, 'users.csv');
      const result = await run(mode, ['export', 'users', '--out', users]);
      expect(result.code).toBe(0);
      expect(fake.last()).toMatchObject({ kind: 'user-export', parameters: {} });
      expect(readFileSync(users).equals(EXPORT_BYTES)).toBe(true);
    }
  });

  it('lists jobs, shows one, cancels one', async () => {
    const list = await run(mode, ['jobs', '--state', 'succeeded']);
    expect(list.code).toBe(0);
    expect(fake.requests.at(-1)).toBe('GET /jobs?state=succeeded');
    const lines = list.stdout.toString().trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+KIND\s+STATE\s+PROGRESS\s+CREATED$/);
    expect(lines.slice(1).length).toBe([...fake.jobs.values()].filter((job) => job.state === 'succeeded').length);
    expect(lines[1]).toMatch(/^01JF\w+\s+asset-import\s+succeeded\s+100% 3000\/3000 rows/);

    const id = fake.last().id;
    const shown = await run(mode, ['job', id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout.toString()).toContain(`job ${id} (${fake.last().kind}): ${fake.last().state}`);

    const waiting = await fetch(`${fake.url}/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'user-export' }),
    }).then((response) => response.json() as Promise<{ id: string }>);
    const cancelled = await run(mode, ['cancel', waiting.id]);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout.toString()).toBe(`job ${waiting.id}: cancelled\n`);

    const again = await run(mode, ['cancel', waiting.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the job is cancelled (409 Conflict)');
  });
});

describe('ismf, interrupted and on a terminal', () => {
  it('cancels the job followed on Ctrl-C, prints its id and exits 130 (child process)', async () => {
    const path = join(dir, 'endless.csv');
    writeFileSync(path, 'name,type\nswitch,hardware\n');
    let child: ReturnType<typeof spawn> | undefined;
    const running = runChild(['import', 'assets', path], {}, (started) => (child = started));
    // Once the job is being followed (a poll seen), Ctrl-C.
    await expect.poll(() => (fake.last()?.file?.fileName === 'endless.csv' ? fake.last().polls : 0), { timeout: 20_000, interval: 20 }).toBeGreaterThan(0);
    child!.kill('SIGINT');
    const result = await running;

    const job = fake.last();
    expect(result.code).toBe(130);
    expect(job.cancellation).toBe(true);
    expect(fake.requests).toContain(`POST /jobs/${job.id}/cancellation`);
    expect(result.stderr).toContain(`interrupted: cancelling job ${job.id}`);
  });

  it('draws a progress bar on a terminal, follows a job with job --follow, and cancels on interrupt (in process)', async () => {
    const path = join(dir, 'fleet.ndjson');
    writeFileSync(path, '{"name":"a","type":"hardware"}\n');
    const result = await runInProcess(['import', 'assets', path], {}, { tty: true });
    expect(result.code).toBe(0);
    expect(result.stderr.replaceAll('\x1b', '<ESC>')).toMatch(/\r<ESC>\[2Krunning · \[#{8}-{16}\] 33% · 1000\/3000 rows · 1481 rows\/s · about 1m \d+s left/);
    expect(result.stderr).toContain('uploading [########################] 100%');

    const endless = join(dir, 'endless-2.csv');
    writeFileSync(endless, 'name,type\nswitch,hardware\n');
    const interrupted = await runInProcess(['import', 'assets', endless], {}, { interrupt: (fire) => setTimeout(fire, 60) });
    expect(interrupted.code).toBe(130);
    expect(fake.last().cancellation).toBe(true);
    expect(interrupted.stderr).toContain(`cancellation requested (running); ismf job ${fake.last().id} --follow shows its end`);

    const followed = await runInProcess(['job', fake.last().id, '--follow']);
    expect(followed.code).toBe(1);
    expect(followed.stdout.toString()).toContain(`job ${fake.last().id} (asset-import): cancelled`);
  });

  it('says when no API answers and when the token is refused (exit 1)', async () => {
    const down = await runInProcess(['jobs'], { ISMF_URL: 'http://127.0.0.1:9' });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('ismf: no ISMF answers at http://127.0.0.1:9');

    const refused = await runInProcess(['jobs', '--token', 'stale']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the token is missing, expired or not valid (401 Unauthorized)');
    expect(refused.stderr).toContain('npm run -s token');
  });
});
