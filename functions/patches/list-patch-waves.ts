import { operationHandler } from '@ismf/http/operation-handler';
import { listPatchWaves as operation } from '@ismf/patches/operations';
import { listWaves } from '@ismf/patches/waves';

export const handler = operationHandler(operation, async ({ tenantId, query: { limit, cursor, status } }) => ({
  body: await listWaves(tenantId, status, { limit, ...(cursor ? { cursor } : {}) }),
}));
