import { updateUser as operation } from '@ismf/directory/operations';
import { updateUser } from '@ismf/directory/users';
import { forgetTenantStatus } from '@ismf/http/authorize';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, expectedVersion }) => {
  const user = await updateUser(write, tenantId, params.userId, expectedVersion!, body);
  // A disabled account or a revoked role is refused at once by this container; others within the status cache's 15 s.
  if (body.status || body.roles) forgetTenantStatus(tenantId);
  return { body: user };
});
