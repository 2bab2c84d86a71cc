import { changeRequestOpened } from '@ismf/change/events';
import { changeImplemented } from '@ismf/change/outcome-events';
import { consumerHandler } from '@ismf/events/consumer-handler';
import { followPatchChangeConsumer as consumer } from '@ismf/patches/consumers';
import { changeDone, changeOpened } from '@ismf/patches/waves';

export const handler = consumerHandler(consumer, async ({ detailType, detail }) => {
  const ctx = { actor: { userId: `system:${consumer.name}`, roles: [] }, operation: consumer.name, correlationId: detail.correlationId };
  if (detailType === changeImplemented.detailType) await changeDone(ctx, detail.tenantId, changeImplemented.data.parse(detail.data));
  else await changeOpened(ctx, detail.tenantId, changeRequestOpened.data.parse(detail.data));
});
