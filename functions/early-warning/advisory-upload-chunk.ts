import { advisoryUploadJob, uploadAdvisoriesChunk } from '@ismf/early-warning/upload-job';
import { jobChunkHandler } from '@ismf/jobs/chunk';

export const handler = jobChunkHandler(advisoryUploadJob, uploadAdvisoriesChunk);
