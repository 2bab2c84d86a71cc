// The shape of a bulk job kind (an import, an export, a sweep): declared by the area whose records it
// reads or writes, run by the jobs area's machinery. Every kind runs the same ASL (plan → a Map over
// chunks → finish) as a state machine of its own, whose chunk task is the kind's function.
import type * as z from 'zod';
import type { TenantRole } from '@ismf/core/roles';
import { defineFlow, type FlowDefinition, type FlowTask } from '@ismf/flows/flow-definition';
import type { AccessPattern } from '@ismf/store/entity-model';

/** The one ASL file every job kind runs. */
export const JOB_DEFINITION = 'statemachines/bulk-job.asl.json';

/** Media types read as a stream, a chunk at a time (quoted fields may hold newlines): up to 500 MiB. */
export const STREAMED_TYPES = ['text/csv', 'application/x-ndjson', 'application/jsonl'] as const;
export const MAX_STREAMED_BYTES = 500 * 1024 * 1024;
/** Documents parsed whole (JSON arrays, CycloneDX, SPDX): up to 50 MiB. */
export const MAX_WHOLE_BYTES = 50 * 1024 * 1024;

export interface JobKind {
  /** `asset-import`: what POST /jobs names. */
  kind: string;
  area: string;
  title: string;
  description: string;
  /** Who may start a job of this kind; they (and its starter) read its jobs and files. */
  roles: readonly TenantRole[];
  /** The job's `parameters`, checked when it is started (a refusal names `body.parameters.<field>`). */
  parameters: z.ZodType<Record<string, unknown>>;
  /** The media types of the file the kind reads; none: it reads no file. */
  reads?: readonly string[];
  /** Kinds of one queue run one job at a time per tenant: one tenant's big file cannot starve the others. */
  queue: 'import' | 'export' | 'sweep';
  /** The X.1051 (2008) clauses the kind serves. */
  clauses: readonly string[];
  /** The state machine: the shared ASL with the kind's chunk task. */
  flow: FlowDefinition;
}

export interface JobKindDeclaration extends Omit<JobKind, 'flow'> {
  /** The kind's function for one chunk (functions/<area>/<kind>-chunk.ts) and what it reaches. */
  chunk: { handler: string; access: FlowTask['access']; patterns?: readonly AccessPattern[] };
}

const KIND = /^[a-z][a-z0-9-]{2,40}$/;

/** The tasks every kind's state machine shares: the plan and the finish (the chunk task is the kind's). */
const JOB_TASKS = {
  PlanJobFunctionArn: {
    handler: 'functions/jobs/plan-job.ts',
    description: 'Cuts the job’s file into chunks that end on row boundaries (once), then hands this execution its share from the cursor.',
    access: { table: 'write', objects: 'write' },
  },
  FinishJobFunctionArn: {
    handler: 'functions/jobs/finish-job.ts',
    description: 'Settles the job (succeeded, cancelled or failed, with its per-row error file), or continues it in a new execution.',
    access: { table: 'write', objects: 'write' },
  },
} as const satisfies Record<string, FlowTask>;

/** The shared tasks as a flow of their own: what their functions (one per kind in AWS, same code) run as. */
export const jobTasks: FlowDefinition = defineFlow({
  name: 'job',
  definition: JOB_DEFINITION,
  description: 'The plan and finish tasks every job kind shares.',
  clauses: [],
  tasks: JOB_TASKS,
});

export function defineJobKind(declaration: JobKindDeclaration): JobKind {
  if (!KIND.test(declaration.kind)) throw new Error(`job kind ${declaration.kind} is not kebab-case`);
  const { chunk, ...kind } = declaration;
  // Every chunk records its progress on the job and may leave a part of the error file.
  if (chunk.access.table !== 'write' || chunk.access.objects !== 'write') throw new Error(`job kind ${kind.kind}: its chunk task writes the table and objects`);
  const flow = defineFlow({
    name: `job-${kind.kind}`,
    definition: JOB_DEFINITION,
    description: `${kind.title}: ${kind.description}`,
    clauses: kind.clauses,
    tasks: { ...JOB_TASKS, RunChunkFunctionArn: { description: `One chunk of ${kind.title.toLowerCase()}.`, ...chunk } },
  });
  return { ...kind, flow };
}
