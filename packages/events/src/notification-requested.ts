// The one event every area sends to reach people: the notification consumer delivers it.
import * as z from 'zod';
import { NOTIFICATION_KIND_PATTERN } from '@ismf/core/notifications';
import { defineEvent } from './event.ts';

export const notificationRequested = defineEvent({
  detailType: 'NotificationRequested',
  clauses: ['13.1.1'],
  source: 'ismf.notifications',
  description: 'People should hear of a task or an alert: by e-mail now, or in their daily digest, by their choice for the kind.',
  data: z.strictObject({
    /** A notification kind an area declares (the registry knows them all; delivery refuses others). */
    kind: z.string().regex(NOTIFICATION_KIND_PATTERN),
    /** By role, by sign-in account (token subject), or by user id of the directory (members). */
    recipients: z.strictObject({ roles: z.array(z.string()).optional(), users: z.array(z.string()).optional(), members: z.array(z.string()).optional() }),
    /** Token subjects who must not be told (a requester of their own approval). */
    exclude: z.array(z.string()).optional(),
    title: z.string(),
    text: z.string(),
    link: z.string(),
  }),
});
