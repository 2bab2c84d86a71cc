// One chunk of a job, as the kind's chunk function runs it: the chunk's rows read from the plan's object
// (only its bytes), the kind's work, then one update of the job (cursor, progress, counts). A chunk below
// the cursor is done already (a retry, a resumed execution) and is skipped; rows a retry writes again are
// written harmlessly (derived ids). Refused rows go to a part of the error file, one object per chunk.
import { randomUUID } from 'node:crypto';
import type { JobKind } from '@ismf/area/job-kind';
import type { TableAccess } from '@ismf/core/access';
import { parseCsvRecords, type Delimiter } from '@ismf/core/csv';
import type { FieldError } from '@ismf/core/problems';
import { flowTaskHandler } from '@ismf/flows/task-handler';
import { blobStore, type BlobStore } from '@ismf/store/blob-store';
import { requireEntity } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { jobEntity } from './entities.ts';
import { jobFileKey, type JobData, type StoredJob } from './jobs.ts';
import { JobCancelled, putOnce, readText, requireCurrentExecution, type ChunkDescriptor } from './plan.ts';

export type ChunkRows =
  | { format: 'csv'; columns: string[]; rows: { line: number; cells: string[] }[] }
  | { format: 'jsonl'; rows: { line: number; text: string }[] }
  | { format: 'document'; text: string; contentType: string }
  | { format: 'none' };

export interface ChunkWork {
  tenantId: string;
  job: StoredJob;
  chunk: ChunkDescriptor;
  /** Who acts: the job's starter with the roles they started it with; the operation is the job's kind. */
  write: WriteContext;
  store: BlobStore;
  input: ChunkRows;
  /**
   * For a kind that works long in one chunk (an export): records the rows done so far in it (progress,
   * and a heartbeat) and stops there (Job.Cancelled) if a cancellation came meanwhile.
   */
  checkpoint(rows: number): Promise<void>;
  /** Streams a file the job produces to its output; a retried chunk writes one of its own (objects are written once). */
  writeOutput(fileName: string, contentType: string, body: AsyncIterable<Buffer | string>): Promise<Omit<NonNullable<JobData['output']>, 'rows'>>;
}

export interface ChunkOutcome {
  /** Rows handled (written, unchanged or refused): progress counts them. */
  rows: number;
  /** Counts added to the job's (created, updated, unchanged, components …). */
  counts: Record<string, number>;
  failed: { row: number; errors: FieldError[] }[];
  /** A file the job produces (an export), written by the kind under the job's prefix. */
  output?: JobData['output'];
}

/** A chunk's rows, read from its bytes of the plan's object only. */
export async function chunkRows(store: BlobStore, job: Pick<StoredJob, 'data'>, chunk: ChunkDescriptor): Promise<ChunkRows> {
  const plan = job.data.plan!;
  if (plan.format === 'none' || !plan.objectKey) return { format: 'none' };
  const text = await readText(store, plan.objectKey, chunk);
  if (plan.format === 'csv') {
    const header = plan.header!;
    return { format: 'csv', columns: header.columns, rows: parseCsvRecords(text, header.delimiter as Delimiter, chunk.line) };
  }
  if (plan.format === 'jsonl') {
    const rows = text
      .split('\n')
      .map((line, index) => ({ line: chunk.line + index, text: line.trim() }))
      .filter((row) => row.text !== '');
    return { format: 'jsonl', rows };
  }
  return { format: 'document', text, contentType: job.data.file?.contentType ?? 'application/octet-stream' };
}

/** The error file's part of one chunk: JSON Lines of { row, errors }. */
export const errorPartKey = (tenantId: string, jobId: string, index: number) =>
  jobFileKey(tenantId, jobId, 'errors', `${String(index).padStart(6, '0')}.jsonl`);

function added(counts: Record<string, number>, more: Record<string, number>): Record<string, number> {
  const sum = { ...counts };
  for (const [name, value] of Object.entries(more)) sum[name] = (sum[name] ?? 0) + value;
  return sum;
}

export async function runChunk(
  system: WriteContext,
  tenantId: string,
  jobId: string,
  chunk: ChunkDescriptor,
  access: TableAccess,
  work: (input: ChunkWork) => Promise<ChunkOutcome>,
  execution?: string,
): Promise<{ rows: number }> {
  const read = async () => (await requireEntity<JobData>(tenantId, jobEntity.type, jobId, `job ${jobId}`)) as StoredJob;
  let job = await read();
  if (job.data.cursor > chunk.index) return { rows: 0 };
  if (job.data.state !== 'running' || job.data.cancellationRequestedAt) throw new JobCancelled();
  requireCurrentExecution(job, execution);
  // Chunks are done in order: the cursor means every chunk below it is written.
  if (job.data.cursor < chunk.index) throw new Error(`chunk ${chunk.index} came before chunk ${job.data.cursor} was done`);
  const store = blobStore(tenantId, access);
  const write: WriteContext = {
    actor: { userId: job.data.startedBy, roles: job.data.startedByRoles },
    operation: job.data.kind,
    requestId: `${jobId}:${chunk.index}`,
    correlationId: jobId,
    reason: `job ${jobId}`,
  };
  const outcome = await work({
    tenantId,
    job,
    chunk,
    write,
    store,
    input: await chunkRows(store, job, chunk),
    checkpoint: async (rows) => {
      job = await updateJob(system, read, job, (data) => ({ ...data, chunkRows: rows }), 'progress within a chunk');
      if (job.data.cancellationRequestedAt) throw new JobCancelled();
    },
    writeOutput: async (fileName, contentType, body) => {
      const objectKey = jobFileKey(tenantId, jobId, 'output', randomUUID(), fileName);
      const { size } = await store.putStream(objectKey, body, contentType, { expiring: true });
      return { objectKey, fileName, contentType, size };
    },
  });
  if (outcome.failed.length) {
    const lines = outcome.failed.map((failure) => JSON.stringify(failure)).join('\n') + '\n';
    await putOnce(store, errorPartKey(tenantId, jobId, chunk.index), Buffer.from(lines), 'application/x-ndjson');
  }
  // One update per chunk; a cancellation request in between moves the version: read again and add again.
  for (let attempt = 0; ; attempt++) {
    // Done meanwhile by another run of the same chunk (a retry that overlapped): its count stands.
    if (job.data.cursor > chunk.index) return { rows: 0 };
    const unit = new UnitOfWork({ ...system, reason: `chunk ${chunk.index + 1} done` });
    const { chunkRows: _inChunk, ...before } = job.data;
    unit.update(jobEntity, job, {
      ...before,
      cursor: chunk.index + 1,
      rowsDone: job.data.rowsDone + outcome.rows,
      counts: added(job.data.counts, { ...outcome.counts, failed: outcome.failed.length }),
      failedRows: job.data.failedRows + outcome.failed.length,
      errorChunks: outcome.failed.length ? [...job.data.errorChunks, chunk.index] : job.data.errorChunks,
      heartbeatAt: unit.at,
      ...(outcome.output ? { output: outcome.output } : {}),
    });
    try {
      await unit.commit();
      return { rows: outcome.rows };
    } catch (error) {
      if ((error as { status?: number }).status !== 412 || attempt >= 5) throw error;
      job = await read();
    }
  }
}

/** Changes the job as `change` says, reading it again while a concurrent change (a cancellation request) moved it on. */
async function updateJob(
  system: WriteContext,
  read: () => Promise<StoredJob>,
  job: StoredJob,
  change: (data: JobData) => JobData,
  reason: string,
): Promise<StoredJob> {
  for (let attempt = 0; ; attempt++) {
    const unit = new UnitOfWork({ ...system, reason });
    const after = unit.update(jobEntity, job, { ...change(job.data), heartbeatAt: unit.at });
    try {
      await unit.commit();
      return after;
    } catch (error) {
      if ((error as { status?: number }).status !== 412 || attempt >= 5) throw error;
      job = await read();
    }
  }
}

/** The kind's chunk function: a flow task of the kind's state machine. */
export function jobChunkHandler(kind: JobKind, work: (input: ChunkWork) => Promise<ChunkOutcome>) {
  const task = kind.flow.tasks.RunChunkFunctionArn!;
  return flowTaskHandler(kind.flow, 'RunChunkFunctionArn', (payload, system) =>
    runChunk(system, payload.flow.tenantId, payload.flow.flowId, payload.chunk as ChunkDescriptor, task.access, work, payload.execution as string | undefined),
  );
}
