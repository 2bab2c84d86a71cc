import { operationHandler } from '@ismf/http/operation-handler';
import { withdrawPatchWave as operation } from '@ismf/patches/operations';
import { withdrawWave } from '@ismf/patches/waves';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write }) => ({
  body: await withdrawWave(write, tenantId, params.patchWaveId, body.reason),
}));
