import { registry } from '@ismf/app/areas';
import { buildOpenApi } from '@ismf/catalogue/openapi';
import { operationHandler } from '@ismf/http/operation-handler';
import { openApiDocument } from '@ismf/platform/operations';

let document: unknown;

export const handler = operationHandler(openApiDocument, async () => {
  document ??= buildOpenApi(registry.operations);
  return { body: document };
});
