import { sbomImportJob } from '@ismf/assets/job-kinds';
import { importSbomChunk } from '@ismf/assets/sbom-job';
import { jobChunkHandler } from '@ismf/jobs/chunk';

export const handler = jobChunkHandler(sbomImportJob, importSbomChunk);
