import { importRows } from '@ismf/assets/import';
import { problems } from '@ismf/core/problems';
import { importSbom } from '@ismf/assets/sbom';
import { looksLikeSpdx } from '@ismf/core/spdx';
import { importAssets as operation } from '@ismf/assets/operations';
import { operationHandler } from '@ismf/http/operation-handler';
import type { RawBody } from '@ismf/http/parse-request';

/** CycloneDX JSON is recognised by its bomFormat, SPDX by its spdxVersion, even when sent as plain application/json. */
function isSbom(body: RawBody): boolean {
  if (body.mediaType.startsWith('application/vnd.cyclonedx') || body.mediaType === 'application/spdx+json') return true;
  if (body.mediaType !== 'application/json') return false;
  return (/^\s*\{/.test(body.text) && /"bomFormat"\s*:\s*"CycloneDX"/.test(body.text.slice(0, 4096))) || looksLikeSpdx(body.text);
}

export const handler = operationHandler(operation, async ({ tenantId, body, query, write, caller }) => {
  const raw = body as unknown as RawBody;
  if (isSbom(raw)) {
    if (query.dryRun)
      throw problems.invalid('a dry run checks the rows of an asset import; an SBOM has none', [{ path: 'query.dryRun', message: 'rows only' }]);
    return { body: await importSbom(write, tenantId, raw, query.asset, query.owner ?? caller.memberId) };
  }
  return { body: await importRows(write, tenantId, raw, { dryRun: query.dryRun === true }) };
});
