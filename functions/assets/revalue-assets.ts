import { revalueAssetsConsumer } from '@ismf/assets/consumers';
import { revalueAssets } from '@ismf/assets/revalue';
import { consumerHandler } from '@ismf/events/consumer-handler';

export const handler = consumerHandler(revalueAssetsConsumer, async ({ detail }) => {
  await revalueAssets(
    { actor: { userId: 'system:revalueAssets', roles: [] }, operation: 'revalueAssets', correlationId: detail.correlationId },
    detail.tenantId,
  );
});
