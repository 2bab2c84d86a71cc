import { importSbom } from '@ismf/assets/sbom';
import { isSbom } from '@ismf/assets/sbom-media';
import { importSbom as operation } from '@ismf/assets/sbom-operations';
import { problems } from '@ismf/core/problems';
import { operationHandler } from '@ismf/http/operation-handler';
import type { RawBody } from '@ismf/http/parse-request';

export const handler = operationHandler(operation, async ({ tenantId, body, query, write, caller }) => {
  const raw = body as unknown as RawBody;
  if (!isSbom(raw)) {
    // Neither format: say which are taken (rows of assets have a route of their own).
    const accepted = 'a CycloneDX 1.2–1.6 BOM or an SPDX 2.2/2.3 JSON document (rows of assets go to POST /assets/import)';
    throw problems.invalid(`send ${accepted}`, [{ path: 'body', message: accepted }]);
  }
  return { body: await importSbom(write, tenantId, raw, query.asset, query.owner ?? caller.memberId) };
});
