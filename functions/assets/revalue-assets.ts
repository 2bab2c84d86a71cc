import { revalueAssets } from '@ismf/assets/revalue';
import { consumerDefinition } from '@ismf/events/consumers';
import { consumerHandler } from '@ismf/events/consumer-handler';

export const handler = consumerHandler(consumerDefinition('revalueAssets'), async ({ detail }) => {
  await revalueAssets(
    { actor: { userId: 'system:revalueAssets', roles: [] }, operation: 'revalueAssets', correlationId: detail.correlationId },
    detail.tenantId,
  );
});
