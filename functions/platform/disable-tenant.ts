import { disableTenant as operation } from '@ismf/catalogue/operations/tenants';
import { disableTenant } from '@ismf/directory/tenants';
import { forgetTenantStatus } from '@ismf/http/authorize';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ params, body, write }) => {
  const tenant = await disableTenant(write, params.tenantId, body.reason);
  forgetTenantStatus(params.tenantId);
  return { body: tenant };
});
