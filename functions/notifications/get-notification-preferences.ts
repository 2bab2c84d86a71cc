import { getNotificationPreferences as operation } from '@ismf/notifications/operations';
import { getNotificationPreferences } from '@ismf/directory/users';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller }) => ({ body: await getNotificationPreferences(tenantId, caller.memberId) }));
