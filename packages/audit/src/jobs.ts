// The audit trail's job: each completed hour sealed into a signed digest.
import { defineJob } from '@ismf/events/schedules';
import { auditTrailByDay } from '@ismf/store/audit-entry';

export const sealAuditDigestJob = defineJob({
  name: 'seal-audit-digest',
  expression: 'rate(1 hour)',
  description: 'Seals each completed hour of the tenant’s audit trail into a signed digest chained to the previous one.',
  handler: 'functions/audit/seal-audit-digest.ts',
  access: { table: 'write', signing: 'sign' },
  patterns: [auditTrailByDay],
  clauses: ['10.10.3'],
});
