import { getRecommendationReview as operation } from '@ismf/early-warning/early-warning-operations';
import { getRecommendationReview } from '@ismf/early-warning/recommendation-review';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, params }) => ({
  body: await getRecommendationReview(tenantId, caller.roles, params.reviewId),
}));
