import { scoreEpssConsumer as consumer } from '@ismf/early-warning/consumers';
import { scoreEarlyWarning } from '@ismf/early-warning/epss';
import { earlyWarningRaised } from '@ismf/early-warning/events';
import { consumerHandler } from '@ismf/events/consumer-handler';

export const handler = consumerHandler(consumer, async ({ detail }) => {
  await scoreEarlyWarning(
    { actor: { userId: 'system:scoreEpss', roles: [] }, operation: consumer.name, correlationId: detail.correlationId },
    detail.tenantId,
    earlyWarningRaised.data.parse(detail.data).earlyWarningId,
    consumer.access,
  );
});
