import { jobTasks } from '@ismf/area/job-kind';
import { flowTaskHandler } from '@ismf/flows/task-handler';
import { finishJob } from '@ismf/jobs/finish';

export const handler = flowTaskHandler(jobTasks, 'FinishJobFunctionArn', async (payload, write) => {
  await finishJob(
    write,
    payload.flow.tenantId,
    payload.flow.flowId,
    jobTasks.tasks.FinishJobFunctionArn!.access,
    payload.error as { Error?: string; Cause?: string } | undefined,
    payload.execution as string | undefined,
  );
  return {};
});
