// Sending a settled task to its waiting flow: approve, return and completed as SendTaskSuccess, reject
// as SendTaskFailure (Approval.Rejected, caught by the flow). A token that no longer waits is `gone`:
// the flow moved on (a timeout that handed the decision on), or its local runtime restarted.
import { logger } from '@ismf/handler/logger';
import { requireEntity } from '@ismf/store/entities';
import { readTaskToken } from '@ismf/store/task-tokens';
import { flowRuntime, type TaskResponse } from './flow-runtime.ts';
import { REJECTED_ERROR, taskResult, WITHDRAWN_ERROR, type HumanTaskData } from './human-tasks.ts';

function sendSettlement(token: string, task: HumanTaskData): Promise<TaskResponse> {
  const result = taskResult(task);
  if (task.decision?.outcome === 'reject') return flowRuntime().sendTaskFailure(token, REJECTED_ERROR, JSON.stringify(result));
  if (task.withdrawal) return flowRuntime().sendTaskFailure(token, WITHDRAWN_ERROR, JSON.stringify(result));
  return flowRuntime().sendTaskSuccess(token, result);
}

/** resumeFlow: the recorded settlement of a task goes to the flow that waits for it. */
export async function resumeFlow(tenantId: string, ref: { type: 'approval' | 'task'; id: string }): Promise<TaskResponse | 'no-token'> {
  const task = await requireEntity<HumanTaskData>(tenantId, ref.type, ref.id, `${ref.type} ${ref.id}`);
  const token = await readTaskToken(tenantId, ref.type, ref.id);
  if (!token) return 'no-token';
  const response = await sendSettlement(token, task.data);
  if (response === 'gone') logger.info('the flow no longer waits for this task', { taskId: ref.id, status: task.data.status });
  return response;
}
