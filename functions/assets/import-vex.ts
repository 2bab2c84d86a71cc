import { importVex as operation } from '@ismf/assets/sbom-operations';
import { importVex } from '@ismf/assets/vex';
import { operationHandler } from '@ismf/http/operation-handler';
import type { RawBody } from '@ismf/http/parse-request';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write }) => ({
  body: await importVex(write, tenantId, params.assetId, body as unknown as RawBody),
}));
