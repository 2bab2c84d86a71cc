import { currentRegistry } from '@ismf/app/areas';
import { auditSweepJob } from '@ismf/audit/job-kinds';
import { sweepAuditChunk } from '@ismf/audit/sweep-job';
import { jobChunkHandler } from '@ismf/jobs/chunk';

export const handler = jobChunkHandler(auditSweepJob, (work) => sweepAuditChunk(work, currentRegistry().entities));
