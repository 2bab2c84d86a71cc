// The end of an execution: the job goes on in a new execution while chunks remain, or it is settled —
// succeeded, cancelled or failed — with its per-row error file assembled from the chunks' parts, its
// queue's slot given back, and JobFinished announced (the queue's next job starts on it).
import { stringify } from 'csv-stringify/sync';
import type { TableAccess } from '@ismf/core/access';
import { formulaSafe } from '@ismf/core/spreadsheet-cells';
import { blobStore, type BlobStore } from '@ismf/store/blob-store';
import { requireEntity } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { errorPartKey } from './chunk.ts';
import { QUEUE_SLOT } from './dispatch.ts';
import { jobEntity } from './entities.ts';
import { jobFinished } from './events.ts';
import { continueJob, jobFileKey, type JobData, type StoredJob } from './jobs.ts';
import { putOnce, readText } from './plan.ts';

/** The per-row error file: a CSV of row, field and message, one line per error, in row order. */
async function assembleErrorFile(tenantId: string, job: StoredJob, store: BlobStore): Promise<JobData['errorFile']> {
  if (job.data.errorChunks.length === 0) return undefined;
  const lines: string[][] = [['row', 'field', 'message']];
  let rows = 0;
  for (const index of [...job.data.errorChunks].sort((a, b) => a - b)) {
    const text = await readText(store, errorPartKey(tenantId, job.id, index));
    for (const line of text.split('\n').filter(Boolean)) {
      const failure = JSON.parse(line) as { row: number; errors: { path: string; message: string }[] };
      rows++;
      for (const error of failure.errors) lines.push([String(failure.row), error.path, error.message].map(formulaSafe));
    }
  }
  const fileName = `${job.data.kind}-${job.id}-errors.csv`;
  const objectKey = jobFileKey(tenantId, job.id, fileName);
  await putOnce(store, objectKey, Buffer.from(stringify(lines, { record_delimiter: 'windows' })), 'text/csv');
  return { objectKey, fileName, rows };
}

/** Step Functions hands a Lambda error's cause as its JSON (errorType, errorMessage, trace); the local interpreter as the message. */
function causeOf(cause = ''): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // not JSON: the message itself
  }
  return cause;
}

export async function finishJob(
  write: WriteContext,
  tenantId: string,
  jobId: string,
  access: TableAccess,
  failure?: { Error?: string; Cause?: string },
  execution?: string,
): Promise<void> {
  const job = (await requireEntity<JobData>(tenantId, jobEntity.type, jobId, `job ${jobId}`)) as StoredJob;
  if (job.data.state !== 'running') return; // settled already (a retried Finish)
  // An execution a newer one replaced leaves the job to it.
  if (execution !== undefined && execution !== `${job.id}-${job.data.execution}`) return;
  const cancelled = !!job.data.cancellationRequestedAt;
  const remaining = job.data.plan ? job.data.cursor < job.data.plan.chunks : false;
  if (!failure && !cancelled && !job.data.error && remaining) {
    const work = new UnitOfWork({ ...write, reason: 'continued in a new execution' });
    continueJob(work, tenantId, job);
    await work.commit();
    return;
  }
  const store = blobStore(tenantId, access);
  const errorFile = await assembleErrorFile(tenantId, job, store);
  const state = cancelled ? 'cancelled' : failure || job.data.error ? 'failed' : 'succeeded';
  const error = job.data.error ?? (failure ? `${failure.Error ?? 'Error'}: ${causeOf(failure.Cause).slice(0, 1000)}` : undefined);
  const work = new UnitOfWork({ ...write, reason: `the job ${state}` });
  work.update(jobEntity, job, {
    ...job.data,
    state,
    finishedAt: work.at,
    ...(errorFile ? { errorFile } : {}),
    ...(state === 'failed' && error ? { error } : {}),
  });
  work.release(tenantId, QUEUE_SLOT, job.data.queue, job.id);
  work.event(
    jobFinished.of(tenantId, { jobId: job.id, kind: job.data.kind, queue: job.data.queue, state, counts: { failed: job.data.failedRows, ...job.data.counts } }),
  );
  await work.commit();
}
