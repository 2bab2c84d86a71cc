import { listAdvisorySources as operation } from '@ismf/early-warning/operations';
import { listSources } from '@ismf/early-warning/sources';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, query: { limit, cursor } }) => ({
  body: await listSources(tenantId, { limit, ...(cursor ? { cursor } : {}) }),
}));
