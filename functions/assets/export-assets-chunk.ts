import { exportAssetsChunk } from '@ismf/assets/export';
import { assetExportJob } from '@ismf/assets/job-kinds';
import { jobChunkHandler } from '@ismf/jobs/chunk';

export const handler = jobChunkHandler(assetExportJob, exportAssetsChunk);
