import { currentRegistry } from '@ismf/app/areas';
import { problems } from '@ismf/core/problems';
import { setNotificationPreferences } from '@ismf/directory/users';
import { operationHandler } from '@ismf/http/operation-handler';
import { putNotificationPreferences as operation } from '@ismf/notifications/operations';

export const handler = operationHandler(operation, async ({ tenantId, caller, body, write }) => {
  // The kinds are the areas' own: the schema checks their shape, the registry that some area sends them.
  const unknown = Object.keys(body.notifications).filter((kind) => !currentRegistry().notificationKinds.includes(kind));
  if (unknown.length) {
    throw problems.invalid(
      'the preferences name a kind of notification that nothing sends',
      unknown.map((kind) => ({
        path: `body.notifications.${kind}`,
        message: `not a notification kind; one of ${currentRegistry().notificationKinds.join(', ')}`,
      })),
    );
  }
  return { body: await setNotificationPreferences(write, tenantId, caller.memberId, body.notifications) };
});
