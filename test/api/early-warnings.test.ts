// Early warning II, analysis (X.1052 12.2.1 b): real advisories from ../shared/realdata arrive signed by webhook
// and are matched, through the bus, to the components and vendor products of the register — versions judged
// by each ecosystem's rules, the Debian release respected, VEX statements suppressing — into early warnings with
// their priority broken down; a changed asset is re-matched; other tenants and restricted roles see nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { owedTask } from '../support/owed.ts';
import { describeWithRealdata, realdataText } from '../support/realdata.ts';
import { npmSbom, postSigned } from '../support/webhooks.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let other: { tenantId: string; adminToken: string; adminId: string };
let officer: string;
let staff: string;
let source: { id: string; webhookPath: string; webhookSecret: string };
let otherSource: { id: string; webhookPath: string; webhookSecret: string };

const POSTGRES = realdataText('sbom', 'cyclonedx', 'osv-scanner-testdata/postgres-stretch.cdx.xml');
const PATH_TO_REGEXP = realdataText('osv', 'npm-ghsa', 'GHSA-9wv6-86v2-598j.json');
const RHSA = realdataText('csaf', 'examples', 'csaf', 'rhsa-2021_5186.json');

async function deliver(to: { webhookPath: string; webhookSecret: string }, text: string, token = officer) {
  const reply = await postSigned(api, to, text);
  expect(reply.status).toBe(202);
  const delivery = await eventually(async () => {
    const read = await api.call('GET', `/advisory-deliveries/${reply.body.id}`, { token });
    return read.body.state === 'received' ? undefined : read.body;
  }, 'delivery processed');
  expect(delivery.state, JSON.stringify(delivery)).toBe('accepted');
  return delivery.outcomes[0].advisoryId as string;
}

/** The early warning of an advisory once matched (by its advisory id). */
async function warningOf(advisoryId: string, token = officer, state = 'open') {
  return eventually(async () => {
    for (const wanted of [state]) {
      const list = await api.call('GET', `/early-warnings?state=${wanted}&limit=100`, { token });
      const found = list.body.items?.find((item: { advisoryId: string }) => item.advisoryId === advisoryId);
      if (found) return found;
    }
    return undefined;
  }, `early warning of ${advisoryId}`);
}

async function importSbom(text: string, contentType: string, token = tenant.adminToken, owner = tenant.adminId) {
  const reply = await api.call('POST', `/assets/sbom-import?owner=${owner}`, { token, rawBody: text, headers: { 'content-type': contentType } });
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  return reply.body.asset.id as string;
}

async function patchAsset(assetId: string, patch: Record<string, unknown>, token = tenant.adminToken) {
  const current = await api.call('GET', `/assets/${assetId}`, { token });
  const reply = await api.call('PATCH', `/assets/${assetId}`, {
    token,
    body: { reason: 'test', ...patch },
    headers: { 'if-match': `"${current.body.version}"` },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}

beforeAll(async () => {
  api = await startApi({ events: true });
  api.relay!.start();
  [tenant, other] = await Promise.all([api.newTenant('ew'), api.newTenant('ewb')]);
  officer = await api.tokenFor(tenant.tenantId, 'officer', ['security-officer']);
  staff = await api.tokenFor(tenant.tenantId, 'staff', ['staff']);
  const body = { name: 'Advisories', kind: 'security-organization', formats: ['csaf', 'osv', 'cve', 'nvd'] };
  source = (await api.call('POST', '/advisory-sources', { token: officer, body })).body;
  otherSource = (await api.call('POST', '/advisory-sources', { token: other.adminToken, body })).body;
}, 60_000);
afterAll(() => api.close());

describeWithRealdata('early warnings from advisories', () => {
  let portal: string;
  let patched: string;
  let advisoryId: string;

  it('hits the component in the affected range and not the fixed one, with the fixed version and the priority broken down', async () => {
    portal = await importSbom(npmSbom('self-care-portal', { 'path-to-regexp': '0.1.9', express: '4.19.2' }), 'application/vnd.cyclonedx+json');
    patched = await importSbom(npmSbom('billing-portal', { 'path-to-regexp': '0.1.10' }), 'application/vnd.cyclonedx+json');
    await patchAsset(portal, { exposure: 'internet-facing', confidentiality: 5 });
    // The other tenant runs the same vulnerable package: its register is not this tenant's.
    const foreign = await importSbom(
      npmSbom('foreign-portal', { 'path-to-regexp': '0.1.9' }),
      'application/vnd.cyclonedx+json',
      other.adminToken,
      other.adminId,
    );

    advisoryId = await deliver(source, PATH_TO_REGEXP);
    const warning = await warningOf(advisoryId);
    expect(warning).toMatchObject({ documentId: 'GHSA-9wv6-86v2-598j', state: 'open', counts: { assets: 1, findings: 1 } });
    expect(warning.assets.map((asset: { assetId: string }) => asset.assetId)).toEqual([portal]);
    // CVSS × importance 5 (1.4) × internet-facing (1.3) × not exploited (1).
    expect(warning.breakdown).toMatchObject({
      importance: { level: 5, factor: 1.4 },
      exposure: { level: 'internet-facing', factor: 1.3 },
      exploitation: { level: 'none' },
    });
    expect(warning.score).toBeCloseTo(warning.breakdown.cvss * 1.4 * 1.3, 1);

    const findings = await api.call('GET', `/early-warnings/${warning.id}/findings`, { token: officer });
    expect(findings.status).toBe(200);
    expect(findings.body.items).toHaveLength(1);
    expect(findings.body.items[0]).toMatchObject({ assetId: portal, vulnerability: 'CVE-2024-45296', outcome: 'affected' });
    expect(findings.body.items[0].matches[0]).toMatchObject({ via: 'component', name: 'path-to-regexp', version: '0.1.9' });
    expect(findings.body.items[0].fixedVersions).toContain('0.1.10');
    expect(JSON.stringify(findings.body)).not.toContain(patched);

    // The other tenant's own early warning names its own asset only, and this tenant's is not there for it.
    const theirs = await deliver(otherSource, PATH_TO_REGEXP, other.adminToken);
    const theirWarning = await warningOf(theirs, other.adminToken);
    expect(theirWarning.assets.map((asset: { assetId: string }) => asset.assetId)).toEqual([foreign]);
    expect((await api.call('GET', `/early-warnings/${warning.id}`, { token: other.adminToken })).status).toBe(404);
    expect((await api.call('GET', `/early-warnings/${warning.id}/findings`, { token: other.adminToken })).status).toBe(404);
    expect((await api.call('GET', `/early-warnings/${warning.id}/report`, { token: other.adminToken })).status).toBe(404);
  });

  it('raises EarlyWarningRaised and tells the security officers and the asset owner', async () => {
    const warning = await warningOf(advisoryId);
    const raised = await eventually(
      async () =>
        (api.bus!.recentEvents() as { 'detail-type': string; detail: { tenantId: string; data: Record<string, unknown> } }[]).find(
          (event) => event['detail-type'] === 'EarlyWarningRaised' && event.detail.data.earlyWarningId === warning.id,
        ),
      'EarlyWarningRaised',
    );
    expect(raised.detail.data).toMatchObject({ assetIds: [portal], assets: 1, priority: warning.priority });
    const told = await eventually(
      async () =>
        (
          api.bus!.recentEvents() as { 'detail-type': string; detail: { data: { kind?: string; link?: string; recipients?: Record<string, string[]> } } }[]
        ).find(
          (event) =>
            event['detail-type'] === 'NotificationRequested' &&
            event.detail.data.kind === 'early-warning-raised' &&
            event.detail.data.link === `/early-warnings/${warning.id}`,
        ),
      'early-warning notification',
    );
    expect(told.detail.data.recipients).toEqual({ roles: ['security-officer'], members: [tenant.adminId] });
  });

  it('re-matches an asset whose components change: a fix drops it, a new vulnerable SBOM brings it in', async () => {
    const warning = await warningOf(advisoryId);
    // The billing portal's next SBOM carries the vulnerable version: it joins the early warning.
    await importSbom(npmSbom('billing-portal', { 'path-to-regexp': '0.1.7' }), 'application/vnd.cyclonedx+json');
    await eventually(async () => {
      const read = await api.call('GET', `/early-warnings/${warning.id}`, { token: officer });
      return read.body.counts.assets === 2 ? read.body : undefined;
    }, 'billing portal re-matched');
    // The self-care portal is patched: it leaves the early warning.
    await importSbom(npmSbom('self-care-portal', { 'path-to-regexp': '0.1.12', express: '4.21.0' }), 'application/vnd.cyclonedx+json');
    const after = await eventually(async () => {
      const read = await api.call('GET', `/early-warnings/${warning.id}`, { token: officer });
      return read.body.counts.assets === 1 && read.body.assets[0].assetId === patched ? read.body : undefined;
    }, 'self-care portal re-matched');
    expect(after.assets[0]).toMatchObject({ assetId: patched, name: 'billing-portal 1.0.0' });
  });

  it('matches a Debian image SBOM by package and release: Debian 9 hit, the same advisory for Debian 10 no impact', async () => {
    const image = await importSbom(POSTGRES, 'application/vnd.cyclonedx+xml');
    const dsa = (release: string, id: string) =>
      JSON.stringify({
        schema_version: '1.6.0',
        id,
        modified: '2024-01-01T00:00:00Z',
        published: '2024-01-01T00:00:00Z',
        summary: 'openssl - security update',
        aliases: [`CVE-2099-${release}001`],
        affected: [
          {
            package: { ecosystem: `Debian:${release}`, name: 'openssl' },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.1.0l-1~deb9u6' }] }],
          },
        ],
      });
    const stretch = await warningOf(await deliver(source, dsa('9', 'DSA-9901-1')));
    expect(stretch.assets.map((asset: { assetId: string }) => asset.assetId)).toEqual([image]);
    const findings = (await api.call('GET', `/early-warnings/${stretch.id}/findings`, { token: officer })).body.items;
    expect(findings[0].matches[0]).toMatchObject({ name: 'openssl', version: '1.1.0l-1~deb9u5' });
    expect(findings[0].fixedVersions).toEqual(['1.1.0l-1~deb9u6']);

    // Not triaged yet: in triage in the VEX document. The image's owner may triage it; another asset owner may not.
    const vex = (await api.call('GET', `/early-warnings/${stretch.id}/vex`, { token: officer })).body;
    expect(vex.vulnerabilities).toEqual([
      expect.objectContaining({
        id: 'CVE-2099-9001',
        analysis: { state: 'in_triage' },
        affects: [{ ref: expect.stringMatching(/^pkg:deb\/debian\/openssl@1\.1\.0l-1~deb9u5/) }],
      }),
    ]);
    const owner = await api.tokenFor(tenant.tenantId, 'image-owner', ['asset-owner']);
    const ownerId = (await api.call('GET', '/users?limit=100', { token: tenant.adminToken })).body.items.find((user: { email: string }) =>
      user.email.startsWith('image-owner@'),
    ).id as string;
    const triage = (token: string) =>
      api.call('POST', `/early-warnings/${stretch.id}/findings/${image}/CVE-2099-9001/triage`, {
        token,
        body: { state: 'exploitable', reason: 'The image serves the public API.' },
        headers: { 'if-match': `"${stretch.version}"` },
      });
    expect((await triage(owner)).status).toBe(403);
    await patchAsset(image, { owner: ownerId });
    // The owner change re-matches the image: the early warning moves on a version.
    const current = await eventually(async () => {
      const read = (await api.call('GET', `/early-warnings/${stretch.id}`, { token: officer })).body;
      return read.version > stretch.version ? read : undefined;
    }, 'image re-matched after the owner change');
    const mine = await api.call('POST', `/early-warnings/${stretch.id}/findings/${image}/CVE-2099-9001/triage`, {
      token: owner,
      body: { state: 'exploitable', reason: 'The image serves the public API.' },
      headers: { 'if-match': `"${current.version}"` },
    });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.earlyWarning.counts).toMatchObject({ exposed: 1, triaged: 1 });

    const buster = await warningOf(await deliver(source, dsa('10', 'DSA-9902-1')), officer, 'no-impact');
    expect(buster).toMatchObject({ state: 'no-impact', counts: { assets: 0 } });
  });

  it('matches equipment by its vendor product identity, with the versions a vendor writes, and re-matches an edited identity', async () => {
    const registered = await api.call('POST', '/assets', {
      token: tenant.adminToken,
      body: {
        name: 'Core router R1',
        type: 'physical',
        owner: tenant.adminId,
        classification: 'internal',
        confidentiality: 3,
        integrity: 4,
        availability: 5,
        exposure: 'partner-facing',
        identity: { vendor: 'Example Networks, Inc.', product: 'EdgeCore 7000 (EC7000-48X)', version: 'V6.6.0' },
      },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body.identity).toMatchObject({ vendor: 'Example Networks, Inc.', version: 'V6.6.0' });
    const csaf = (version: string) =>
      JSON.stringify(
        csafAdvisory('EXN-SA-2099-01', version, [
          {
            category: 'vendor',
            name: 'Example Networks Inc',
            branches: [
              {
                category: 'product_name',
                name: 'EdgeCore 7000',
                branches: [{ category: 'product_version_range', name: '<V6.6.1', product: { product_id: 'P1', name: 'EdgeCore 7000 < V6.6.1' } }],
              },
            ],
          },
        ]),
      );
    const warning = await warningOf(await deliver(source, csaf('1')));
    expect(warning.assets[0]).toMatchObject({ assetId: registered.body.id });
    const findings = (await api.call('GET', `/early-warnings/${warning.id}/findings`, { token: officer })).body.items;
    expect(findings[0].matches[0]).toMatchObject({ via: 'identity', version: 'V6.6.0', range: '<V6.6.1' });
    expect(findings[0].breakdown.exposure).toEqual({ level: 'partner-facing', factor: 1.15 });
    expect(warning.recommendations[0]).toMatchObject({
      kind: 'patch',
      url: 'https://psirt.example.net/fw',
      details: 'Upgrade to V6.6.1',
      assetIds: [registered.body.id],
    });

    // The router is upgraded: the edit re-matches it, and the early warning has no asset left.
    await patchAsset(registered.body.id, { identity: { vendor: 'Example Networks, Inc.', product: 'EdgeCore 7000 (EC7000-48X)', version: 'V6.6.1' } });
    await eventually(async () => {
      const read = await api.call('GET', `/early-warnings/${warning.id}`, { token: officer });
      return read.body.state === 'no-impact' ? read.body : undefined;
    }, 'upgraded router re-matched');

    // An identity's version is a version, not a document: an oversized one is refused naming the field, nothing stored.
    const oversized = await api.call('POST', '/assets', {
      token: tenant.adminToken,
      body: {
        name: 'Huge',
        type: 'physical',
        owner: tenant.adminId,
        classification: 'internal',
        confidentiality: 3,
        integrity: 3,
        availability: 3,
        identity: { vendor: 'X', product: 'Y', version: 'V'.repeat(5000) },
      },
    });
    expect(oversized.status).toBe(400);
    expect(oversized.body.errors).toContainEqual(expect.objectContaining({ path: 'body.identity.version' }));
    expect((await api.call('GET', '/assets?q=Huge&sort=name', { token: tenant.adminToken })).body.items).toEqual([]);

    // Identity is for equipment and software: an information asset refuses it, naming the field.
    const refused = await api.call('POST', '/assets', {
      token: tenant.adminToken,
      body: {
        name: 'Billing data',
        type: 'information',
        owner: tenant.adminId,
        classification: 'internal',
        confidentiality: 3,
        integrity: 3,
        availability: 3,
        identity: { vendor: 'X', product: 'Y', version: '1' },
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ path: 'body.identity' }));
  });

  it('matches a vendor bulletin entered by hand to the equipment it names (SR OS on a Nokia router)', async () => {
    const router = await api.call('POST', '/assets', {
      token: tenant.adminToken,
      body: {
        name: 'Core router CR-MUC-01',
        type: 'physical',
        owner: tenant.adminId,
        classification: 'internal',
        confidentiality: 3,
        integrity: 5,
        availability: 5,
        identity: { vendor: 'Nokia', product: 'SR OS', model: '7750 SR-12', version: '22.10.R1' },
      },
    });
    expect(router.status).toBe(201);
    const bulletin = (products: unknown[]) => ({
      title: 'SR OS: BGP update handling may reset sessions',
      publisher: { name: 'Nokia PSIRT', category: 'vendor' },
      cveIds: ['CVE-2099-7750'],
      cvssVectors: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H'],
      products,
    });
    // A product needs a name, a purl or a cpe: refused naming it, nothing stored.
    const unnamed = await api.call('POST', '/advisories', { token: officer, body: bulletin([{ versions: '<22.10.R3' }]) });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors).toEqual([expect.objectContaining({ path: 'body.products.0' })]);

    const entered = await api.call('POST', '/advisories', {
      token: officer,
      body: bulletin([
        { vendor: 'Nokia Solutions and Networks Oy', product: 'SR OS', models: ['7750 SR-12'], versions: '<22.10.R3', fixedVersion: '22.10.R3' },
      ]),
    });
    expect(entered.status, JSON.stringify(entered.body)).toBe(201);
    const warning = await warningOf(entered.body.id);
    expect(warning.assets.map((asset: { assetId: string }) => asset.assetId)).toEqual([router.body.id]);
    expect(warning.recommendations[0]).toMatchObject({ kind: 'patch', fixedVersions: ['22.10.R3'] });
  });

  it('has the recommendations reviewed by another security officer: approval sets off patches, configuration changes and controls', async () => {
    // The Nokia bulletin's early warning (the test above) proposes a patch; Omar adds a configuration change and a control.
    const list = await api.call('GET', '/early-warnings?limit=100', { token: officer });
    const warning = list.body.items.find((item: { documentId: string; title: string }) => item.title === 'SR OS: BGP update handling may reset sessions');
    const omar = await api.tokenFor(tenant.tenantId, 'omar', ['security-officer']);
    const edited = await api.call('PUT', `/early-warnings/${warning.id}/recommendations`, {
      token: omar,
      body: {
        recommendations: [
          { kind: 'patch', summary: 'Upgrade SR OS to 22.10.R3 in the next maintenance window', fixedVersions: ['22.10.R3'] },
          { kind: 'configuration-change', summary: 'Enable BGP error handling (RFC 7606) on all peering sessions' },
          { kind: 'additional-control', summary: 'Monitor BGP session resets at the NOC', controlId: '12.6.1' },
        ],
        reason: 'The window is in two weeks; harden the sessions meanwhile.',
      },
      headers: { 'if-match': `"${warning.version}"` },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const requested = await api.call('POST', `/early-warnings/${warning.id}/recommendation-reviews`, {
      token: omar,
      body: { reason: 'Before the window is booked.' },
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    expect(requested.body).toMatchObject({ status: 'pending-approval', earlyWarningId: warning.id, recommendations: { length: 3 } });
    // One review at a time; the recommendations are not edited under it.
    expect((await api.call('POST', `/early-warnings/${warning.id}/recommendation-reviews`, { token: omar, body: { reason: 'again' } })).status).toBe(409);
    const during = (await api.call('GET', `/early-warnings/${warning.id}`, { token: officer })).body;
    expect(during.recommendationReview).toMatchObject({ reviewId: requested.body.id, status: 'pending-approval' });
    const blocked = await api.call('PUT', `/early-warnings/${warning.id}/recommendations`, {
      token: officer,
      body: { recommendations: [{ kind: 'no-action', summary: 'x' }], reason: 'x' },
      headers: { 'if-match': `"${during.version}"` },
    });
    expect(blocked.status).toBe(409);

    // Omar asked: he does not decide. Dana (officer) approves.
    const task = await owedTask(api, officer, requested.body.id, 'review');
    const theirs = await api.call('POST', `/approvals/${task.id}/decision`, { token: omar, body: { outcome: 'approve' } });
    expect(theirs.status).toBe(403);
    const decided = await api.call('POST', `/approvals/${task.id}/decision`, { token: officer, body: { outcome: 'approve' } });
    expect(decided.status, JSON.stringify(decided.body)).toBeLessThan(300);
    const after = await eventually(async () => {
      const read = (await api.call('GET', `/early-warnings/${warning.id}`, { token: officer })).body;
      return read.recommendationReview?.status === 'approved' ? read : undefined;
    }, 'review approved');
    expect(after.recommendations.map((recommendation: { state: string }) => recommendation.state)).toEqual(['approved', 'approved', 'approved']);
    expect(after.additionalControls).toEqual(['12.6.1']);
    // The events leave with the decision's commit, and reach the bus a moment later.
    const seen = (type: string) =>
      eventually(
        async () =>
          (api.bus!.recentEvents() as { 'detail-type': string; detail: { data: Record<string, unknown> } }[]).find(
            (event) => event['detail-type'] === type && event.detail.data.earlyWarningId === warning.id,
          ),
        type,
      );
    const approvedEvent = await seen('RecommendationsApproved');
    expect(approvedEvent?.detail.data).toMatchObject({
      reviewId: requested.body.id,
      recommendations: expect.arrayContaining([expect.objectContaining({ kind: 'patch', fixedVersions: ['22.10.R3'] })]),
    });
    const configuration = await seen('ConfigurationChangeRecommended');
    expect(configuration?.detail.data).toMatchObject({ summary: 'Enable BGP error handling (RFC 7606) on all peering sessions', assetsTruncated: false });
    expect((configuration?.detail.data.assetIds as string[]).length).toBe(1);
    const review = await api.call('GET', `/recommendation-reviews/${requested.body.id}`, { token: officer });
    expect(review.body).toMatchObject({ status: 'approved', requestedBy: expect.any(String) });
    expect((await api.call('GET', `/recommendation-reviews/${requested.body.id}`, { token: other.adminToken })).status).toBe(404);
  });

  it('suppresses a match by a CSAF known_not_affected statement on a component of a platform, with its reason (rhsa-2021_5186)', async () => {
    const register = (name: string, identity: Record<string, string>) =>
      api.call('POST', '/assets', {
        token: tenant.adminToken,
        body: { name, type: 'software', owner: tenant.adminId, classification: 'internal', confidentiality: 3, integrity: 3, availability: 3, identity },
      });
    const cluster = await register('OpenShift cluster OCP-1', {
      vendor: 'Red Hat',
      product: 'Red Hat OpenShift Container Platform 4.6',
      version: '4.6',
      cpe: 'cpe:/a:redhat:openshift:4.6::el8',
    });
    const tag = 'v4.6.0.202112161349.p0.gd74112d.assembly.art3595-1';
    const bundle = await register('Metering operator bundle', {
      vendor: 'Red Hat, Inc.',
      product: 'openshift4/ose-metering-ansible-operator-bundle',
      version: tag,
    });
    // The same image outside OpenShift 4.6 is not the product the statement is about.
    const loose = await register('Metering bundle on a laptop', {
      vendor: 'Red Hat',
      product: 'openshift4/ose-metering-ansible-operator-bundle',
      version: tag,
    });
    const current = await api.call('GET', `/assets/${bundle.body.id}`, { token: tenant.adminToken });
    const placed = await api.call('PUT', `/assets/${bundle.body.id}/dependencies`, {
      token: tenant.adminToken,
      body: { dependsOn: [cluster.body.id], reason: 'runs in OCP-1' },
      headers: { 'if-match': `"${current.body.version}"` },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);

    const advisory = await deliver(source, RHSA);
    const warning = await warningOf(advisory, officer, 'no-impact');
    expect(warning.counts).toMatchObject({ assets: 0, findings: 0, suppressed: 2 });
    expect(warning.suppressed).toEqual(
      ['CVE-2021-4104', 'CVE-2021-4125'].map((vulnerability) =>
        expect.objectContaining({ assetId: bundle.body.id, vulnerability, justification: expect.stringMatching(/not affected|impact|vulnerable/i) }),
      ),
    );
    expect(JSON.stringify(warning)).not.toContain(loose.body.id);
    // The suppression goes into the VEX document and the report as not affected, with its reason.
    const vex = (await api.call('GET', `/early-warnings/${warning.id}/vex`, { token: officer })).body;
    expect(vex.vulnerabilities).toContainEqual(
      expect.objectContaining({ id: 'CVE-2021-4104', analysis: expect.objectContaining({ state: 'not_affected', detail: expect.any(String) }) }),
    );
    const html = (await api.call('GET', `/early-warnings/${warning.id}/report`, { token: officer, headers: { accept: 'text/html' } })).body as string;
    expect(html).toContain('status <strong>no-impact</strong>');
    expect(html).toContain('suppressed: ');
  });

  it('honours a CycloneDX VEX document beside the SBOM: the real pair of bom-examples suppresses jackson-databind’s match', async () => {
    const app = await importSbom(realdataText('sbom', 'cyclonedx', 'VEX/bom.json'), 'application/vnd.cyclonedx+json');
    // The advisory as GitHub publishes it for CVE-2020-25649 (Maven ranges by ComparableVersion).
    const osv = JSON.stringify({
      schema_version: '1.6.0',
      id: 'GHSA-288c-cq4h-88gq',
      modified: '2024-03-15T00:00:00Z',
      published: '2020-12-03T00:00:00Z',
      aliases: ['CVE-2020-25649'],
      summary: 'XML External Entity (XXE) Injection in Jackson Databind',
      affected: [
        {
          package: { ecosystem: 'Maven', name: 'com.fasterxml.jackson.core:jackson-databind' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.10.0' }, { fixed: '2.10.5.1' }] }],
        },
      ],
    });
    const warning = await warningOf(await deliver(source, osv));
    expect(warning.assets.map((asset: { assetId: string }) => asset.assetId)).toEqual([app]);

    const vex = await api.call('POST', `/assets/${app}/vex`, {
      token: tenant.adminToken,
      rawBody: realdataText('sbom', 'cyclonedx', 'VEX/vex.json'),
      headers: { 'content-type': 'application/vnd.cyclonedx+json' },
    });
    expect(vex.status, JSON.stringify(vex.body)).toBe(200);
    expect(vex.body).toMatchObject({ assetId: app, statements: 1, components: 1, unmatched: [] });
    const suppressed = await eventually(async () => {
      const read = await api.call('GET', `/early-warnings/${warning.id}`, { token: officer });
      return read.body.state === 'no-impact' ? read.body : undefined;
    }, 'VEX honoured');
    expect(suppressed.suppressed).toEqual([
      expect.objectContaining({
        assetId: app,
        vulnerability: 'CVE-2020-25649',
        justification: expect.stringMatching(/^CycloneDX VEX for .*jackson-databind: not_affected \(code_not_reachable: /),
      }),
    ]);
    // A document without analysis states is no VEX: refused naming the field, the asset as it was.
    const bare = await api.call('POST', `/assets/${app}/vex`, {
      token: tenant.adminToken,
      rawBody: JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, vulnerabilities: [{ id: 'CVE-2020-25649' }] }),
      headers: { 'content-type': 'application/vnd.cyclonedx+json' },
    });
    expect(bare.status).toBe(400);
    expect(bare.body.errors).toEqual([expect.objectContaining({ path: 'body.vulnerabilities' })]);
    // Another tenant cannot state anything about this asset.
    const foreign = await api.call('POST', `/assets/${app}/vex`, {
      token: other.adminToken,
      rawBody: realdataText('sbom', 'cyclonedx', 'VEX/vex.json'),
      headers: { 'content-type': 'application/vnd.cyclonedx+json' },
    });
    expect(foreign.status).toBe(404);
  });

  it('triages a finding with who and why, keeps it across a re-match, and hands the findings out as CycloneDX VEX', async () => {
    const warning = await warningOf(advisoryId);
    const path = `/early-warnings/${warning.id}/findings/${patched}/CVE-2024-45296/triage`;
    const version = (await api.call('GET', `/early-warnings/${warning.id}`, { token: officer })).body.version;
    // A not-affected finding needs its VEX justification: refused naming the field, nothing stored.
    const bare = await api.call('POST', path, {
      token: officer,
      body: { state: 'not-affected', reason: 'routes are static' },
      headers: { 'if-match': `"${version}"` },
    });
    expect(bare.status).toBe(400);
    expect(bare.body.errors).toEqual([expect.objectContaining({ path: 'body.justification' })]);
    // Staff may not; a stale version is refused.
    expect((await api.call('POST', path, { token: staff, body: { state: 'exploitable', reason: 'x' }, headers: { 'if-match': `"${version}"` } })).status).toBe(
      403,
    );
    expect(
      (await api.call('POST', path, { token: officer, body: { state: 'exploitable', reason: 'x' }, headers: { 'if-match': `"${version + 5}"` } })).status,
    ).toBe(412);

    const triaged = await api.call('POST', path, {
      token: officer,
      body: { state: 'not-affected', justification: 'code_not_reachable', reason: 'The billing portal’s routes are fixed at build time.' },
      headers: { 'if-match': `"${version}"` },
    });
    expect(triaged.status, JSON.stringify(triaged.body)).toBe(200);
    expect(triaged.body.finding.triage).toMatchObject({
      state: 'not-affected',
      justification: 'code_not_reachable',
      by: expect.any(String),
      byPerson: expect.objectContaining({ email: expect.stringMatching(/^officer@/) }),
      at: expect.any(String),
    });
    expect(triaged.body.earlyWarning).toMatchObject({ version: version + 1, counts: { exposed: 0, triaged: 1 } });
    const audit = await api.call('GET', `/audit?entity=early-warning:${warning.id}`, { token: tenant.adminToken });
    expect(JSON.stringify(audit.body.items)).toContain('not-affected — The billing portal’s routes are fixed at build time.');

    // A re-match (the asset's exposure edited) keeps the person's judgement.
    await patchAsset(patched, { exposure: 'isolated' });
    const kept = await eventually(async () => {
      const findings = await api.call('GET', `/early-warnings/${warning.id}/findings`, { token: officer });
      const finding = findings.body.items.find((item: { assetId: string }) => item.assetId === patched);
      return finding?.breakdown.exposure.level === 'isolated' ? finding : undefined;
    }, 're-matched after the edit');
    expect(kept.triage).toMatchObject({ state: 'not-affected', justification: 'code_not_reachable' });

    const vex = await api.call('GET', `/early-warnings/${warning.id}/vex`, { token: officer });
    expect(vex.status).toBe(200);
    expect(vex.body).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5' });
    expect(vex.body.vulnerabilities).toContainEqual(
      expect.objectContaining({
        id: 'CVE-2024-45296',
        analysis: expect.objectContaining({ state: 'not_affected', justification: 'code_not_reachable' }),
        affects: [{ ref: 'pkg:npm/path-to-regexp@0.1.7' }],
      }),
    );
    // What ISMF writes, ISMF reads: the VEX document parses as CycloneDX with its statement.
    const { parseCycloneDx } = await import('@ismf/core/cyclonedx');
    expect(parseCycloneDx(JSON.stringify(vex.body), 'json').vex).toContainEqual(expect.objectContaining({ id: 'CVE-2024-45296', state: 'not_affected' }));
    expect((await api.call('GET', `/early-warnings/${warning.id}/vex`, { token: other.adminToken })).status).toBe(404);
  });

  it('proposes recommendations from the advisory’s fixes, and keeps a security officer’s once they replace them', async () => {
    const warning = await warningOf(advisoryId);
    const patch = warning.recommendations.find((recommendation: { kind: string }) => recommendation.kind === 'patch');
    expect(patch).toMatchObject({ source: 'advisory', state: 'proposed', assetIds: [patched] });
    expect(patch.fixedVersions).toContain('0.1.10');

    const path = `/early-warnings/${warning.id}/recommendations`;
    const read = await api.call('GET', `/early-warnings/${warning.id}`, { token: officer });
    const body = (controlId: string, assetIds?: string[]) => ({
      recommendations: [
        { kind: 'patch', summary: 'Update path-to-regexp with the next release', fixedVersions: ['0.1.12'] },
        { kind: 'additional-control', summary: 'Rate-limit the portal routes at the WAF', controlId, ...(assetIds ? { assetIds } : {}) },
      ],
      reason: 'The release ships Friday; the WAF covers the days until then.',
    });
    const wrongControl = await api.call('PUT', path, { token: officer, body: body('99.9.9'), headers: { 'if-match': `"${read.body.version}"` } });
    expect(wrongControl.status).toBe(422);
    expect(wrongControl.body.errors).toEqual([expect.objectContaining({ path: 'body.recommendations.1.controlId' })]);
    const wrongAsset = await api.call('PUT', path, { token: officer, body: body('12.6.1', [portal]), headers: { 'if-match': `"${read.body.version}"` } });
    expect(wrongAsset.status).toBe(422);
    expect(wrongAsset.body.errors).toEqual([expect.objectContaining({ path: 'body.recommendations.1.assetIds.0' })]);
    expect((await api.call('PUT', path, { token: staff, body: body('12.6.1'), headers: { 'if-match': `"${read.body.version}"` } })).status).toBe(403);

    const set = await api.call('PUT', path, { token: officer, body: body('12.6.1'), headers: { 'if-match': `"${read.body.version}"` } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.recommendations.map((recommendation: { kind: string; source: string }) => [recommendation.kind, recommendation.source])).toEqual([
      ['patch', 'person'],
      ['additional-control', 'person'],
    ]);
    // A re-match (the asset renamed) keeps the person's recommendations.
    await patchAsset(patched, { name: 'Billing portal (renamed)' });
    const after = await eventually(async () => {
      const again = await api.call('GET', `/early-warnings/${warning.id}`, { token: officer });
      return again.body.assets[0]?.name === 'Billing portal (renamed)' ? again.body : undefined;
    }, 'renamed asset re-matched');
    expect(after.recommendations.map((recommendation: { summary: string }) => recommendation.summary)).toEqual([
      'Update path-to-regexp with the next release',
      'Rate-limit the portal routes at the WAF',
    ]);
    expect(after.recommendationsEdited).toMatchObject({ reason: 'The release ships Friday; the WAF covers the days until then.' });
  });

  it('gives the report as JSON and as a printable page, to the roles that read advisories only', async () => {
    const first = await warningOf(advisoryId);
    // A hostile asset name goes into the page as text, never as markup.
    await patchAsset(patched, { name: 'Billing <script>alert(1)</script>' });
    const warning = await eventually(async () => {
      const read = await api.call('GET', `/early-warnings/${first.id}`, { token: officer });
      return read.body.assets[0]?.name.startsWith('Billing <script>') ? read.body : undefined;
    }, 'renamed asset re-matched');
    const json = await api.call('GET', `/early-warnings/${warning.id}/report`, { token: officer });
    expect(json.status).toBe(200);
    expect(json.body.earlyWarning.id).toBe(warning.id);
    expect(json.body.findings.length).toBe(json.body.earlyWarning.counts.findings + json.body.earlyWarning.counts.suppressed);
    const html = await api.call('GET', `/early-warnings/${warning.id}/report`, { token: officer, headers: { accept: 'text/html' } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.body).toContain('<h1>Early warning: ');
    expect(html.body).toContain('CVE-2024-45296');
    expect(html.body).not.toMatch(/<script/i);
    expect(html.body).toContain('Billing &lt;script&gt;alert(1)&lt;/script&gt;');
    expect((await api.call('GET', '/early-warnings', { token: staff })).status).toBe(403);
  });
});

/** A minimal valid CSAF 2.0 security advisory with the given product tree branches and one vulnerability affecting P1. */
function csafAdvisory(id: string, version: string, branches: unknown[]) {
  const now = '2099-01-01T00:00:00.000Z';
  return {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      title: 'EdgeCore 7000: remote code execution in the management interface',
      publisher: { category: 'vendor', name: 'Example Networks PSIRT', namespace: 'https://psirt.example.net' },
      distribution: { tlp: { label: 'WHITE' } },
      notes: [{ category: 'summary', text: 'A crafted request to the management interface executes code.' }],
      references: [{ category: 'self', summary: 'this advisory', url: 'https://psirt.example.net/EXN-SA-2099-01' }],
      tracking: {
        id,
        version,
        status: 'final',
        initial_release_date: now,
        current_release_date: now,
        revision_history: [{ number: version, date: now, summary: 'initial' }],
        generator: { engine: { name: 'hand' } },
      },
    },
    product_tree: { branches },
    vulnerabilities: [
      {
        cve: 'CVE-2099-0001',
        notes: [{ category: 'description', text: 'RCE' }],
        product_status: { known_affected: ['P1'] },
        remediations: [{ category: 'vendor_fix', details: 'Upgrade to V6.6.1', product_ids: ['P1'], url: 'https://psirt.example.net/fw' }],
        scores: [
          {
            products: ['P1'],
            cvss_v3: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' },
          },
        ],
      },
    ],
  };
}
