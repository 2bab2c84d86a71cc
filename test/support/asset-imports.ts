// What the asset-import tests share: posting a body to POST /assets/import (rows) or /assets/sbom-import, counting the tenant's assets,
// and reading an asset's stored component items straight from the table.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '@ismf/store/client';
import type { Api } from './api.ts';

/** Both arguments are read at call time: a test file starts its API and tenant in beforeAll. */
export function assetImports(api: () => Api, tenant: () => { tenantId: string; adminToken: string }) {
  return {
    post: (rawBody: string, contentType: string, query = '') =>
      api().call('POST', `/assets/import${query}`, { token: tenant().adminToken, rawBody, headers: { 'content-type': contentType } }),
    postSbom: (rawBody: string, contentType: string, query = '') =>
      api().call('POST', `/assets/sbom-import${query}`, { token: tenant().adminToken, rawBody, headers: { 'content-type': contentType } }),
    assetCount: async () => (await api().call('GET', '/assets?limit=100', { token: tenant().adminToken })).body.items.length as number,
    async storedComponents(assetId: string) {
      const result = await db().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
          ExpressionAttributeValues: { ':pk': `${tenant().tenantId}#asset#${assetId}`, ':c': 'COMPONENTSET#' },
        }),
      );
      return result.Items!;
    },
  };
}
