// Cutting a job's file into chunks that end on row boundaries, once per job: CSV through the parser's
// own byte counts (a quoted field may hold newlines), JSON Lines at newlines, a JSON array staged as
// JSON Lines first, any other document one chunk. The SHA-256 of the upload is taken on the way. The
// chunk list is kept beside the job (one object), and each execution takes its share from the cursor.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse';
import type { TableAccess } from '@ismf/core/access';
import { Problem } from '@ismf/core/problems';
import { csvOptions, detectDelimiter, type Delimiter } from '@ismf/core/csv';
import { blobStore, readObject, type BlobStore } from '@ismf/store/blob-store';
import { requireEntity } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { jobEntity } from './entities.ts';
import { jobFileKey, type JobData, type JobPlan, type StoredJob } from './jobs.ts';

/** Rows per chunk: one Lambda invocation writes them well within its time, and progress moves often. */
export const ROWS_PER_CHUNK = 2_000;
/** ISMF_JOB_CHUNK_ROWS tunes it (tests cut small files into several chunks). */
const rowsPerChunk = () => Number(process.env.ISMF_JOB_CHUNK_ROWS) || ROWS_PER_CHUNK;
/** Bytes per chunk at most, however short the rows. */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
/** Chunks per execution: a Standard execution's history stays far below 25,000 events, its input below 256 KB. */
export const MAX_CHUNKS_PER_EXECUTION = 400;

export interface ChunkDescriptor {
  index: number;
  /** The bytes [start, end) of the object the plan names. */
  start: number;
  end: number;
  /** The line of the file the chunk's bytes begin on (rows are numbered by line). */
  line: number;
  rows: number;
}

export class JobCancelled extends Error {
  override name = 'Job.Cancelled';
  constructor() {
    super('the job was cancelled');
  }
}

/** A newer execution of the job runs it now: this one stops and leaves the job alone. */
export class JobSuperseded extends Error {
  override name = 'Job.Superseded';
}

/**
 * Refuses a task of an execution other than the job's current one (`<jobId>-<n>`): an execution that
 * was continued from its cursor while it still ran (a slow chunk, a local restart that did not stop it)
 * must not run chunks beside its successor.
 */
export function requireCurrentExecution(job: { id: string; data: { execution: number } }, execution: string | undefined): void {
  if (execution !== undefined && execution !== `${job.id}-${job.data.execution}`) {
    throw new JobSuperseded(`execution ${execution} was replaced by ${job.id}-${job.data.execution}`);
  }
}

/** The job's input cannot be taken (a CSV header naming unknown columns, a document of no accepted format): no retry helps. */
export class JobRefused extends Error {
  override name = 'Job.Refused';

  /** A refusal of the kind's own code (a Problem) ends the job in its own words; anything else is rethrown, to be retried. */
  static from(error: unknown): never {
    if (error instanceof Problem) throw new JobRefused([error.message, ...error.errors.map((e) => `${e.path}: ${e.message}`)].join('; '));
    throw error;
  }
}

export interface Cut {
  plan: JobPlan;
  chunks: ChunkDescriptor[];
  sha256?: string;
  size?: number;
}

/** Streams the object through a hash; the callback sees each piece. */
async function hashed(store: BlobStore, key: string, each: (piece: Buffer) => void | Promise<void>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const piece of store.read(key)) {
    hash.update(piece);
    size += piece.length;
    await each(piece);
  }
  return { sha256: hash.digest('hex'), size };
}

/** A CSV object cut into chunks ending on row boundaries (streamed: memory stays flat whatever its size). */
export async function cutCsv(store: BlobStore, key: string): Promise<Cut> {
  // The delimiter is read off the header line: the first bytes hold it.
  const delimiter: Delimiter = detectDelimiter(await readText(store, key, { start: 0, end: 64 * 1024 }));
  const parser = parse(csvOptions(delimiter));
  const chunks: ChunkDescriptor[] = [];
  let header: JobPlan['header'];
  let rows = 0;
  let chunk = { start: 0, line: 0, rows: 0 };
  let lastEnd = 0;
  parser.on('readable', () => {
    let record: { record: string[]; info: { bytes: number; lines: number } } | null;
    while ((record = parser.read()) !== null) {
      const { info } = record;
      if (!header) {
        header = { end: info.bytes, delimiter, columns: record.record.map((name) => name.trim()) };
        chunk = { start: info.bytes, line: info.lines + 1, rows: 0 };
      } else {
        rows++;
        chunk.rows++;
        if (chunk.rows >= rowsPerChunk() || info.bytes - chunk.start >= MAX_CHUNK_BYTES) {
          chunks.push({ index: chunks.length, start: chunk.start, end: info.bytes, line: chunk.line, rows: chunk.rows });
          chunk = { start: info.bytes, line: info.lines + 1, rows: 0 };
        }
      }
      lastEnd = info.bytes;
    }
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  done.catch(() => undefined);
  const file = await hashed(store, key, (piece) => {
    if (!parser.write(piece)) return new Promise<void>((resolve) => parser.once('drain', () => resolve()));
  });
  parser.end();
  await done;
  if (chunk.rows > 0) chunks.push({ index: chunks.length, start: chunk.start, end: Math.max(lastEnd, file.size), line: chunk.line, rows: chunk.rows });
  return { plan: { format: 'csv', objectKey: key, header: header ?? { end: 0, delimiter, columns: [] }, chunks: chunks.length, rows }, chunks, ...file };
}

/** JSON Lines: a row per non-empty line, numbered by line; chunks end after a newline. */
async function cutLines(store: BlobStore, key: string, format: 'jsonl'): Promise<Cut> {
  const chunks: ChunkDescriptor[] = [];
  let offset = 0;
  let line = 1;
  let chunk = { start: 0, line: 1, rows: 0 };
  let rows = 0;
  let filled = false; // whether the current line has a non-blank byte
  const file = await hashed(store, key, (piece) => {
    for (let i = 0; i < piece.length; i++) {
      const byte = piece[i]!;
      if (byte === 0x0a) {
        if (filled) {
          rows++;
          chunk.rows++;
        }
        filled = false;
        line++;
        const end = offset + i + 1;
        if (chunk.rows >= rowsPerChunk() || end - chunk.start >= MAX_CHUNK_BYTES) {
          if (chunk.rows > 0) chunks.push({ index: chunks.length, start: chunk.start, end, line: chunk.line, rows: chunk.rows });
          chunk = { start: end, line, rows: 0 };
        }
      } else if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) filled = true;
    }
    offset += piece.length;
  });
  if (filled) {
    rows++;
    chunk.rows++;
  }
  if (chunk.rows > 0) chunks.push({ index: chunks.length, start: chunk.start, end: file.size, line: chunk.line, rows: chunk.rows });
  return { plan: { format, objectKey: key, chunks: chunks.length, rows }, chunks, ...file };
}

/** An object, or the bytes [start, end) of it, as text. */
export async function readText(store: BlobStore, key: string, range?: { start: number; end: number }): Promise<string> {
  return (await readObject(store, key, range)).toString('utf8');
}

async function readWhole(store: BlobStore, key: string): Promise<{ text: string; sha256: string; size: number }> {
  const pieces: Buffer[] = [];
  const file = await hashed(store, key, (piece) => void pieces.push(piece));
  return { text: Buffer.concat(pieces).toString('utf8'), ...file };
}

/** A JSON array becomes JSON Lines (one element a line, row n on line n); any other document is one chunk. */
async function cutDocument(store: BlobStore, tenantId: string, job: StoredJob, key: string): Promise<Cut> {
  const { text, sha256, size } = await readWhole(store, key);
  let parsed: unknown;
  if (job.data.file?.contentType === 'application/json') {
    try {
      parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch {
      parsed = undefined; // the kind's chunk reads it and says what is wrong with it
    }
  }
  if (Array.isArray(parsed)) {
    const staged = jobFileKey(tenantId, job.id, 'staged.jsonl');
    await putOnce(store, staged, Buffer.from(parsed.map((value) => JSON.stringify(value)).join('\n') + '\n'), 'application/x-ndjson');
    const cut = await cutLines(store, staged, 'jsonl');
    return { ...cut, sha256, size };
  }
  return { plan: { format: 'document', objectKey: key, chunks: 1, rows: 1 }, chunks: [{ index: 0, start: 0, end: size, line: 1, rows: 1 }], sha256, size };
}

/** Writes an object the job derives (deterministic): a retry finds it there, which is as good as writing it. */
export async function putOnce(store: BlobStore, key: string, body: Buffer, contentType: string): Promise<void> {
  try {
    await store.put(key, body, contentType, { expiring: true });
  } catch (error) {
    if ((error as Error).name !== 'PreconditionFailed') throw error;
  }
}

async function cut(tenantId: string, job: StoredJob, store: BlobStore): Promise<Cut> {
  const file = job.data.file;
  if (!file) return { plan: { format: 'none', chunks: 1, rows: 0 }, chunks: [{ index: 0, start: 0, end: 0, line: 1, rows: 0 }] };
  if (file.contentType === 'text/csv') return cutCsv(store, file.objectKey);
  if (file.contentType === 'application/x-ndjson' || file.contentType === 'application/jsonl') return cutLines(store, file.objectKey, 'jsonl');
  return cutDocument(store, tenantId, job, file.objectKey);
}

async function readChunkList(store: BlobStore, key: string): Promise<ChunkDescriptor[]> {
  return JSON.parse(await readText(store, key)) as ChunkDescriptor[];
}

/** This execution's chunks: the plan made once, then the share from the cursor. */
export async function planJob(write: WriteContext, tenantId: string, jobId: string, access: TableAccess, execution?: string): Promise<ChunkDescriptor[]> {
  const job = (await requireEntity<JobData>(tenantId, jobEntity.type, jobId, `job ${jobId}`)) as StoredJob;
  if (job.data.state !== 'running' || job.data.cancellationRequestedAt) throw new JobCancelled();
  requireCurrentExecution(job, execution);
  const store = blobStore(tenantId, access);
  const listKey = jobFileKey(tenantId, jobId, 'chunks.json');
  if (!job.data.plan) {
    let made: Cut;
    try {
      made = await cut(tenantId, job, store);
    } catch (error) {
      // A file that cannot be read as its type (an unclosed quote …): the job fails saying why, nothing written.
      const work = new UnitOfWork({ ...write, reason: 'the file cannot be read' });
      work.update(jobEntity, job, { ...job.data, error: `the file cannot be read: ${(error as Error).message}` });
      await work.commit();
      return [];
    }
    await putOnce(store, listKey, Buffer.from(JSON.stringify(made.chunks)), 'application/json');
    const work = new UnitOfWork({ ...write, reason: 'file cut into chunks' });
    const file = job.data.file && made.sha256 ? { ...job.data.file, sha256: made.sha256, size: made.size } : job.data.file;
    work.update(jobEntity, job, { ...job.data, plan: made.plan, ...(file ? { file } : {}), heartbeatAt: work.at });
    await work.commit();
    return made.chunks.slice(0, MAX_CHUNKS_PER_EXECUTION);
  }
  const chunks = await readChunkList(store, listKey);
  return chunks.slice(job.data.cursor, job.data.cursor + MAX_CHUNKS_PER_EXECUTION);
}
