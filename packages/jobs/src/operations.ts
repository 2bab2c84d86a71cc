// Bulk jobs: start one (with a presigned upload where its kind reads a file), follow it, cancel it,
// resume a failed one. Every tenant role may call; what each sees of a job is decided per job (its
// starter and its kind's roles), so another role's job answers 404 like another tenant's.
import * as z from 'zod';
import { defineOperation } from '@ismf/catalogue/operation';
import { entityMeta, EXAMPLE_ID, EXAMPLE_PERSON, EXAMPLE_TIME, nameSchema, pageOf, pageQuery, personRefSchema } from '@ismf/catalogue/common';
import { ulidSchema } from '@ismf/core/ids';
import { TENANT_ROLES } from '@ismf/core/roles';
import { jobEntity } from './entities.ts';
import { JOB_STATES } from './jobs.ts';

const everyone = { roles: TENANT_ROLES } as const;
const path = z.strictObject({ jobId: ulidSchema });
const CLAUSES = ['10.3.1', '10.10.1'];

const link = { url: z.string(), expiresAt: z.iso.datetime() };

export const jobSchema = z.object({
  ...entityMeta,
  kind: z.string().describe('what the job does: asset-import, asset-export, audit-export, audit-sweep, user-export …'),
  queue: z.string().describe('jobs of one queue run one at a time per tenant; the rest wait in it'),
  state: z.enum(JOB_STATES),
  parameters: z.record(z.string(), z.unknown()),
  startedBy: z.string().describe('the token subject of the user who started it'),
  startedByPerson: personRefSchema.describe('who started it, named'),
  file: z
    .object({
      fileName: z.string(),
      contentType: z.string(),
      maxBytes: z.number().int().describe('the size announced: the upload may not exceed it'),
      size: z.number().int().optional(),
      sha256: z.string().optional().describe('of the upload, taken when the job first reads it'),
    })
    .optional(),
  progress: z.object({
    rowsDone: z.number().int(),
    rowsTotal: z.number().int().optional().describe('known once the file is cut into chunks'),
    chunksDone: z.number().int(),
    chunksTotal: z.number().int().optional(),
    rowsPerSecond: z.number().optional(),
    estimatedFinishAt: z.iso.datetime().optional().describe('while running, at the rate so far'),
  }),
  counts: z.record(z.string(), z.number().int()).describe('created, updated, unchanged, failed rows (and components for SBOMs) so far'),
  failedRows: z.number().int(),
  cursor: z.number().int().describe('the next chunk: a resumed job goes on from here'),
  rowsDone: z.number().int(),
  execution: z.number().int(),
  queuedAt: z.iso.datetime().optional(),
  startedAt: z.iso.datetime().optional(),
  heartbeatAt: z.iso.datetime().optional(),
  finishedAt: z.iso.datetime().optional(),
  cancellationRequestedAt: z.iso.datetime().optional(),
  cancellationRequestedBy: z.string().optional(),
  error: z.string().optional().describe('why the job failed'),
  errorFile: z
    .object({ fileName: z.string(), rows: z.number().int(), ...link })
    .optional()
    .describe('the refused rows: a CSV of row, field and message; the link is signed anew on every answer (15 minutes); the file is kept 7 days'),
  output: z
    .object({ fileName: z.string(), contentType: z.string(), size: z.number().int(), rows: z.number().int(), ...link })
    .optional()
    .describe('what an export wrote; kept 7 days'),
});
nameSchema(jobSchema, 'Job', 'A bulk job: its kind, state, progress, counts and files.');

const exampleJob = {
  id: EXAMPLE_ID,
  kind: 'asset-import',
  queue: 'import',
  state: 'running' as const,
  parameters: { dryRun: false },
  startedBy: '01JDQ8R6Z8W4X3N2K1M0P9Q7RT',
  startedByPerson: EXAMPLE_PERSON,
  file: {
    fileName: 'cmdb.csv',
    contentType: 'text/csv',
    maxBytes: 52_428_800,
    size: 51_200_311,
    sha256: 'a3f1c9d2e4b5a6978877665544332211a3f1c9d2e4b5a6978877665544332211',
  },
  progress: { rowsDone: 40_000, rowsTotal: 250_000, chunksDone: 20, chunksTotal: 125, rowsPerSecond: 1_480.5, estimatedFinishAt: EXAMPLE_TIME },
  counts: { created: 39_000, updated: 850, unchanged: 140, failed: 10 },
  failedRows: 10,
  cursor: 20,
  rowsDone: 40_000,
  execution: 1,
  queuedAt: EXAMPLE_TIME,
  startedAt: EXAMPLE_TIME,
  heartbeatAt: EXAMPLE_TIME,
  version: 22,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};

export const createJob = defineOperation({
  name: 'createJob',
  area: 'jobs',
  method: 'POST',
  path: '/jobs',
  summary: 'Start a bulk job',
  description:
    'Starts a job of a kind an area declares (asset-import, asset-export, audit-export, audit-sweep, user-export …), with the kind’s parameters. A kind that reads a file answers a presigned upload limited to the announced type and size (CSV and JSON Lines up to 500 MiB, read as a stream; JSON, CycloneDX and SPDX documents up to 50 MiB, parsed whole): upload it, then POST /jobs/{jobId}/upload-completion. Other kinds are queued at once. One job per tenant runs in each queue; the rest wait their turn. Only the kind’s roles start it (403). Accepts Idempotency-Key.',
  handler: 'functions/jobs/create-job.ts',
  callers: everyone,
  clauses: CLAUSES,
  access: { table: 'write', objects: 'write' },
  body: z.strictObject({
    kind: z.string().regex(/^[a-z][a-z0-9-]{2,40}$/, 'a job kind (kebab-case)'),
    parameters: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('the kind’s parameters (an import: dryRun; an export: format and filters; an audit export: from, to)'),
    file: z
      .strictObject({
        fileName: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .refine(
            (name) => !/[/\\]/.test(name) && !/\p{Cc}/u.test(name) && !/^\.{1,2}$/.test(name),
            'a file name without slashes or control characters, and not . or ..',
          ),
        contentType: z.string().min(3).max(100),
        size: z
          .int()
          .min(1)
          .max(500 * 1024 * 1024),
      })
      .optional()
      .describe('the file a kind that reads one will be given'),
  }),
  response: jobSchema.extend({
    upload: z
      .object({ url: z.string(), method: z.enum(['POST', 'PUT']), fields: z.record(z.string(), z.string()), expiresAt: z.iso.datetime() })
      .optional()
      .describe('where to send the file; signed anew on every answer while the job waits for it'),
  }),
  successStatus: 202,
  idempotent: true,
  examples: {
    body: { kind: 'asset-import', parameters: { dryRun: false }, file: { fileName: 'cmdb.csv', contentType: 'text/csv', size: 52_428_800 } },
    response: {
      ...exampleJob,
      state: 'waiting-for-upload',
      progress: { rowsDone: 0, chunksDone: 0 },
      counts: {},
      failedRows: 0,
      cursor: 0,
      rowsDone: 0,
      execution: 0,
      version: 1,
      upload: { url: 'https://ismf-data.s3.amazonaws.com/', method: 'POST', fields: { key: 'acme/jobs/…' }, expiresAt: EXAMPLE_TIME },
    },
  },
});

export const completeJobUpload = defineOperation({
  name: 'completeJobUpload',
  area: 'jobs',
  method: 'POST',
  path: '/jobs/{jobId}/upload-completion',
  summary: 'Say a job’s file is uploaded',
  description:
    'Checks the upload (present, within the announced size) and puts the job in its queue. Only the user who started the job says so (403). The SHA-256 of the file is recorded when the job first reads it.',
  handler: 'functions/jobs/complete-job-upload.ts',
  callers: everyone,
  clauses: CLAUSES,
  access: { table: 'write', objects: 'read' },
  params: path,
  response: jobSchema,
  successStatus: 200,
  problems: [409],
  examples: { response: { ...exampleJob, state: 'queued' } },
});

export const getJob = defineOperation({
  name: 'getJob',
  area: 'jobs',
  method: 'GET',
  path: '/jobs/{jobId}',
  summary: 'Follow a job',
  description:
    'The job’s state, progress (rows done of total, rows per second, estimated finish) and result (counts; the per-row error file and an export’s file as downloads signed for 15 minutes). Its starter and its kind’s roles see it; anyone else gets 404.',
  handler: 'functions/jobs/get-job.ts',
  callers: everyone,
  clauses: CLAUSES,
  access: { table: 'read', objects: 'read' },
  params: path,
  response: jobSchema,
  successStatus: 200,
  examples: { response: exampleJob },
});

export const listJobs = defineOperation({
  name: 'listJobs',
  area: 'jobs',
  method: 'GET',
  path: '/jobs',
  summary: 'List jobs',
  description: 'The tenant’s jobs the caller may see (their own, and those of kinds their roles start), newest first; filters: state, kind.',
  handler: 'functions/jobs/list-jobs.ts',
  callers: everyone,
  clauses: CLAUSES,
  access: { table: 'read', objects: 'read' },
  patterns: [jobEntity.patterns.list, jobEntity.patterns.byState],
  query: pageQuery.extend({
    state: z.enum(JOB_STATES).optional(),
    kind: z
      .string()
      .regex(/^[a-z][a-z0-9-]{2,40}$/)
      .optional(),
  }),
  response: pageOf(jobSchema),
  successStatus: 200,
  sort: 'newest first (job id, descending)',
  examples: { response: { items: [exampleJob] } },
});

export const cancelJob = defineOperation({
  name: 'cancelJob',
  area: 'jobs',
  method: 'POST',
  path: '/jobs/{jobId}/cancellation',
  summary: 'Cancel a job',
  description:
    'A job not yet running is cancelled at once; a running one stops at its next chunk (the rows of the chunks done stay written, and the counts say how many). A job that has ended answers 409.',
  handler: 'functions/jobs/cancel-job.ts',
  callers: everyone,
  clauses: CLAUSES,
  access: { table: 'write', objects: 'read' },
  params: path,
  response: jobSchema,
  successStatus: 200,
  problems: [409],
  examples: { response: { ...exampleJob, cancellationRequestedAt: EXAMPLE_TIME, cancellationRequestedBy: '01JDQ8R6Z8W4X3N2K1M0P9Q7RT' } },
});

export const resumeJob = defineOperation({
  name: 'resumeJob',
  area: 'jobs',
  method: 'POST',
  path: '/jobs/{jobId}/resumption',
  summary: 'Resume a failed job',
  description: 'A failed job goes back into its queue and goes on from its cursor: the chunks it finished are not run again. Any other state answers 409.',
  handler: 'functions/jobs/resume-job.ts',
  callers: everyone,
  clauses: CLAUSES,
  access: { table: 'write', objects: 'read' },
  params: path,
  response: jobSchema,
  successStatus: 200,
  problems: [409],
  examples: { response: { ...exampleJob, state: 'queued' } },
});
