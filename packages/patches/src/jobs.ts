// Security patch management's scheduled job: requirements past their due date are told to the assets' owners and
// the security officers, once each.
import { defineJob } from '@ismf/events/schedules';
import { patchRequirementEntity } from './entities.ts';

export const patchOverdueJob = defineJob({
  name: 'patch-overdue',
  expression: 'cron(0 7 * * ? *)',
  description: 'Tells the owners of assets whose patch requirements passed their due date (and the security officers, in one summary), once per requirement.',
  handler: 'functions/patches/announce-overdue-patches.ts',
  access: { table: 'write' },
  patterns: [patchRequirementEntity.patterns.due],
  clauses: ['12.6.1'],
});
