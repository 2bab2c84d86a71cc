import { rematchAsset } from '@ismf/early-warning/asset-matching';
import { rematchAssetConsumer as consumer } from '@ismf/early-warning/consumers';
import { consumerHandler } from '@ismf/events/consumer-handler';

export const handler = consumerHandler(consumer, async ({ detail }) => {
  await rematchAsset(
    { actor: { userId: 'system:rematchAsset', roles: [] }, operation: consumer.name, correlationId: detail.correlationId },
    detail.tenantId,
    (detail.data as { assetId: string }).assetId,
    consumer.access,
  );
});
