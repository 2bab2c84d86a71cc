// The jobs area's events: the dispatcher starts executions on them, so that one place decides what runs.
import * as z from 'zod';
import { defineEvent } from '@ismf/events/event';

const job = { jobId: z.string(), kind: z.string(), queue: z.string() };

export const jobQueued = defineEvent({
  detailType: 'JobQueued',
  // Capacity management (10.3.1): one running job per tenant and queue.
  clauses: ['10.3.1'],
  source: 'ismf.jobs',
  description: 'A job is ready to run (its file uploaded, or it reads none, or it was resumed): it waits its turn in its queue.',
  data: z.strictObject(job),
});

export const jobContinued = defineEvent({
  detailType: 'JobContinued',
  clauses: ['10.3.1'],
  source: 'ismf.jobs',
  description: 'A running job goes on in a new execution from its cursor (the last one reached its share of chunks, or stopped).',
  data: z.strictObject({ ...job, execution: z.number().int().min(1) }),
});

export const jobFinished = defineEvent({
  detailType: 'JobFinished',
  clauses: ['10.3.1'],
  source: 'ismf.jobs',
  description: 'A job ended (succeeded, failed or cancelled): the next job of its queue may start.',
  data: z.strictObject({
    ...job,
    state: z.enum(['succeeded', 'failed', 'cancelled']),
    counts: z.record(z.string(), z.number().int()),
  }),
});
