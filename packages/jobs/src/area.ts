// Bulk jobs: imports, exports and sweeps of any size, declared as job kinds by the areas whose records
// they touch, run here a chunk at a time with progress, queues, cancellation and resumption.
import { defineArea } from '@ismf/area/declaration';
import { dispatchJobsConsumer } from './consumers.ts';
import { jobEntity } from './entities.ts';
import { jobContinued, jobFinished, jobQueued } from './events.ts';
import { cancelJob, completeJobUpload, createJob, getJob, listJobs, resumeJob } from './operations.ts';
import { continueStalledJobsJob } from './schedules.ts';

export const jobsArea = defineArea({
  area: 'jobs',
  title: 'Bulk jobs',
  tags: [
    {
      name: 'jobs',
      group: 'Records and evidence',
      description:
        'Bulk jobs: imports, exports and sweeps of any size, run a chunk at a time with progress, queues, cancellation and resumption. X.1051 10.3.1 capacity management, 10.10.1 audit logging.',
    },
  ],
  operations: [createJob, completeJobUpload, getJob, listJobs, cancelJob, resumeJob],
  events: [jobQueued, jobContinued, jobFinished],
  consumers: [dispatchJobsConsumer],
  jobs: [continueStalledJobsJob],
  entities: [jobEntity],
});
