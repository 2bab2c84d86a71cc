import { listDeliveries } from '@ismf/early-warning/deliveries';
import { listAdvisoryDeliveries as operation } from '@ismf/early-warning/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, query: { limit, cursor, state, sourceId } }) => ({
  body: await listDeliveries(tenantId, { ...(state ? { state } : {}), ...(sourceId ? { sourceId } : {}) }, { limit, ...(cursor ? { cursor } : {}) }),
}));
