import { consumerHandler } from '@ismf/events/consumer-handler';
import { movePatchRequirementsConsumer as consumer } from '@ismf/patches/consumers';
import { patchRequirementsMoved } from '@ismf/patches/events';
import { moveRequirements } from '@ismf/patches/moves';

export const handler = consumerHandler(consumer, async ({ detail }) => {
  await moveRequirements(
    { actor: { userId: `system:${consumer.name}`, roles: [] }, operation: consumer.name, correlationId: detail.correlationId },
    detail.tenantId,
    patchRequirementsMoved.data.parse(detail.data),
  );
});
