import { operations } from '@ismf/catalogue/catalogue';
import { buildOpenApi } from '@ismf/catalogue/openapi';
import { openApiDocument } from '@ismf/catalogue/operations/system';
import { operationHandler } from '@ismf/http/operation-handler';

let document: unknown;

export const handler = operationHandler(openApiDocument, async () => {
  document ??= buildOpenApi(operations);
  return { body: document };
});
