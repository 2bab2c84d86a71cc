// How a flow's task function is made, on the instrumented handler: the state's payload names the flow's
// tenant; the function enters that tenant's data scope with the access its flow declaration gives it, as
// API handlers and consumers do. A failure is rethrown, so that Step Functions retries or catches it.
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { tenantIdSchema, ulidSchema } from '@ismf/core/ids';
import { enterTenant, instrumentedHandler } from '@ismf/handler/instrumented-handler';
import type { WriteContext } from '@ismf/store/unit-of-work';
import type { FlowDefinition, FlowTask } from './flow-definition.ts';

const payloadSchema = z.looseObject({ flow: z.strictObject({ tenantId: tenantIdSchema, flowId: ulidSchema }) });

export interface FlowTaskPayload {
  flow: { tenantId: string; flowId: string };
  [key: string]: unknown;
}

export function flowTaskHandler<R>(flow: FlowDefinition, placeholder: string, work: (payload: FlowTaskPayload, write: WriteContext) => Promise<R>) {
  const task: FlowTask | undefined = flow.tasks[placeholder];
  if (!task) throw new Error(`flow ${flow.name} has no task ${placeholder}`);
  const name = placeholder.replace(/FunctionArn$/, '');
  return instrumentedHandler<unknown, R, Context>({
    kind: 'flowTask',
    name,
    access: task.access,
    work: async (event, context) => {
      const payload = payloadSchema.parse(event) as FlowTaskPayload;
      enterTenant(payload.flow.tenantId, { flowId: payload.flow.flowId });
      const write: WriteContext = {
        actor: { userId: `system:${name}`, roles: [] },
        operation: name,
        requestId: context.awsRequestId,
        correlationId: payload.flow.flowId,
      };
      return work(payload, write);
    },
  });
}
