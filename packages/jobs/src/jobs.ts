// Bulk jobs: started through POST /jobs, fed a file through a presigned upload where the kind reads one,
// queued (one running job per tenant and queue), run by the kind's state machine a chunk at a time, and
// settled with counts and a per-row error file. The starter and the kind's roles see a job and its files;
// anyone else sees nothing (404), as for another tenant's job.
import type { JobKind } from '@ismf/area/job-kind';
import { MAX_STREAMED_BYTES, MAX_WHOLE_BYTES, STREAMED_TYPES } from '@ismf/area/job-kind';
import type { TableAccess } from '@ismf/core/access';
import { newId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { fieldErrors } from '@ismf/http/parse-request';
import { blobStore, objectKey, type UploadTicket } from '@ismf/store/blob-store';
import { entityView, getEntity, queryPatternPage, type PageRequest } from '@ismf/store/entities';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { personNames } from '@ismf/store/people-names';
import { jobEntity } from './entities.ts';
import { jobContinued, jobQueued } from './events.ts';

export const JOB_STATES = ['waiting-for-upload', 'queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobFile {
  fileName: string;
  contentType: string;
  /** Announced at the start; the upload may not exceed it. */
  maxBytes: number;
  objectKey: string;
  size?: number;
  /** Computed while the file is cut into chunks. */
  sha256?: string;
}

/** How the file was cut: the object the chunks read (the upload, or its rows staged as JSON Lines), and totals. */
export interface JobPlan {
  format: 'csv' | 'jsonl' | 'document' | 'none';
  objectKey?: string;
  /** CSV: where the header ends, its delimiter and columns. */
  header?: { end: number; delimiter: string; columns: string[] };
  chunks: number;
  rows: number;
}

export interface JobData {
  [key: string]: unknown;
  kind: string;
  queue: string;
  state: JobState;
  parameters: Record<string, unknown>;
  startedBy: string;
  /** The starter's roles when they started it: the job acts with them, as they would through the API. */
  startedByRoles: string[];
  /** The kind's roles when it started: they (and the starter) see the job and its files. */
  kindRoles: string[];
  /** The starter's user id in the directory (an SBOM's new asset is theirs unless the job names an owner). */
  startedByMember?: string;
  file?: JobFile;
  plan?: JobPlan;
  /** The next chunk to run: chunks before it are done (a resumed job starts here). */
  cursor: number;
  rowsDone: number;
  /** Rows done so far inside the running chunk (a long export's progress). */
  chunkRows?: number;
  counts: Record<string, number>;
  /** Chunks that refused rows: each left a part of the error file. */
  errorChunks: number[];
  failedRows: number;
  /** The execution now running the job (names `<jobId>-<execution>`). */
  execution: number;
  queuedAt?: string;
  startedAt?: string;
  heartbeatAt?: string;
  finishedAt?: string;
  cancellationRequestedAt?: string;
  cancellationRequestedBy?: string;
  /** Why a job failed (its cursor is kept: POST /jobs/{id}/resumption goes on from there). */
  error?: string;
  /** What the job produced: the per-row error file, and an export's file. */
  errorFile?: { objectKey: string; fileName: string; rows: number };
  output?: { objectKey: string; fileName: string; contentType: string; size: number; rows: number };
}

export type StoredJob = StoredEntity<JobData>;

export const jobFileKey = (tenantId: string, jobId: string, ...name: string[]) => objectKey(tenantId, 'jobs', jobId, ...name);

/** The largest file of this media type a job takes, and how it is read. */
export function fileLimit(contentType: string): number {
  return (STREAMED_TYPES as readonly string[]).includes(contentType) ? MAX_STREAMED_BYTES : MAX_WHOLE_BYTES;
}

export interface StartJobRequest {
  kind: string;
  parameters?: Record<string, unknown>;
  file?: { fileName: string; contentType: string; size: number };
}

type KindLookup = (kind: string) => JobKind | undefined;

/** Checks a start against its kind: who may start it, its parameters, its file. */
function checkedStart(request: StartJobRequest, roles: readonly string[], kinds: KindLookup): { kind: JobKind; parameters: Record<string, unknown> } {
  const kind = kinds(request.kind);
  if (!kind) throw problems.unprocessable(`no job kind is named ${request.kind}`, [{ path: 'body.kind', message: 'unknown kind' }]);
  if (!roles.some((role) => (kind.roles as readonly string[]).includes(role))) {
    throw problems.forbidden(`a ${kind.kind} job is started by: ${kind.roles.join(', ')}`);
  }
  const parsed = kind.parameters.safeParse(request.parameters ?? {});
  if (!parsed.success) throw problems.unprocessable(`the parameters do not fit a ${kind.kind} job`, fieldErrors('body.parameters', parsed.error));
  const file = request.file;
  if (kind.reads && !file) throw problems.unprocessable(`a ${kind.kind} job reads a file: announce it`, [{ path: 'body.file', message: 'required' }]);
  if (!kind.reads && file) throw problems.unprocessable(`a ${kind.kind} job reads no file`, [{ path: 'body.file', message: 'not taken by this kind' }]);
  if (kind.reads && file) {
    if (!kind.reads.includes(file.contentType)) {
      throw problems.unprocessable(`a ${kind.kind} job reads ${kind.reads.join(', ')}`, [
        { path: 'body.file.contentType', message: `one of ${kind.reads.join(', ')}` },
      ]);
    }
    const limit = fileLimit(file.contentType);
    if (file.size > limit) {
      const how = limit === MAX_STREAMED_BYTES ? 'read as a stream' : 'parsed whole';
      throw problems.unprocessable(`${file.contentType} is ${how}: at most ${limit / 1024 / 1024} MiB`, [
        { path: 'body.file.size', message: `at most ${limit} bytes` },
      ]);
    }
  }
  return { kind, parameters: parsed.data };
}

/**
 * Whether this user may see the job: its starter, or one who holds a role of its kind. The roles are the
 * job's own (recorded at its start), so that reading a job needs no catalogue of kinds.
 */
export function maySee(job: StoredJob, actor: { userId: string; roles: readonly string[] }): boolean {
  return job.data.startedBy === actor.userId || actor.roles.some((role) => job.data.kindRoles.includes(role));
}

export async function readableJob(tenantId: string, id: string, actor: WriteContext['actor']): Promise<StoredJob> {
  const job = await getEntity<JobData>(tenantId, jobEntity.type, id);
  if (!job || !maySee(job, actor)) throw problems.notFound(`job ${id}`);
  return job;
}

/** A job as the API shows it: no object keys; progress with its rate and an estimated finish; links signed anew. */
export async function jobView(tenantId: string, job: StoredJob, access: TableAccess, now = new Date()) {
  const {
    file,
    plan,
    errorFile,
    output,
    errorChunks: _chunks,
    startedByRoles: _roles,
    kindRoles: _kindRoles,
    startedByMember: _member,
    chunkRows,
    ...data
  } = job.data;
  const rowsDone = job.data.rowsDone + (chunkRows ?? 0);
  const seconds = job.data.startedAt
    ? Math.max(0.001, ((job.data.finishedAt ? Date.parse(job.data.finishedAt) : now.getTime()) - Date.parse(job.data.startedAt)) / 1000)
    : undefined;
  const rowsTotal = plan && plan.format !== 'none' ? plan.rows : undefined;
  const rate = seconds !== undefined && rowsDone > 0 ? rowsDone / seconds : undefined;
  const remaining = rowsTotal !== undefined ? Math.max(0, rowsTotal - rowsDone) : undefined;
  const store = blobStore(tenantId, access);
  const download = async (key: string, fileName: string) => store.presignDownload(key, { fileName, expiresSeconds: 900 });
  const view = entityView({ ...job, data });
  const names = await personNames(tenantId, { subjects: [job.data.startedBy] });
  return {
    ...view,
    startedByPerson: names.subject(job.data.startedBy),
    ...(file
      ? {
          file: {
            fileName: file.fileName,
            contentType: file.contentType,
            maxBytes: file.maxBytes,
            ...(file.size !== undefined ? { size: file.size } : {}),
            ...(file.sha256 ? { sha256: file.sha256 } : {}),
          },
        }
      : {}),
    progress: {
      rowsDone,
      ...(rowsTotal !== undefined ? { rowsTotal } : {}),
      chunksDone: job.data.cursor,
      ...(plan ? { chunksTotal: plan.chunks } : {}),
      ...(rate !== undefined ? { rowsPerSecond: Math.round(rate * 10) / 10 } : {}),
      ...(job.data.state === 'running' && rate && remaining !== undefined
        ? { estimatedFinishAt: new Date(now.getTime() + (remaining / rate) * 1000).toISOString() }
        : {}),
    },
    ...(errorFile ? { errorFile: { fileName: errorFile.fileName, rows: errorFile.rows, ...(await download(errorFile.objectKey, errorFile.fileName)) } } : {}),
    ...(output
      ? {
          output: {
            fileName: output.fileName,
            contentType: output.contentType,
            size: output.size,
            rows: output.rows,
            ...(await download(output.objectKey, output.fileName)),
          },
        }
      : {}),
  };
}

export type JobResponse = Awaited<ReturnType<typeof jobView>>;

function queuedEvent(tenantId: string, job: StoredJob) {
  return jobQueued.of(tenantId, { jobId: job.id, kind: job.data.kind, queue: job.data.queue });
}

export async function startJob(
  ctx: WriteContext,
  tenantId: string,
  request: StartJobRequest,
  access: TableAccess,
  kinds: KindLookup,
  idempotency?: IdempotencyRequest,
  member?: string,
): Promise<{ response: JobResponse & { upload?: UploadTicket }; replayed: boolean }> {
  const { kind, parameters } = checkedStart(request, ctx.actor.roles, kinds);
  let created: StoredJob | undefined;
  // Keys are the starter's own: a replay hands out an upload link, which only the starter may use.
  const { response, replayed } = await commitIdempotent(tenantId, `${ctx.operation}:${ctx.actor.userId}`, idempotency, async () => {
    const id = newId();
    const work = new UnitOfWork(ctx);
    const file = request.file;
    const job = (created = work.create(jobEntity, tenantId, id, {
      kind: kind.kind,
      queue: kind.queue,
      state: file ? 'waiting-for-upload' : 'queued',
      parameters,
      startedBy: ctx.actor.userId,
      startedByRoles: [...ctx.actor.roles],
      kindRoles: [...kind.roles],
      ...(member ? { startedByMember: member } : {}),
      ...(file
        ? { file: { fileName: file.fileName, contentType: file.contentType, maxBytes: file.size, objectKey: jobFileKey(tenantId, id, 'input', file.fileName) } }
        : {}),
      cursor: 0,
      rowsDone: 0,
      counts: {},
      errorChunks: [],
      failedRows: 0,
      execution: 0,
      ...(file ? {} : { queuedAt: work.at }),
    }));
    if (!file) work.event(queuedEvent(tenantId, job));
    return { work, response: { id } };
  });
  const job = replayed ? await getEntity<JobData>(tenantId, jobEntity.type, response.id) : created;
  if (!job) throw new Error(`job ${response.id} was committed but cannot be read`);
  const file = job.data.file;
  const upload =
    job.data.state === 'waiting-for-upload' && file
      ? await blobStore(tenantId, access).presignUpload(file.objectKey, { contentType: file.contentType, maxBytes: file.maxBytes, expiring: true })
      : undefined;
  return { response: { ...(await jobView(tenantId, job, access)), ...(upload ? { upload } : {}) }, replayed };
}

/** The upload is there: the job joins its queue. Only its starter says so (they know what they sent). */
export async function completeJobUpload(ctx: WriteContext, tenantId: string, id: string, access: TableAccess): Promise<JobResponse> {
  const job = await readableJob(tenantId, id, ctx.actor);
  if (job.data.startedBy !== ctx.actor.userId) throw problems.forbidden('only the user who started this job completes its upload');
  if (job.data.state !== 'waiting-for-upload' || !job.data.file) throw problems.conflict(`the job is ${job.data.state}: it waits for no upload`);
  const stat = await blobStore(tenantId, access).stat(job.data.file.objectKey);
  if (!stat) throw problems.conflict('nothing was uploaded for this job yet');
  if (stat.size > job.data.file.maxBytes) throw problems.conflict(`the upload is larger than the ${job.data.file.maxBytes} bytes announced`);
  const work = new UnitOfWork({ ...ctx, reason: 'upload complete' });
  const after = work.update(jobEntity, job, { ...job.data, state: 'queued', queuedAt: work.at, file: { ...job.data.file, size: stat.size } });
  work.event(queuedEvent(tenantId, after));
  await work.commit();
  return jobView(tenantId, after, access);
}

/** Stops a job: at once if it has not started, else at its next chunk (the rows of chunks done stay written). */
export async function cancelJob(ctx: WriteContext, tenantId: string, id: string, access: TableAccess): Promise<JobResponse> {
  const job = await readableJob(tenantId, id, ctx.actor);
  const state = job.data.state;
  if (state === 'succeeded' || state === 'failed' || state === 'cancelled') throw problems.conflict(`the job is ${state} already`);
  if (job.data.cancellationRequestedAt) return jobView(tenantId, job, access);
  const work = new UnitOfWork({ ...ctx, reason: 'cancellation requested' });
  const stamp = { cancellationRequestedAt: work.at, cancellationRequestedBy: ctx.actor.userId };
  // Not yet running: nothing holds its queue's slot, so it ends here.
  const data: JobData = state === 'running' ? { ...job.data, ...stamp } : { ...job.data, ...stamp, state: 'cancelled', finishedAt: work.at };
  const after = work.update(jobEntity, job, data);
  await work.commit();
  return jobView(tenantId, after, access);
}

/** A failed job goes on from its cursor: back into its queue (chunks done are not run again). */
export async function resumeJob(ctx: WriteContext, tenantId: string, id: string, access: TableAccess): Promise<JobResponse> {
  const job = await readableJob(tenantId, id, ctx.actor);
  if (job.data.state !== 'failed') throw problems.conflict(`the job is ${job.data.state}: only a failed job is resumed`);
  const work = new UnitOfWork({ ...ctx, reason: 'resumed' });
  const { error: _error, finishedAt: _finished, ...rest } = job.data;
  const after = work.update(jobEntity, job, { ...rest, state: 'queued', queuedAt: work.at });
  work.event(queuedEvent(tenantId, after));
  await work.commit();
  return jobView(tenantId, after, access);
}

export async function listJobs(
  tenantId: string,
  actor: WriteContext['actor'],
  access: TableAccess,
  page: PageRequest,
  filter: { state?: JobState; kind?: string },
) {
  const result = filter.state
    ? await queryPatternPage(
        jobEntity,
        'byState',
        tenantId,
        { state: filter.state },
        { page, descending: true, ...(filter.kind ? { where: { kind: filter.kind } } : {}) },
      )
    : await queryPatternPage(jobEntity, 'list', tenantId, {}, { page, descending: true, ...(filter.kind ? { where: { kind: filter.kind } } : {}) });
  const visible = result.items.filter((job) => maySee(job, actor));
  // The page's starters named in one read; each view then finds them cached.
  await personNames(tenantId, { subjects: visible.map((job) => job.data.startedBy) });
  return { items: await Promise.all(visible.map((job) => jobView(tenantId, job, access))), ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) };
}

/** Goes on in a new execution from the cursor: the one before reached its share of chunks, or died. */
export function continueJob(work: UnitOfWork, tenantId: string, job: StoredJob, data: JobData = job.data): StoredJob {
  const after = work.update(jobEntity, job, { ...data, execution: data.execution + 1, heartbeatAt: work.at });
  work.event(jobContinued.of(tenantId, { jobId: job.id, kind: data.kind, queue: data.queue, execution: after.data.execution }));
  return after;
}
