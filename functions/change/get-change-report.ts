import { getChangeReport as operation } from '@ismf/change/flow-operations';
import { changeReport } from '@ismf/change/report';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, query }) => ({ body: await changeReport(tenantId, query.from, query.to) }));
