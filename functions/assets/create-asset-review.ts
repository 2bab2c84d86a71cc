import { reviewAsset } from '@ismf/assets/reviews';
import { createAssetReview as operation } from '@ismf/assets/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, caller, idempotency }) => ({
  body: await reviewAsset(write, tenantId, params.assetId, body, caller, idempotency),
}));
