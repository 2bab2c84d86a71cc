import { currentRegistry } from '@ismf/app/areas';
import { openHumanTask } from '@ismf/flows/engine';
import { taskType, type TaskSpec } from '@ismf/flows/human-tasks';
import { resumeFlow } from '@ismf/flows/resume';
import { approvalFlow } from '@ismf/approvals/approval-flow';
import { flowTaskHandler } from '@ismf/flows/task-handler';

export const handler = flowTaskHandler(approvalFlow, 'OpenHumanTaskFunctionArn', async (payload, write) => {
  const task = payload.task as TaskSpec;
  const opened = await openHumanTask(write, payload.flow.tenantId, task, String(payload.token), currentRegistry().subjectKind);
  // A retried state whose task was settled meanwhile gets the settlement at once, under its new token.
  if (opened === 'settled') await resumeFlow(payload.flow.tenantId, { type: taskType(task.kind), id: task.id });
});
