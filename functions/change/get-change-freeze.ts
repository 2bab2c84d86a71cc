import { getFreeze } from '@ismf/change/freezes';
import { getChangeFreeze as operation } from '@ismf/change/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({ body: await getFreeze(tenantId, params.freezeId) }));
