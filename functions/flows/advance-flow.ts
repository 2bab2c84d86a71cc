import { advanceFlow } from '@ismf/flows/engine';
import { flowTaskHandler } from '@ismf/flows/task-handler';

export const handler = flowTaskHandler('AdvanceFlowFunctionArn', (payload, write) =>
  advanceFlow(write, payload.flow.tenantId, payload.flow.flowId, payload.last),
);
