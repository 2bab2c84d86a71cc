// How each person wants to hear of notifications: per kind (every area declares its kinds), an e-mail at
// once or a line in the daily digest.
import * as z from 'zod';
import { TENANT_ROLES } from '@ismf/core/roles';
import { DELIVERY_MODES, NOTIFICATION_KIND_PATTERN } from '@ismf/core/notifications';
import { defineOperation } from '@ismf/catalogue/operation';
import { nameSchema } from '@ismf/catalogue/common';

const everyone = { roles: TENANT_ROLES } as const;

const preferencesSchema = z.object({
  notifications: z
    .record(z.string().regex(NOTIFICATION_KIND_PATTERN), z.enum(DELIVERY_MODES))
    .describe('per kind of notification; a kind not named is sent at once'),
});
nameSchema(preferencesSchema, 'NotificationPreferences', 'How the caller hears of each kind of notification.');

export const getNotificationPreferences = defineOperation({
  name: 'getNotificationPreferences',
  area: 'notifications',
  tag: 'me',
  method: 'GET',
  path: '/me/notification-preferences',
  summary: 'Get my notification choices',
  description: 'How the caller hears of each kind of notification: an e-mail at once, or one daily digest (07:00 UTC).',
  handler: 'functions/notifications/get-notification-preferences.ts',
  callers: everyone,
  clauses: ['13.1.1'],
  access: { table: 'read' },
  response: preferencesSchema,
  successStatus: 200,
  examples: { response: { notifications: { 'approval-requested': 'daily-digest' } } },
});

export const putNotificationPreferences = defineOperation({
  name: 'putNotificationPreferences',
  area: 'notifications',
  tag: 'me',
  method: 'PUT',
  path: '/me/notification-preferences',
  summary: 'Set my notification choices',
  description: 'Chooses, per kind, an e-mail at once or a line in the daily digest, so that a burst of alerts is one message.',
  handler: 'functions/notifications/put-notification-preferences.ts',
  callers: everyone,
  clauses: ['13.1.1'],
  access: { table: 'write' },
  body: z.strictObject({
    notifications: z.record(z.string().regex(NOTIFICATION_KIND_PATTERN), z.enum(DELIVERY_MODES)),
  }),
  response: preferencesSchema,
  successStatus: 200,
  examples: { body: { notifications: { 'approval-requested': 'daily-digest' } }, response: { notifications: { 'approval-requested': 'daily-digest' } } },
});
