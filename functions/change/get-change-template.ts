import { getChangeTemplate as operation } from '@ismf/change/flow-operations';
import { getChangeTemplate } from '@ismf/change/templates';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({ body: await getChangeTemplate(tenantId, params.changeTemplateId) }));
