import { getApproval as operation } from '@ismf/approvals/operations';
import { getApproval } from '@ismf/flows/decisions';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({
  body: await getApproval(tenantId, params.approvalId, operation.access),
}));
