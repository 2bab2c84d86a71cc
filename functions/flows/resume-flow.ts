import { consumerDefinition } from '@ismf/events/consumers';
import { consumerHandler } from '@ismf/events/consumer-handler';
import { resumeFlow } from '@ismf/flows/resume';

export const handler = consumerHandler(consumerDefinition('resumeFlow'), async ({ detail }) => {
  const data = detail.data as { approvalId?: string; taskId?: string };
  await resumeFlow(detail.tenantId, data.approvalId ? { type: 'approval', id: data.approvalId } : { type: 'task', id: data.taskId! });
});
