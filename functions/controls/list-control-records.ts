import { currentRegistry } from '@ismf/app/areas';
import { listControlRecords as operation } from '@ismf/controls/operations';
import { controlRecords } from '@ismf/controls/records';
import { requireControlNumber } from '@ismf/controls/numbers';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, query }) => ({
  body: await controlRecords(tenantId, requireControlNumber(params.controlId), currentRegistry().entities, query),
}));
