import { consumerHandler } from '@ismf/events/consumer-handler';
import { startFlowConsumer } from '@ismf/approvals/consumers';
import type { FlowInput } from '@ismf/flows/flow-records';
import { flowRuntime } from '@ismf/flows/flow-runtime';

export const handler = consumerHandler(startFlowConsumer, async ({ detail }) => {
  const { flowId, flow } = detail.data as { flowId: string; flow: string };
  // The execution is named by the flow id: a redelivered event starts nothing new.
  const input: FlowInput = { flow: { tenantId: detail.tenantId, flowId }, last: null };
  await flowRuntime().startExecution(flow, flowId, input);
});
