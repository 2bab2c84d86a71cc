import { operationHandler } from '@ismf/http/operation-handler';
import { proposePatchWaves as operation } from '@ismf/patches/operations';
import { proposeWaves } from '@ismf/patches/waves';

export const handler = operationHandler(operation, async ({ tenantId }) => ({ body: await proposeWaves(tenantId) }));
