import { currentRegistry } from '@ismf/app/areas';
import type { Registry } from '@ismf/area/registry';
import { buildOpenApi } from '@ismf/catalogue/openapi';
import { operationHandler } from '@ismf/http/operation-handler';
import { openApiDocument } from '@ismf/platform/operations';

// Built once per registry (one in AWS): the document is the same for every request.
const documents = new WeakMap<Registry, unknown>();

export const handler = operationHandler(openApiDocument, async () => {
  const registry = currentRegistry();
  if (!documents.has(registry)) documents.set(registry, buildOpenApi(registry.operations, registry.tags));
  return { body: documents.get(registry) };
});
