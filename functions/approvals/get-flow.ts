import { currentRegistry } from '@ismf/app/areas';
import { getFlow as operation } from '@ismf/approvals/operations';
import { getFlow } from '@ismf/flows/flow-records';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({
  body: await getFlow(tenantId, params.flowId, currentRegistry().subjectKind),
}));
