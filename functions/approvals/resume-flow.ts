import { consumerHandler } from '@ismf/events/consumer-handler';
import { resumeFlowConsumer } from '@ismf/approvals/consumers';
import { resumeFlow } from '@ismf/flows/resume';

export const handler = consumerHandler(resumeFlowConsumer, async ({ detail }) => {
  // ApprovalDecided names an approval, TaskCompleted a task, FlowWithdrawn either.
  const data = detail.data as { approvalId?: string; taskId?: string; taskType?: 'approval' | 'task' };
  await resumeFlow(detail.tenantId, data.approvalId ? { type: 'approval', id: data.approvalId } : { type: data.taskType ?? 'task', id: data.taskId! });
});
