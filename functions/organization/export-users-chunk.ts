import { userExportJob } from '@ismf/directory/job-kinds';
import { exportUsersChunk } from '@ismf/directory/user-export';
import { jobChunkHandler } from '@ismf/jobs/chunk';

export const handler = jobChunkHandler(userExportJob, exportUsersChunk);
