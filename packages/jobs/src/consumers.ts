// The dispatcher: the one place that starts job executions — the queue's next job when one is queued or
// one ends, and a running job's next execution when it continues.
import { defineConsumer } from '@ismf/events/consumers';
import { jobEntity } from './entities.ts';
import { jobContinued, jobFinished, jobQueued } from './events.ts';

export const dispatchJobsConsumer = defineConsumer({
  name: 'dispatchJobs',
  description: 'Starts the oldest queued job of a queue when the queue is free (one running job per tenant and queue), and a continued job’s next execution.',
  handler: 'functions/jobs/dispatch-jobs.ts',
  access: { table: 'write', flows: 'start' },
  patterns: [jobEntity.patterns.byState],
  subscribes: [{ event: jobQueued }, { event: jobFinished }, { event: jobContinued }],
});
