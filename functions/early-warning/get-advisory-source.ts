import { getAdvisorySource as operation } from '@ismf/early-warning/operations';
import { getSource } from '@ismf/early-warning/sources';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({ body: await getSource(tenantId, params.sourceId) }));
