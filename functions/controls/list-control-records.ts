import { currentRegistry } from '@ismf/app/areas';
import { listControlRecords as operation } from '@ismf/controls/operations';
import { controlRecords } from '@ismf/controls/records';
import { requireControl } from '@ismf/controls/views';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, query }) => ({
  body: await controlRecords(tenantId, requireControl(params.controlId), currentRegistry().entities, query),
}));
