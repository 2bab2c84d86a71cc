import { recordChangeReview as operation } from '@ismf/change/flow-operations';
import { recordReview } from '@ismf/change/review';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, expectedVersion, caller }) => ({
  body: await recordReview(write, tenantId, params.changeRequestId, expectedVersion!, body, caller),
}));
