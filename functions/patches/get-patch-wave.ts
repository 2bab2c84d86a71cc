import { operationHandler } from '@ismf/http/operation-handler';
import { getPatchWave as operation } from '@ismf/patches/operations';
import { getWave } from '@ismf/patches/waves';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({ body: await getWave(tenantId, params.patchWaveId) }));
