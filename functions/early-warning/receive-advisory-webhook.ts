import { receiveAdvisoryWebhook as operation } from '@ismf/early-warning/operations';
import { receiveWebhook } from '@ismf/early-warning/webhook';
import { operationHandler } from '@ismf/http/operation-handler';
import type { RawBody } from '@ismf/http/parse-request';

export const handler = operationHandler(operation, async ({ params, headers, body, write }) => {
  const raw = body as unknown as RawBody;
  return receiveWebhook({ name: operation.name, access: operation.access, ...(write.requestId ? { requestId: write.requestId } : {}) }, params, headers, {
    mediaType: raw.mediaType,
    bytes: raw.bytes,
  });
});
