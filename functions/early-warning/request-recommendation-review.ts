import { requestRecommendationReview as operation } from '@ismf/early-warning/early-warning-operations';
import { requestRecommendationReview } from '@ismf/early-warning/recommendation-review';
import { operationHandler } from '@ismf/http/operation-handler';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, caller, params, body, write, idempotency }) =>
  createdOrReplayed(await requestRecommendationReview(write, tenantId, caller.roles, params.earlyWarningId, body.reason, idempotency)),
);
