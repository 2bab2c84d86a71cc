import { assetMergeJob } from '@ismf/assets/job-kinds';
import { mergeAssetsChunk } from '@ismf/assets/merge';
import { jobChunkHandler } from '@ismf/jobs/chunk';

export const handler = jobChunkHandler(assetMergeJob, mergeAssetsChunk);
