import { consumerDefinition } from '@ismf/events/consumers';
import { consumerHandler } from '@ismf/events/consumer-handler';
import { resumeFlow } from '@ismf/flows/resume';

export const handler = consumerHandler(consumerDefinition('resumeFlow'), async ({ detail }) => {
  // ApprovalDecided names an approval, TaskCompleted a task, FlowWithdrawn either.
  const data = detail.data as { approvalId?: string; taskId?: string; taskType?: 'approval' | 'task' };
  await resumeFlow(detail.tenantId, data.approvalId ? { type: 'approval', id: data.approvalId } : { type: data.taskType ?? 'task', id: data.taskId! });
});
