import { processAdvisoryDeliveryConsumer as consumer } from '@ismf/early-warning/consumers';
import { processDelivery } from '@ismf/early-warning/deliveries';
import { advisoryReceived } from '@ismf/early-warning/events';
import { consumerHandler } from '@ismf/events/consumer-handler';

export const handler = consumerHandler(consumer, async ({ detail }) => {
  await processDelivery(
    { actor: { userId: 'system:processAdvisoryDelivery', roles: [] }, operation: consumer.name, correlationId: detail.correlationId },
    detail.tenantId,
    advisoryReceived.data.parse(detail.data).deliveryId,
    consumer.access,
  );
});
