// How a flow's task function is made: the state's payload names the flow's tenant; the function enters
// that tenant's data scope with the access its catalogue entry declares, as API handlers and consumers do.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { tenantIdSchema, ulidSchema } from '@ismf/core/ids';
import { logger } from '@ismf/http/logger';
import { withDataScope } from '@ismf/store/client';
import { enterTenantScope, isTenantFacing } from '@ismf/store/tenant-access';
import type { WriteContext } from '@ismf/store/unit-of-work';
import { flows } from './catalogue.ts';

const payloadSchema = z.looseObject({ flow: z.strictObject({ tenantId: tenantIdSchema, flowId: ulidSchema }) });

export interface FlowTaskPayload {
  flow: { tenantId: string; flowId: string };
  [key: string]: unknown;
}

export function flowTaskHandler<R>(placeholder: string, work: (payload: FlowTaskPayload, write: WriteContext) => Promise<R>) {
  const task = flows.map((flow) => flow.tasks[placeholder]).find(Boolean);
  if (!task) throw new Error(`no flow task ${placeholder}`);
  const name = placeholder.replace(/FunctionArn$/, '');
  const handler = middy<unknown, R, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      const payload = payloadSchema.parse(event) as FlowTaskPayload;
      logger.appendKeys({ flowTask: name, tenantId: payload.flow.tenantId, flowId: payload.flow.flowId });
      if (isTenantFacing(task.access)) enterTenantScope(payload.flow.tenantId, task.access);
      const write: WriteContext = {
        actor: { userId: `system:${name}`, roles: [] },
        operation: name,
        requestId: context.awsRequestId,
        correlationId: payload.flow.flowId,
      };
      return work(payload, write);
    });
  return (event: unknown, context: Context) => withDataScope({ label: name, tenantOnly: isTenantFacing(task.access), access: task.access }, () => handler(event, context));
}
