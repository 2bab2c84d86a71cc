import { listTenants as operation } from '@ismf/platform/operations';
import { listTenants } from '@ismf/platform/tenants';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ query }) => ({ body: await listTenants(query) }));
