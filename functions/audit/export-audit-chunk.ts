import { exportAuditChunk } from '@ismf/audit/export-job';
import { auditExportJob } from '@ismf/audit/job-kinds';
import { jobChunkHandler } from '@ismf/jobs/chunk';

export const handler = jobChunkHandler(auditExportJob, exportAuditChunk);
