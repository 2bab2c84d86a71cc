// The audit trail's bulk jobs: an export of a window for an auditor to verify offline, and the sweep of
// every audited entity against its last audit entry.
import * as z from 'zod';
import { defineJobKind } from '@ismf/area/job-kind';
import { auditTrailByDay } from '@ismf/store/audit-entry';
import { anyTypeList } from '@ismf/store/entity-model';
import { auditExportWindowSchema } from './export.ts';
import { AUDIT_ROLES, listAuditEntries, verifyAudit } from './operations.ts';

export const auditExportJob = defineJobKind({
  kind: 'audit-export',
  area: 'audit',
  title: 'Audit export',
  description:
    'Writes the tenant’s audit trail of a window (`from`, `to`: ISO 8601 UTC, at most 31 days, not in the future) to JSON Lines: a header naming the tenant, the window and the digest keys with their public halves, every entry with its chain hashes (by time), the signed hourly digests that seal the window, and an end line with the counts. An auditor verifies it offline with `npm run -s verify-audit-export -- FILE --key KEY` (exit code 0: verified). Sensitive fields appear only as salted digests. The file is kept 7 days.',
  // Who reads the audit trail (GET /audit) starts its jobs, and reads their files.
  roles: AUDIT_ROLES,
  parameters: auditExportWindowSchema,
  queue: 'export',
  clauses: listAuditEntries.clauses,
  chunk: {
    handler: 'functions/audit/export-audit-chunk.ts',
    // The digests' public keys go into the header (kms:GetPublicKey).
    access: { table: 'write', objects: 'write', signing: 'verify' },
    patterns: [auditTrailByDay],
  },
});

export const auditSweepJob = defineJobKind({
  kind: 'audit-sweep',
  area: 'audit',
  title: 'Audit sweep',
  description:
    'Checks every audited record of the tenant, however long ago it last changed, against its last audit entry: the entry for its version exists and none after it, the entry is intact, and the record’s audit hash and data match the entry. Finds what GET /audit/verify cannot see, a record changed directly in the table long after its last change through the API. Writes a JSON Lines file: a summary line, then one line per record that does not match, naming why. The file is kept 7 days.',
  roles: AUDIT_ROLES,
  parameters: z.strictObject({}),
  queue: 'sweep',
  clauses: verifyAudit.clauses,
  // Every listed model's list (GSI1), one after another; singletons are read by their ids.
  chunk: { handler: 'functions/audit/sweep-audit-chunk.ts', access: { table: 'write', objects: 'write' }, patterns: [anyTypeList] },
});
