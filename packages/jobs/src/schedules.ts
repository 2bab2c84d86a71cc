// The jobs area's scheduled job: running jobs whose execution stopped go on from their cursor.
import { defineJob } from '@ismf/events/schedules';
import { jobEntity } from './entities.ts';

export const continueStalledJobsJob = defineJob({
  name: 'continue-stalled-jobs',
  expression: 'rate(10 minutes)',
  description: 'Continues, from its cursor, every running job that has not finished a chunk for 15 minutes (its execution died).',
  handler: 'functions/jobs/continue-stalled-jobs.ts',
  access: { table: 'write' },
  patterns: [jobEntity.patterns.byState],
  clauses: ['10.3.1'],
});
