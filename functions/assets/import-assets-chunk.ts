import { importAssetsChunk } from '@ismf/assets/import-job';
import { assetImportJob } from '@ismf/assets/job-kinds';
import { jobChunkHandler } from '@ismf/jobs/chunk';

export const handler = jobChunkHandler(assetImportJob, importAssetsChunk);
