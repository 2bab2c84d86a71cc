import { putNotificationPreferences as operation } from '@ismf/catalogue/operations/flows';
import { setNotificationPreferences } from '@ismf/directory/users';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, body, write }) => ({
  body: await setNotificationPreferences(write, tenantId, caller.memberId, body.notifications as Record<string, 'immediate' | 'daily-digest'>),
}));
