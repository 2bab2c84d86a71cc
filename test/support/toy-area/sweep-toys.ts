// The toy area's scheduled job: counts the tenant's proposals.
import { jobHandler } from '@ismf/events/job-handler';
import { queryPattern } from '@ismf/store/entities';
import { toyEntity, toySweepJob } from './area.ts';

export const handler = jobHandler(toySweepJob, async (tenantId) => ({ proposals: (await queryPattern(toyEntity, 'list', tenantId, {})).length }));
