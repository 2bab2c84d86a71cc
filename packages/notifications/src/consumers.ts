// The notifications' consumer: every NotificationRequested reaches its people.
import { defineConsumer } from '@ismf/events/consumers';
import { PEOPLE_PATTERNS } from '@ismf/store/access';
import { notificationRequested } from '@ismf/events/notification-requested';

export const deliverNotificationConsumer = defineConsumer({
  name: 'deliverNotification',
  description: 'Delivers a notification to each recipient: an e-mail now, or a line in tomorrow’s digest, by the recipient’s choice for its kind.',
  handler: 'functions/notifications/deliver-notification.ts',
  access: { table: 'write', mail: true },
  // The recipients: every active person, through the directory's People.
  patterns: [PEOPLE_PATTERNS.everyone],
  subscribes: [{ event: notificationRequested }],
});
