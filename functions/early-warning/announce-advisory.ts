import { announceAdvisory, announceAdvisoryConsumer as consumer } from '@ismf/early-warning/consumers';
import { advisoryAccepted } from '@ismf/early-warning/events';
import { consumerHandler } from '@ismf/events/consumer-handler';

export const handler = consumerHandler(consumer, async ({ detail }) => {
  await announceAdvisory(
    { actor: { userId: 'system:announceAdvisory', roles: [] }, operation: consumer.name, correlationId: detail.correlationId },
    detail.tenantId,
    advisoryAccepted.data.parse(detail.data),
  );
});
