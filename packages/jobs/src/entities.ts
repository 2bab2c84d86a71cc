// The jobs area's record: one bulk job (an import, an export, a sweep), its state, progress and result.
import { defineEntity } from '@ismf/store/entity-model';
import type { JobData } from './jobs.ts';

export const jobEntity = defineEntity<JobData>()({
  type: 'job',
  // Progress changes once per chunk: versions without audit entries. What a job writes is audited record by record.
  description: 'A bulk job: its kind, parameters, file, state, progress (rows done of total), counts and result files.',
  audited: false,
  label: (job) => `${job.kind} ${job.file?.fileName ?? ''}`.trim(),
  link: (id) => `/jobs/${id}`,
  patterns: {
    /** The tenant's jobs in one state: the queue (oldest first), the running ones the watchdog checks. */
    byState: { index: 'GSI3', partition: ['state'], sort: ['id'] },
  },
});
