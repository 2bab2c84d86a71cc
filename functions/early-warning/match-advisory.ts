import { matchAdvisoryConsumer as consumer } from '@ismf/early-warning/consumers';
import { matchAdvisory } from '@ismf/early-warning/early-warnings';
import { advisoryAccepted } from '@ismf/early-warning/events';
import { consumerHandler } from '@ismf/events/consumer-handler';

export const handler = consumerHandler(consumer, async ({ detail }) => {
  await matchAdvisory(
    { actor: { userId: 'system:matchAdvisory', roles: [] }, operation: consumer.name, correlationId: detail.correlationId },
    detail.tenantId,
    advisoryAccepted.data.parse(detail.data).advisoryId,
    consumer.access,
  );
});
