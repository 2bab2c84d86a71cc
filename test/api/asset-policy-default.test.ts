// The asset policy's defaultClassification: the level an asset takes when nothing classified it (an import
// row without one, an SBOM-registered asset). Changed only through an approved policy change; never public.
import { applyDefaultClassification, DEFAULT_ASSET_POLICY } from '@ismf/assets/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetImports } from '../support/asset-imports.ts';
import { startApi, type Api } from '../support/api.ts';
import { approvedPolicyChange } from '../support/policy-change.ts';
import { itWithRealdata, realdataText } from '../support/realdata.ts';

const CERN = realdataText('sbom', 'cyclonedx', 'SBOM/cern-lhc-vdm-editor-e564943/bom.json');
const TOOLS_JAVA = realdataText('sbom', 'spdx', 'presentations/OSS-NA-2023/SPDXVersion2.3/04-SBOMwSecurity.json');

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
const { postSbom: post } = assetImports(
  () => api,
  () => tenant,
);

beforeAll(async () => {
  api = await startApi({ events: true });
  api.relay!.start();
  tenant = await api.newTenant('dflt');
});
afterAll(() => api.close());

const propose = (policy: Record<string, unknown>) =>
  api.call('POST', '/asset-policy-changes', { token: tenant.adminToken, body: { policy, reason: 'default classification' } });

describe('the asset policy’s defaultClassification', () => {
  it('refuses public, in any case, and a level the scheme does not have, naming the field', async () => {
    for (const [value, message] of [
      ['public', 'never public: an unclassified asset is not cleared for release'],
      ['Public', 'never public: an unclassified asset is not cleared for release'],
      ['top-secret', 'one of the classification levels: public, internal, confidential, secret'],
    ]) {
      const reply = await propose({ ...DEFAULT_ASSET_POLICY, defaultClassification: value });
      expect(reply.status, value).toBe(400);
      expect(reply.body.errors).toEqual([{ path: 'body.policy.defaultClassification', message }]);
    }
    expect((await api.call('GET', '/asset-policy-changes', { token: tenant.adminToken })).body.items).toEqual([]);
  });

  itWithRealdata('without one, an SBOM registers its software asset at the first level that is not public', async () => {
    expect((await api.call('GET', '/asset-policy', { token: tenant.adminToken })).body).not.toHaveProperty('defaultClassification');
    const reply = await post(CERN, 'application/vnd.cyclonedx+json');
    expect(reply.body).toMatchObject({ created: [{ row: 1, id: expect.any(String) }], asset: { classification: 'internal' } });
  });

  itWithRealdata('once approved, it is the policy’s, and an SBOM-registered asset takes it', async () => {
    await approvedPolicyChange(api, tenant.tenantId, tenant.adminToken, { ...DEFAULT_ASSET_POLICY, defaultClassification: 'confidential' });
    const policy = await api.call('GET', '/asset-policy', { token: tenant.adminToken });
    expect(policy.body).toMatchObject({ version: 1, defaultClassification: 'confidential' });
    const reply = await post(TOOLS_JAVA, 'application/spdx+json');
    expect(reply.body).toMatchObject({ created: [{ row: 1, id: expect.any(String) }], asset: { classification: 'confidential' } });
    // An asset already registered keeps its classification when its SBOM comes again.
    expect((await post(CERN, 'application/vnd.cyclonedx+json')).body).toMatchObject({
      created: [],
      updated: [{ row: 1, id: expect.any(String) }],
      asset: { classification: 'internal' },
    });
  });
});

describe('applyDefaultClassification', () => {
  const row = { name: 'MSC-1', type: 'physical' as const, owner: '01JDQ8R6Z8W4X3N2K1M0P9Q7RV', confidentiality: 2, integrity: 4, availability: 5 };
  const withDefault = { ...DEFAULT_ASSET_POLICY, defaultClassification: 'internal' };

  it('fills in the policy’s default where a row names none, and keeps a given one', () => {
    expect(applyDefaultClassification(row, withDefault)).toEqual({ ...row, classification: 'internal' });
    expect(applyDefaultClassification({ ...row, classification: '  ' }, withDefault)).toEqual({ ...row, classification: 'internal' });
    expect(applyDefaultClassification({ ...row, classification: 'secret' }, withDefault)).toEqual({ ...row, classification: 'secret' });
  });

  it('leaves the row as it is when the policy has no default, so that validation names the missing field', () => {
    expect(applyDefaultClassification(row, DEFAULT_ASSET_POLICY)).toEqual(row);
  });
});
