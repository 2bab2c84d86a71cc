import { importRows } from '@ismf/assets/import';
import { isSbom } from '@ismf/assets/sbom-media';
import { importAssets as operation } from '@ismf/assets/operations';
import { problems } from '@ismf/core/problems';
import { operationHandler } from '@ismf/http/operation-handler';
import type { RawBody } from '@ismf/http/parse-request';
import { runIdempotent } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, query, write, idempotency }) => {
  const raw = body as unknown as RawBody;
  // SBOMs have their own route (and function): rows only here.
  if (isSbom(raw)) throw problems.invalid('an SBOM goes to POST /assets/sbom-import', [{ path: 'body', message: 'an SBOM, not rows of assets' }]);
  // A dry run writes nothing, so there is nothing to replay: its key is not claimed (the key covers the body, not ?dryRun).
  if (query.dryRun === true) return { body: await importRows(write, tenantId, raw, { dryRun: true }) };
  const { response } = await runIdempotent(tenantId, operation.name, idempotency, (base) => importRows(write, tenantId, raw, { base }));
  return { body: response };
});
