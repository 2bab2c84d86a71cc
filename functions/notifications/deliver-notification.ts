import { consumerDefinition } from '@ismf/events/consumers';
import { consumerHandler } from '@ismf/events/consumer-handler';
import { logger } from '@ismf/handler/logger';
import { deliverNotification, type Notification } from '@ismf/notifications/delivery';

export const handler = consumerHandler(consumerDefinition('deliverNotification'), async ({ detail }) => {
  const outcome = await deliverNotification(detail.tenantId, detail.eventId, detail.occurredAt, detail.data as unknown as Notification);
  logger.info('notification delivered', outcome);
});
