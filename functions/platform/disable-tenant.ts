import { disableTenant as operation } from '@ismf/platform/operations';
import { disableTenant } from '@ismf/platform/tenants';
import { forgetTenantStatus } from '@ismf/http/authorize';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ params, body, write }) => {
  const tenant = await disableTenant(write, params.tenantId, body.reason);
  forgetTenantStatus(params.tenantId);
  return { body: tenant };
});
