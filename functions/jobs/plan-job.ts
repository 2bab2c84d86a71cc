import { jobTasks } from '@ismf/area/job-kind';
import { flowTaskHandler } from '@ismf/flows/task-handler';
import { planJob } from '@ismf/jobs/plan';

export const handler = flowTaskHandler(jobTasks, 'PlanJobFunctionArn', async (payload, write) => ({
  chunks: await planJob(write, payload.flow.tenantId, payload.flow.flowId, jobTasks.tasks.PlanJobFunctionArn!.access, payload.execution as string | undefined),
}));
