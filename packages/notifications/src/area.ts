// Notifications: how people hear of what they owe and what happened, by e-mail now or in a daily digest.
import { defineArea } from '@ismf/area/declaration';
import { deliverNotificationConsumer } from './consumers.ts';
import { notificationRequested } from '@ismf/events/notification-requested';
import { notificationDigestJob } from './jobs.ts';
import { getNotificationPreferences, putNotificationPreferences } from './operations.ts';

export const notificationsArea = defineArea({
  area: 'notifications',
  title: 'Notifications',
  operations: [getNotificationPreferences, putNotificationPreferences],
  events: [notificationRequested],
  consumers: [deliverNotificationConsumer],
  jobs: [notificationDigestJob],
  entities: [],
});
