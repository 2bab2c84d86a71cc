import { listTenants as operation } from '@ismf/catalogue/operations/tenants';
import { listTenants } from '@ismf/directory/tenants';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ query }) => ({ body: await listTenants(query) }));
