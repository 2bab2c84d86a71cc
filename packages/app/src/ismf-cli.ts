// `npm run -s ismf -- <command>`: a command-line client of the public HTTP API, for the bulk jobs — import a
// register file (upload it, then follow the job), export assets, the audit trail or the users (follow, then
// download), list, show and cancel jobs. It is a client like any other: Node's fetch and the documented API,
// nothing of the server's packages but where a local stack says it runs. ISMF_URL and ISMF_TOKEN (or --url,
// --token) say where and as whom; without ISMF_URL it finds `npm start` as `npm run -s token` does.
import { closeSync, createReadStream, createWriteStream, openAsBlob, openSync, readSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { runsAsProgram } from '@ismf/core/entry-point';
import { runningStackUrl } from '@ismf/local/stack-url';

/** The local stack's key folder, where it writes its URL (as `npm start` uses it). */
const STACK_KEY_DIR = resolve(import.meta.dirname, '../../../.ismf');

/** Where the CLI writes, what it reads of the environment, and how Ctrl-C reaches it (a test passes its own). */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  /** Calls the handler on Ctrl-C while a job is followed; answers the function that stops listening. */
  onInterrupt: (handler: () => void) => () => void;
}

interface Progress {
  rowsDone: number;
  rowsTotal?: number;
  chunksDone: number;
  chunksTotal?: number;
  rowsPerSecond?: number;
  estimatedFinishAt?: string;
}

interface Link {
  url: string;
  expiresAt: string;
}

interface UploadTicket extends Link {
  method: 'PUT' | 'POST';
  fields: Record<string, string>;
}

interface Job {
  id: string;
  kind: string;
  state: string;
  parameters?: Record<string, unknown>;
  file?: { fileName: string; contentType: string; size?: number; maxBytes?: number };
  progress?: Progress;
  counts?: Record<string, number>;
  error?: string;
  errorFile?: Link & { fileName: string; rows: number };
  output?: Link & { fileName: string; contentType: string; size: number; rows: number };
  createdAt?: string;
  queuedAt?: string;
  startedAt?: string;
  finishedAt?: string;
  cancellationRequestedAt?: string;
  upload?: UploadTicket;
}

interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/** A refusal the CLI explains and exits on: 2 for a usage error, 1 for what the API or the network said. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly lines: string[] = [],
  ) {
    super(message);
  }
}

const usageError = (message: string, command?: string) => new CliError(message, 2, [`Run ismf ${command ? `${command} ` : ''}--help for the usage.`]);

const JOB_STATES = ['waiting-for-upload', 'queued', 'running', 'succeeded', 'failed', 'cancelled'];
const FINAL_STATES = new Set(['succeeded', 'failed', 'cancelled']);
const TOKEN_HINT = 'Get a token for the local stack with: npm run -s token -- --tenant T --user U --roles admin';

/** File name endings and the media type each is sent as; the longer endings first. */
export const MEDIA_TYPES: readonly (readonly [string, string])[] = [
  ['.cdx.json', 'application/vnd.cyclonedx+json'],
  ['.bom.json', 'application/vnd.cyclonedx+json'],
  ['.spdx.json', 'application/spdx+json'],
  ['.json', 'application/json'],
  ['.jsonl', 'application/x-ndjson'],
  ['.ndjson', 'application/x-ndjson'],
  ['.csv', 'text/csv'],
  ['.xml', 'application/vnd.cyclonedx+xml'],
];

export function mediaTypeOf(fileName: string): string | undefined {
  const name = fileName.toLowerCase();
  return MEDIA_TYPES.find(([ending]) => name.endsWith(ending))?.[1];
}

// ---------------------------------------------------------------------------------------------- help

const COMMON_HELP = `Options of every command:
  --token TOKEN   the bearer token (default: $ISMF_TOKEN)
  --url URL       the API (default: $ISMF_URL, else the running npm start, else http://127.0.0.1:3000)
  -h, --help      the usage
A job is polled every second ($ISMF_POLL_MS milliseconds if set).

${TOKEN_HINT}`;

const HELP: Record<string, string> = {
  '': `ismf: a command-line client of the ISMF API, for bulk jobs.

Usage: npm run -s ismf -- <command> [options]

Commands:
  import assets FILE    import assets from a CSV, JSON Lines, JSON, CycloneDX or SPDX file
  export assets         export the asset register (CSV or JSON Lines) to stdout or a file
  export audit          export the audit trail between two instants
  export users          export the users
  jobs                  list jobs
  job ID                show a job (--follow: wait for its end)
  cancel ID             cancel a job

Exit status: 0 done; 1 the job failed or was cancelled, or the API refused; 2 a usage error;
130 interrupted (Ctrl-C cancels the job followed).

${COMMON_HELP}`,
  import: `Usage: ismf import assets FILE [--dry-run] [--type MEDIA] [--errors FILE]

Imports are jobs: run "ismf import assets --help".`,
  export: `Usage: ismf export assets|audit|users [options]

Run "ismf export assets --help", "ismf export audit --help" or "ismf export users --help".`,
  'import assets': `Usage: ismf import assets FILE [options]

Uploads FILE as an asset-import job (an SBOM: an sbom-import job), follows it (progress on stderr)
and prints its summary on stdout.
CSV and JSON Lines up to 500 MiB (read as a stream); JSON arrays, CycloneDX and SPDX up to 50 MiB.

Options:
  --dry-run        check every row and count what would change, writing nothing
  --type MEDIA     the media type (default: from the file name: .csv text/csv, .jsonl/.ndjson
                   application/x-ndjson, .json application/json, .cdx.json/.bom.json/.xml CycloneDX,
                   .spdx.json SPDX)
  --asset ULID     an SBOM: the software asset whose components it replaces
  --owner ULID     an SBOM registering a new software asset: its owner
  --errors FILE    write the refused rows (CSV of row, field, message) to FILE

Examples:
  npm run -s ismf -- import assets cmdb.csv --dry-run
  npm run -s ismf -- import assets cmdb.csv --errors refused.csv
  npm run -s ismf -- import assets router.cdx.json --asset 01JDQ8R6Z8W4X3N2K1M0P9Q7RT

${COMMON_HELP}`,
  'export assets': `Usage: ismf export assets [options]

Runs an asset-export job, follows it (progress on stderr) and writes the file to stdout, or to --out.

Options:
  --format csv|jsonl       the file's format (default: csv)
  --type TYPE              only assets of this type
  --owner ULID             only assets of this owner
  --classification LEVEL   only assets of this classification
  --category CATEGORY      only assets of this category
  --importance 1-5         only assets of this importance
  --review-state STATE     only assets whose review is overdue, due or current
  --out FILE               write the file there (the summary then goes to stdout)

Examples:
  npm run -s ismf -- export assets > assets.csv
  npm run -s ismf -- export assets --format jsonl --type software --out software.jsonl

${COMMON_HELP}`,
  'export audit': `Usage: ismf export audit --from ISO --to ISO [--out FILE]

Runs an audit-export job over [from, to), follows it and writes the file to stdout, or to --out.

Example:
  npm run -s ismf -- export audit --from 2025-01-01T00:00:00Z --to 2025-04-01T00:00:00Z --out q1.jsonl

${COMMON_HELP}`,
  'export users': `Usage: ismf export users [--out FILE]

Runs a user-export job, follows it and writes the file to stdout, or to --out.

${COMMON_HELP}`,
  jobs: `Usage: ismf jobs [--state STATE] [--kind KIND] [--limit N] [--cursor C] [--json]

Lists the jobs you may see, newest first. STATE: ${JOB_STATES.join(', ')}.

${COMMON_HELP}`,
  job: `Usage: ismf job ID [--follow] [--json] [--errors FILE]

Shows a job. --follow waits for its end (progress on stderr), prints its summary and exits 0 if it
succeeded, 1 if not.

${COMMON_HELP}`,
  cancel: `Usage: ismf cancel ID

Cancels a job: one not yet running at once; a running one at its next chunk (what it wrote stays).

${COMMON_HELP}`,
};

// ------------------------------------------------------------------------------------------- the API

class Api {
  constructor(
    readonly base: string,
    private readonly token: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new CliError(`no ISMF answers at ${this.base} (${causeOf(error)})`, 1, ['Start the local stack with npm start, or set ISMF_URL.']);
    }
    if (!response.ok) {
      const problem = await problemFrom(response, `${method} ${path}`);
      if (response.status === 401) problem.lines.push(TOKEN_HINT);
      throw problem;
    }
    return (await response.json()) as T;
  }
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/** An RFC 9457 answer (or whatever else a refusal carries, S3's XML included) as a CliError. */
async function problemFrom(response: Response, what: string): Promise<CliError> {
  const text = await response.text().catch(() => '');
  let problem: ProblemDocument | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') problem = parsed as ProblemDocument;
  } catch {
    // Not JSON: S3's XML error, a gateway's HTML page.
  }
  const status = `${response.status}${problem?.title ? ` ${problem.title}` : response.statusText ? ` ${response.statusText}` : ''}`;
  if (problem && (problem.detail || problem.title)) {
    const lines = (problem.errors ?? []).map((error) => `  ${error.path}: ${error.message}`);
    return new CliError(`${problem.detail ?? problem.title} (${status})`, 1, lines);
  }
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? text.replace(/\s+/g, ' ').trim().slice(0, 300);
  return new CliError(`${what} answered ${status}${message ? `: ${message}` : ''}`, 1);
}

// ---------------------------------------------------------------------------------------- formatting

function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function humanDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** The share done, 0 to 1, when the job knows its total (rows, else chunks). */
function fractionOf(progress: Progress | undefined): number | undefined {
  if (!progress) return undefined;
  if (progress.rowsTotal) return Math.min(1, progress.rowsDone / progress.rowsTotal);
  if (progress.chunksTotal) return Math.min(1, progress.chunksDone / progress.chunksTotal);
  return undefined;
}

function rowsOf(progress: Progress | undefined): string {
  if (!progress) return '';
  return progress.rowsTotal !== undefined ? `${progress.rowsDone}/${progress.rowsTotal} rows` : `${progress.rowsDone} rows`;
}

function progressCell(job: Job): string {
  const fraction = fractionOf(job.progress);
  if (fraction !== undefined) return `${Math.floor(fraction * 100)}% ${rowsOf(job.progress)}`;
  return job.progress?.rowsDone ? rowsOf(job.progress) : '-';
}

const COUNT_ORDER = ['created', 'updated', 'unchanged', 'failed', 'components'];
const countRank = (name: string) => (COUNT_ORDER.includes(name) ? COUNT_ORDER.indexOf(name) : COUNT_ORDER.length);

/** What is printed when a job ends (or is shown): its state, counts, file links and error. */
function summaryOf(job: Job): string[] {
  const lines = [`job ${job.id} (${job.kind}): ${job.state}${job.parameters?.dryRun === true ? ' (dry run: nothing was written)' : ''}`];
  const counts = Object.entries(job.counts ?? {}).sort(([a], [b]) => countRank(a) - countRank(b));
  const width = Math.max(0, ...counts.map(([name]) => name.length));
  for (const [name, value] of counts) lines.push(`  ${name.padEnd(width)}  ${value}`);
  if (job.output) {
    lines.push(`output: ${job.output.fileName} (${job.output.rows} rows, ${humanBytes(job.output.size)}, ${job.output.contentType})`);
  }
  if (job.errorFile) {
    lines.push(`refused rows: ${job.errorFile.rows} in ${job.errorFile.fileName}`);
    lines.push(`  ${job.errorFile.url}`);
    lines.push(`  (the link expires at ${job.errorFile.expiresAt}; ismf job ${job.id} --errors FILE signs a new one and downloads it)`);
  }
  if (job.error) lines.push(`error: ${job.error}`);
  return lines;
}

function detailsOf(job: Job): string[] {
  const lines = summaryOf(job);
  if (job.parameters && Object.keys(job.parameters).length > 0) lines.splice(1, 0, `parameters: ${JSON.stringify(job.parameters)}`);
  if (job.file) lines.push(`file: ${job.file.fileName} (${job.file.contentType}${job.file.size !== undefined ? `, ${humanBytes(job.file.size)}` : ''})`);
  if (!FINAL_STATES.has(job.state)) lines.push(`progress: ${progressCell(job)}`);
  for (const key of ['createdAt', 'queuedAt', 'startedAt', 'finishedAt', 'cancellationRequestedAt'] as const) {
    if (job[key]) lines.push(`${key}: ${job[key]}`);
  }
  return lines;
}

/** One line redrawn in place on a terminal; nothing anywhere else. */
class StatusLine {
  private shown = false;
  constructor(private readonly stream: CliIo['stderr']) {}

  get live(): boolean {
    return this.stream.isTTY === true;
  }

  show(text: string): void {
    if (!this.live) return;
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    this.stream.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** A job's progress on stderr: a redrawn bar on a terminal, else a line per state and per 10 %. */
class JobProgress {
  private readonly line: StatusLine;
  private lastState = '';
  private lastDecile = 0;

  constructor(private readonly stderr: CliIo['stderr']) {
    this.line = new StatusLine(stderr);
  }

  update(job: Job): void {
    const fraction = fractionOf(job.progress);
    if (this.line.live) {
      // The id was printed when the job started: the line keeps to what changes, within 80 columns.
      const parts = [job.state];
      if (fraction !== undefined) parts.push(`${bar(fraction, 24)} ${Math.floor(fraction * 100)}%`);
      if (job.progress && (job.progress.rowsDone > 0 || job.progress.rowsTotal !== undefined)) parts.push(rowsOf(job.progress));
      if (job.progress?.rowsPerSecond) parts.push(`${Math.round(job.progress.rowsPerSecond)} rows/s`);
      if (job.progress?.estimatedFinishAt) {
        const left = Date.parse(job.progress.estimatedFinishAt) - Date.now();
        if (left > 0) parts.push(`about ${humanDuration(left)} left`);
      }
      this.line.show(parts.join(' · '));
      return;
    }
    if (job.state !== this.lastState && !FINAL_STATES.has(job.state)) this.stderr.write(`job ${job.id}: ${job.state}\n`);
    this.lastState = job.state;
    if (fraction !== undefined && Math.floor(fraction * 10) > this.lastDecile) {
      this.lastDecile = Math.floor(fraction * 10);
      this.stderr.write(`job ${job.id}: ${Math.floor(fraction * 100)}% (${rowsOf(job.progress)})\n`);
    }
  }

  finish(job: Job): void {
    if (!this.line.live) this.update(job);
    this.line.clear();
  }
}

// ----------------------------------------------------------------------------------------- the work

interface Context {
  io: CliIo;
  api: Api;
  pollMs: number;
}

/** Polls the job every pollMs until it has ended, drawing its progress. */
async function follow(ctx: Context, job: Job, signal: AbortSignal): Promise<Job> {
  const progress = new JobProgress(ctx.io.stderr);
  let current = job;
  try {
    while (!FINAL_STATES.has(current.state)) {
      progress.update(current);
      await delay(ctx.pollMs, undefined, { signal });
      current = await ctx.api.call<Job>('GET', `/jobs/${encodeURIComponent(job.id)}`, undefined, signal);
    }
  } finally {
    progress.finish(current);
  }
  return current;
}

/**
 * Runs the steps of a job (upload, completion, following) with Ctrl-C turned into its cancellation: the job
 * is asked to stop, its id printed, and the CLI exits 130.
 */
async function interruptible<T>(ctx: Context, jobId: string, steps: (signal: AbortSignal) => Promise<T>): Promise<T | 130> {
  const controller = new AbortController();
  const stop = ctx.io.onInterrupt(() => controller.abort());
  try {
    return await steps(controller.signal);
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    ctx.io.stderr.write(`\ninterrupted: cancelling job ${jobId}\n`);
    try {
      const job = await ctx.api.call<Job>('POST', `/jobs/${encodeURIComponent(jobId)}/cancellation`);
      ctx.io.stderr.write(
        `job ${jobId}: ${job.state === 'cancelled' ? 'cancelled' : `cancellation requested (${job.state}); ismf job ${jobId} --follow shows its end`}\n`,
      );
    } catch (refusal) {
      ctx.io.stderr.write(`job ${jobId}: the cancellation failed: ${refusal instanceof Error ? refusal.message : String(refusal)}\n`);
    }
    return 130;
  } finally {
    stop();
  }
}

/** Sends the file where the job's upload ticket says: PUT (bytes, fields as headers) or an S3 presigned POST. */
async function upload(io: CliIo, ticket: UploadTicket, path: string, size: number, contentType: string, signal: AbortSignal): Promise<void> {
  const line = new StatusLine(io.stderr);
  let response: Response;
  try {
    if (ticket.method === 'PUT') {
      const headers = new Headers({ 'content-type': contentType });
      for (const [name, value] of Object.entries(ticket.fields)) headers.set(name, value);
      // S3 takes no chunked upload: the length is announced, and the file streamed from disk.
      headers.set('content-length', String(size));
      const stream = createReadStream(path);
      let sent = 0;
      let drawn = 0;
      const counted = async function* (): AsyncGenerator<Uint8Array> {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          sent += chunk.length;
          if (line.live && (Date.now() - drawn > 100 || sent === size)) {
            drawn = Date.now();
            line.show(`uploading ${bar(sent / size, 24)} ${Math.floor((sent / size) * 100)}% ${humanBytes(sent)} of ${humanBytes(size)}`);
          }
          yield chunk;
        }
      };
      response = await fetch(ticket.url, { method: 'PUT', headers, body: counted(), duplex: 'half', signal } as RequestInit);
    } else {
      // A presigned POST: every field first, then the file (a Blob backed by the file, not read into memory).
      const form = new FormData();
      for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
      form.append('file', await openAsBlob(path, { type: contentType }), basename(path));
      line.show(`uploading ${humanBytes(size)}…`);
      response = await fetch(ticket.url, { method: 'POST', body: form, signal });
    }
  } catch (error) {
    if (signal.aborted) throw error;
    throw new CliError(`the upload failed: ${causeOf(error)}`, 1);
  } finally {
    line.clear();
  }
  if (!response.ok) throw await problemFrom(response, 'the upload');
  await response.body?.cancel();
}

/** Streams a signed link's file to a path, or to stdout. */
async function download(link: Link, to: Writable | string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(link.url);
  } catch (error) {
    throw new CliError(`the download failed: ${causeOf(error)}`, 1);
  }
  if (!response.ok || !response.body) throw await problemFrom(response, 'the download');
  const source = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  if (typeof to === 'string') await pipeline(source, createWriteStream(to));
  else await pipeline(source, to, { end: false });
}

function ended(job: Job): 0 | 1 {
  return job.state === 'succeeded' ? 0 : 1;
}

const SBOM_TYPES = ['application/vnd.cyclonedx+json', 'application/vnd.cyclonedx+xml', 'application/spdx+json'];

/** An SBOM by its media type, or a JSON file that names its bomFormat or spdxVersion near its start. */
function isSbomFile(path: string, contentType: string): boolean {
  if (SBOM_TYPES.includes(contentType)) return true;
  if (contentType !== 'application/json') return false;
  const head = Buffer.alloc(4096);
  const fd = openSync(path, 'r');
  try {
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
    return /^\s*\{/.test(text) && (/"bomFormat"\s*:\s*"CycloneDX"/.test(text) || /"spdxVersion"\s*:/.test(text));
  } finally {
    closeSync(fd);
  }
}

async function importAssets(ctx: Context, args: Values, positionals: string[]): Promise<number> {
  if (positionals.length !== 1) throw usageError(positionals.length ? 'import one file at a time' : 'name the file to import', 'import assets');
  const path = resolve(positionals[0]!);
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw usageError(`${positionals[0]}: no such file`, 'import assets');
  }
  if (size === 0) throw usageError(`${positionals[0]}: the file is empty`, 'import assets');
  const contentType = stringOf(args.type) ?? mediaTypeOf(path);
  if (!contentType) {
    throw usageError(
      `${basename(path)}: say its media type with --type (the name ends in none of ${MEDIA_TYPES.map(([ending]) => ending).join(' ')})`,
      'import assets',
    );
  }
  // An SBOM is a job of its own kind (its components replace a software asset's); rows are an asset import.
  const sbom = isSbomFile(path, contentType);
  if (sbom && args['dry-run']) throw usageError('a dry run checks rows of assets; an SBOM has none', 'import assets');
  if (!sbom && (args.asset || args.owner)) throw usageError('--asset and --owner are for an SBOM', 'import assets');
  const parameters: Record<string, unknown> = sbom ? {} : { dryRun: args['dry-run'] === true };
  if (args.asset) parameters.asset = args.asset;
  if (args.owner) parameters.owner = args.owner;
  const errorsTo = stringOf(args.errors);

  const fileName = basename(path);
  const created = await ctx.api.call<Job>('POST', '/jobs', { kind: sbom ? 'sbom-import' : 'asset-import', parameters, file: { fileName, contentType, size } });
  if (!created.upload) throw new CliError(`job ${created.id} is ${created.state}: its answer carries no upload link`, 1);
  const ticket = created.upload;
  ctx.io.stderr.write(`job ${created.id}: uploading ${fileName} (${humanBytes(size)}, ${contentType})\n`);
  const job = await interruptible(ctx, created.id, async (signal) => {
    try {
      await upload(ctx.io, ticket, path, size, contentType, signal);
    } catch (error) {
      if (signal.aborted || !(error instanceof CliError)) throw error;
      // The job would wait for a file that will not come: cancel it rather than leave it.
      await ctx.api.call('POST', `/jobs/${encodeURIComponent(created.id)}/cancellation`).catch(() => undefined);
      throw new CliError(error.message, 1, [...error.lines, `job ${created.id} is cancelled.`]);
    }
    const queued = await ctx.api.call<Job>('POST', `/jobs/${encodeURIComponent(created.id)}/upload-completion`, undefined, signal);
    return follow(ctx, queued, signal);
  });
  if (job === 130) return 130;
  ctx.io.stdout.write(`${summaryOf(job).join('\n')}\n`);
  if (errorsTo) await saveErrors(ctx, job, errorsTo);
  return ended(job);
}

async function saveErrors(ctx: Context, job: Job, to: string): Promise<void> {
  if (!job.errorFile) {
    ctx.io.stderr.write(`job ${job.id} has no refused rows: ${to} not written\n`);
    return;
  }
  await download(job.errorFile, to);
  ctx.io.stderr.write(`refused rows written to ${to}\n`);
}

async function runExport(ctx: Context, kind: string, parameters: Record<string, unknown>, out: string | undefined): Promise<number> {
  const created = await ctx.api.call<Job>('POST', '/jobs', { kind, parameters });
  const job = await interruptible(ctx, created.id, (signal) => follow(ctx, created, signal));
  if (job === 130) return 130;
  // stdout carries the file unless --out takes it: the summary then goes to stderr.
  const report = out ? ctx.io.stdout : ctx.io.stderr;
  report.write(`${summaryOf(job).join('\n')}\n`);
  if (job.state !== 'succeeded') return 1;
  if (!job.output) throw new CliError(`job ${job.id} succeeded without an output file`, 1);
  await download(job.output, out ?? ctx.io.stdout);
  if (out) ctx.io.stdout.write(`written to ${out}\n`);
  return 0;
}

async function exportAssets(ctx: Context, args: Values, positionals: string[]): Promise<number> {
  noPositionals(positionals, 'export assets');
  const format = stringOf(args.format) ?? 'csv';
  if (!['csv', 'jsonl'].includes(format)) throw usageError(`--format is csv or jsonl, not ${format}`, 'export assets');
  const parameters: Record<string, unknown> = { format };
  for (const [option, parameter] of [
    ['type', 'type'],
    ['owner', 'owner'],
    ['classification', 'classification'],
    ['category', 'category'],
    ['review-state', 'reviewState'],
  ] as const) {
    const value = stringOf(args[option]);
    if (value !== undefined) parameters[parameter] = value;
  }
  const importance = stringOf(args.importance);
  if (importance !== undefined) {
    if (!/^[1-5]$/.test(importance)) throw usageError(`--importance is 1 to 5, not ${importance}`, 'export assets');
    parameters.importance = Number(importance);
  }
  return runExport(ctx, 'asset-export', parameters, stringOf(args.out));
}

async function exportAudit(ctx: Context, args: Values, positionals: string[]): Promise<number> {
  noPositionals(positionals, 'export audit');
  const from = stringOf(args.from);
  const to = stringOf(args.to);
  if (!from || !to) throw usageError('say the period with --from and --to (ISO 8601 instants)', 'export audit');
  for (const [name, value] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) throw usageError(`${name} ${value} is not an ISO 8601 instant`, 'export audit');
  }
  return runExport(ctx, 'audit-export', { from, to }, stringOf(args.out));
}

async function exportUsers(ctx: Context, args: Values, positionals: string[]): Promise<number> {
  noPositionals(positionals, 'export users');
  return runExport(ctx, 'user-export', {}, stringOf(args.out));
}

async function listJobs(ctx: Context, args: Values, positionals: string[]): Promise<number> {
  noPositionals(positionals, 'jobs');
  const query = new URLSearchParams();
  const state = stringOf(args.state);
  if (state !== undefined) {
    if (!JOB_STATES.includes(state)) throw usageError(`--state is one of ${JOB_STATES.join(', ')}`, 'jobs');
    query.set('state', state);
  }
  for (const name of ['kind', 'limit', 'cursor'] as const) {
    const value = stringOf(args[name]);
    if (value !== undefined) query.set(name, value);
  }
  const page = await ctx.api.call<{ items: Job[]; nextCursor?: string }>('GET', `/jobs${query.size ? `?${query}` : ''}`);
  if (args.json) {
    ctx.io.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
    return 0;
  }
  const rows = [
    ['ID', 'KIND', 'STATE', 'PROGRESS', 'CREATED'],
    ...page.items.map((job) => [job.id, job.kind, job.state, progressCell(job), job.createdAt ?? '']),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows)
    ctx.io.stdout.write(
      `${row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  if (page.items.length === 0) ctx.io.stderr.write('no jobs\n');
  if (page.nextCursor) ctx.io.stderr.write(`more: ismf jobs --cursor ${page.nextCursor}\n`);
  return 0;
}

function jobIdOf(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw usageError('name one job id', command);
  return positionals[0]!;
}

async function showJob(ctx: Context, args: Values, positionals: string[]): Promise<number> {
  const id = jobIdOf(positionals, 'job');
  let job = await ctx.api.call<Job>('GET', `/jobs/${encodeURIComponent(id)}`);
  if (args.follow) {
    const followed = await interruptible(ctx, job.id, (signal) => follow(ctx, job, signal));
    if (followed === 130) return 130;
    job = followed;
  }
  ctx.io.stdout.write(args.json ? `${JSON.stringify(job, null, 2)}\n` : `${detailsOf(job).join('\n')}\n`);
  const errorsTo = stringOf(args.errors);
  if (errorsTo) await saveErrors(ctx, job, errorsTo);
  return args.follow ? ended(job) : 0;
}

async function cancelJob(ctx: Context, _args: Values, positionals: string[]): Promise<number> {
  const id = jobIdOf(positionals, 'cancel');
  const job = await ctx.api.call<Job>('POST', `/jobs/${encodeURIComponent(id)}/cancellation`);
  ctx.io.stdout.write(
    job.state === 'cancelled' ? `job ${job.id}: cancelled\n` : `job ${job.id}: cancellation requested; it stops at its next chunk (state: ${job.state})\n`,
  );
  return 0;
}

// ---------------------------------------------------------------------------------------- the parser

type OptionSpec = { type: 'string' | 'boolean'; short?: string };
type Values = Record<string, string | boolean | undefined>;

interface Command {
  options: Record<string, OptionSpec>;
  run: (ctx: Context, args: Values, positionals: string[]) => Promise<number>;
}

const out = { out: { type: 'string' } } as const;

const COMMANDS: Record<string, Command> = {
  'import assets': {
    options: { 'dry-run': { type: 'boolean' }, type: { type: 'string' }, asset: { type: 'string' }, owner: { type: 'string' }, errors: { type: 'string' } },
    run: importAssets,
  },
  'export assets': {
    options: {
      format: { type: 'string' },
      type: { type: 'string' },
      owner: { type: 'string' },
      classification: { type: 'string' },
      category: { type: 'string' },
      importance: { type: 'string' },
      'review-state': { type: 'string' },
      ...out,
    },
    run: exportAssets,
  },
  'export audit': { options: { from: { type: 'string' }, to: { type: 'string' }, ...out }, run: exportAudit },
  'export users': { options: { ...out }, run: exportUsers },
  jobs: {
    options: { state: { type: 'string' }, kind: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' }, json: { type: 'boolean' } },
    run: listJobs,
  },
  job: { options: { follow: { type: 'boolean' }, json: { type: 'boolean' }, errors: { type: 'string' } }, run: showJob },
  cancel: { options: {}, run: cancelJob },
};

const COMMON_OPTIONS: Record<string, OptionSpec> = { token: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } };

function stringOf(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function noPositionals(positionals: string[], command: string): void {
  if (positionals.length > 0) throw usageError(`unexpected ${positionals.join(' ')}`, command);
}

/** Runs one command line; answers the exit status. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [first, second] = argv;
    if (first === undefined || first === 'help' || first === '-h' || first === '--help') {
      (first === undefined ? io.stderr : io.stdout).write(`${HELP['']}\n`);
      return first === undefined ? 2 : 0;
    }
    const grouped = first === 'import' || first === 'export';
    if (grouped && (second === undefined || second.startsWith('-'))) {
      const asked = second === '-h' || second === '--help';
      (asked ? io.stdout : io.stderr).write(`${HELP[first]}\n`);
      return asked ? 0 : 2;
    }
    const name = grouped ? `${first} ${second}` : first;
    const command = COMMANDS[name];
    if (!command) throw usageError(`no command ${name}`);
    let parsed: { values: Values; positionals: string[] };
    try {
      parsed = parseArgs({
        args: argv.slice(grouped ? 2 : 1),
        options: { ...COMMON_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      }) as typeof parsed;
    } catch (error) {
      throw usageError(error instanceof Error ? error.message : String(error), name);
    }
    if (parsed.values.help) {
      io.stdout.write(`${HELP[name]}\n`);
      return 0;
    }
    const token = stringOf(parsed.values.token) || io.env.ISMF_TOKEN;
    if (!token) throw new CliError('no token: set ISMF_TOKEN or pass --token', 2, [TOKEN_HINT]);
    const base = (stringOf(parsed.values.url) || runningStackUrl(io.env, io.env.ISMF_KEY_DIR ?? STACK_KEY_DIR)).replace(/\/+$/, '');
    const pollMs = Number(io.env.ISMF_POLL_MS ?? 1000);
    const ctx: Context = { io, api: new Api(base, token), pollMs: Number.isFinite(pollMs) && pollMs >= 0 ? pollMs : 1000 };
    return await command.run(ctx, parsed.values, parsed.positionals);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`ismf: ${error.message}\n${error.lines.map((line) => `${line}\n`).join('')}`);
      return error.exitCode;
    }
    io.stderr.write(`ismf: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (runsAsProgram(import.meta.url)) {
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onInterrupt: (handler) => {
      process.once('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  });
  // Not process.exit: what is still buffered for a pipe is written first.
  process.exitCode = code;
}
