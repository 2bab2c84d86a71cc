import { createChangeTemplate as operation } from '@ismf/change/flow-operations';
import { proposeChangeTemplate } from '@ismf/change/templates';
import { operationHandler } from '@ismf/http/operation-handler';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) =>
  createdOrReplayed(await proposeChangeTemplate(write, tenantId, body, idempotency)),
);
