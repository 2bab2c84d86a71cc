import { listFreezes } from '@ismf/change/freezes';
import { listChangeFreezes as operation } from '@ismf/change/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, query: { from, limit, cursor } }) => ({
  body: await listFreezes(tenantId, from, { limit, ...(cursor ? { cursor } : {}) }),
}));
