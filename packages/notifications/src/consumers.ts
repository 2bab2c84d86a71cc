// The notifications' consumer: every NotificationRequested reaches its people.
import { defineConsumer } from '@ismf/events/consumers';
import { notificationRequested } from './events.ts';

export const deliverNotificationConsumer = defineConsumer({
  name: 'deliverNotification',
  description: 'Delivers a notification to each recipient: an e-mail now, or a line in tomorrow’s digest, by the recipient’s choice for its kind.',
  handler: 'functions/notifications/deliver-notification.ts',
  access: { table: 'write', indexes: ['GSI1'], mail: true },
  subscribes: [{ event: notificationRequested }],
});
