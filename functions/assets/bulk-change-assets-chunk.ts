import { assetBulkChangeJob } from '@ismf/assets/job-kinds';
import { bulkChangeChunk } from '@ismf/assets/bulk-change';
import { jobChunkHandler } from '@ismf/jobs/chunk';

export const handler = jobChunkHandler(assetBulkChangeJob, bulkChangeChunk);
