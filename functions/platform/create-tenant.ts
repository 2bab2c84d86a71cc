import { createTenant } from '@ismf/catalogue/operations/tenants';
import { onboardTenant } from '@ismf/directory/tenants';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(createTenant, async ({ body, write, idempotency }) => {
  const { response, replayed } = await onboardTenant(write, body, idempotency);
  return { status: replayed ? 200 : 201, body: response };
});
