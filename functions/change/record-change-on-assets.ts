import { recordChangeOnAssets, recordChangeOnAssetsConsumer } from '@ismf/change/asset-history';
import { changeImplemented } from '@ismf/change/outcome-events';
import { consumerHandler } from '@ismf/events/consumer-handler';

export const handler = consumerHandler(recordChangeOnAssetsConsumer, async ({ detail }) => {
  await recordChangeOnAssets(
    { actor: { userId: 'system:recordChangeOnAssets', roles: [] }, operation: 'recordChangeOnAssets', correlationId: detail.correlationId },
    detail.tenantId,
    changeImplemented.data.parse(detail.data),
  );
});
