import { decideApproval as operation } from '@ismf/approvals/operations';
import { decide } from '@ismf/flows/decisions';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, caller, write }) => ({
  body: await decide(write, tenantId, params.approvalId, caller, body),
}));
