import { currentRegistry } from '@ismf/app/areas';
import { advanceFlow } from '@ismf/flows/engine';
import { approvalFlow } from '@ismf/approvals/approval-flow';
import { flowTaskHandler } from '@ismf/flows/task-handler';

export const handler = flowTaskHandler(approvalFlow, 'AdvanceFlowFunctionArn', (payload, write) =>
  advanceFlow(write, payload.flow.tenantId, payload.flow.flowId, payload.last, currentRegistry().subjectKind),
);
