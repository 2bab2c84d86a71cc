import { telecomAdditions } from '@ismf/controls/telecom';
import { listTelecomAdditions as operation } from '@ismf/controls/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async () => ({ body: { items: telecomAdditions } }));
