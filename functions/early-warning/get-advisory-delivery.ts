import { getDelivery } from '@ismf/early-warning/deliveries';
import { getAdvisoryDelivery as operation } from '@ismf/early-warning/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({ body: await getDelivery(tenantId, params.deliveryId) }));
