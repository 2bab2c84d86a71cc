import { operationHandler } from '@ismf/http/operation-handler';
import { listPatchRequirements as operation } from '@ismf/patches/operations';
import { listRequirements } from '@ismf/patches/requirements';

export const handler = operationHandler(operation, async ({ tenantId, query: { limit, cursor, ...filters } }) => ({
  body: await listRequirements(tenantId, filters, { limit, ...(cursor ? { cursor } : {}) }),
}));
