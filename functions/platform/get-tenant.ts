import { getTenant as operation } from '@ismf/platform/operations';
import { getTenant } from '@ismf/platform/tenants';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ params }) => ({ body: await getTenant(params.tenantId) }));
