import { currentRegistry } from '@ismf/app/areas';
import { consumerHandler } from '@ismf/events/consumer-handler';
import { logger } from '@ismf/handler/logger';
import { deliverNotificationConsumer } from '@ismf/notifications/consumers';
import { deliverNotification, type Notification } from '@ismf/notifications/delivery';

export const handler = consumerHandler(deliverNotificationConsumer, async ({ detail }) => {
  const notification = detail.data as unknown as Notification;
  // A kind no area declares is a sender's bug: fail loudly (the event goes to the dead letters).
  if (!currentRegistry().notificationKinds.includes(notification.kind)) throw new Error(`no area declares the notification kind ${notification.kind}`);
  const outcome = await deliverNotification(detail.tenantId, detail.eventId, detail.occurredAt, notification, currentRegistry().people);
  logger.info('notification delivered', outcome);
});
