import { countAssetChangesConsumer } from '@ismf/assets/consumers';
import { countAssetChanges } from '@ismf/assets/summary';
import { consumerHandler } from '@ismf/events/consumer-handler';

// EventBridge hands a Lambda one event: a batch of one. countAssetChanges sums whatever batch it is given.
export const handler = consumerHandler(countAssetChangesConsumer, async ({ detailType, detail }) => {
  await countAssetChanges(detail.tenantId, [{ eventId: detail.eventId, detailType, occurredAt: detail.occurredAt, data: detail.data }]);
});
