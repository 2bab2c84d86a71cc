import { registerAsset } from '@ismf/assets/register';
import { createAsset as operation } from '@ismf/assets/operations';
import { problems } from '@ismf/core/problems';
import { operationHandler } from '@ismf/http/operation-handler';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, caller, idempotency }) => {
  const manages = caller.roles.includes('admin') || caller.roles.includes('security-officer');
  if (!manages && body.owner !== caller.memberId) {
    throw problems.forbidden('an asset owner registers only assets they own themself');
  }
  return createdOrReplayed(await registerAsset(write, tenantId, body, idempotency));
});
