import { getTenant as operation } from '@ismf/catalogue/operations/tenants';
import { getTenant } from '@ismf/directory/tenants';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ params }) => ({ body: await getTenant(params.tenantId) }));
