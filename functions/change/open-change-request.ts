import { openChangeRequestConsumer } from '@ismf/change/consumers';
import { changeRequested } from '@ismf/change/events';
import { openFromEvent } from '@ismf/change/requests';
import { consumerHandler } from '@ismf/events/consumer-handler';

export const handler = consumerHandler(openChangeRequestConsumer, async ({ detail }) => {
  await openFromEvent(
    { actor: { userId: 'system:openChangeRequest', roles: [] }, operation: 'openChangeRequest', correlationId: detail.correlationId },
    detail.tenantId,
    detail.eventId,
    changeRequested.data.parse(detail.data),
  );
});
