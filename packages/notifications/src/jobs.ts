// The notifications' job: the daily digest.
import { defineJob } from '@ismf/events/schedules';
import { PEOPLE_PATTERNS } from '@ismf/store/access';
import { digestLinesDue } from '@ismf/store/digest-lines';

export const notificationDigestJob = defineJob({
  name: 'notification-digest',
  expression: 'cron(0 7 * * ? *)',
  description: 'Sends each user who chose a daily digest one e-mail with the notifications gathered since the last one.',
  handler: 'functions/notifications/send-notification-digests.ts',
  access: { table: 'write', mail: true },
  patterns: [digestLinesDue, PEOPLE_PATTERNS.everyone],
  clauses: ['13.2.1'],
});
