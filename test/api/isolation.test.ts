// Every tenant operation, called by another tenant with this tenant's ids: 404 or an empty answer, and
// nothing of this tenant changes. Two layers: a sweep generated from each area's declaration (every
// tenant operation of the registry, called by another tenant on A's records with its declared example
// body — a new operation is swept without a line here, and one whose path names a kind of record this
// file does not make fails until it does), and a hand-written case per operation that looks deeper (the
// last test checks every operation has one).
import { registry } from '@ismf/app/areas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASSET_POLICY } from '@ismf/assets/rules';
import { startApi, type Api } from '../support/api.ts';
import { owedTask } from '../support/owed.ts';
import { eventually } from '../support/eventually.ts';
import { postSigned } from '../support/webhooks.ts';

const { operations } = registry;

let api: Api;
let a: { tenantId: string; adminToken: string; adminId: string };
let b: { tenantId: string; adminToken: string; adminId: string };
let aUser: { id: string; email: string };
let aAsset: { id: string };
/** A's flows: a change waiting for its check (a pending approval), and a returned one (a pending revision task). */
let aFlow: { pendingChange: string; approvalId: string; returnedChange: string; taskId: string };

const owedTo = async (token: string, subjectId: string, step: string) => (await owedTask(api, token, subjectId, step)).id;

async function startAFlows() {
  const checker = await api.tokenFor(a.tenantId, 'checker', ['security-officer']);
  const submit = async () =>
    (
      await api.call('POST', '/asset-policy-changes', {
        token: a.adminToken,
        body: { policy: { ...DEFAULT_ASSET_POLICY, businessProcesses: ['A only'] }, reason: 'A' },
      })
    ).body.id as string;
  const pendingChange = await submit();
  const returnedChange = await submit();
  const approvalId = await owedTo(checker, pendingChange, 'check');
  const returned = await owedTo(checker, returnedChange, 'check');
  await api.call('POST', `/approvals/${returned}/decision`, { token: checker, body: { outcome: 'return', reason: 'more detail' } });
  const taskId = await owedTo(a.adminToken, returnedChange, 'revise');
  aFlow = { pendingChange, approvalId, returnedChange, taskId };
}

beforeAll(async () => {
  api = await startApi({ events: true });
  api.relay!.start();
  [a, b] = await Promise.all([api.newTenant('iso-a'), api.newTenant('iso-b')]);
  const created = await api.call('POST', '/users', { token: a.adminToken, body: { email: 'victim@a.example', displayName: 'Test Person', roles: ['staff'] } });
  aUser = created.body;
  aAsset = (
    await api.call('POST', '/assets', {
      token: a.adminToken,
      body: { name: 'A core', type: 'physical', owner: a.adminId, classification: 'internal', confidentiality: 2, integrity: 2, availability: 2 },
    })
  ).body;
  await startAFlows();
});

async function aAssetUnchanged() {
  const read = await api.call('GET', `/assets/${aAsset.id}`, { token: a.adminToken });
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ version: 1, name: 'A core' });
}
afterAll(() => api.close());

async function aUserUnchanged() {
  const read = await api.call('GET', `/users/${aUser.id}`, { token: a.adminToken });
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ version: 1, roles: ['staff'], status: 'active' });
}

let aEvidence: { id: string };
async function aEvidenceFor() {
  aEvidence ??= (await api.call('POST', '/evidence', { token: a.adminToken, body: { fileName: 'a.txt', contentType: 'text/plain', size: 5 } })).body;
  return aEvidence;
}

let aJob: { id: string };
async function aJobFor() {
  aJob ??= (
    await api.call('POST', '/jobs', {
      token: a.adminToken,
      body: { kind: 'asset-import', file: { fileName: 'a.csv', contentType: 'text/csv', size: 100 } },
    })
  ).body;
  return aJob;
}
async function aJobUnchanged() {
  const read = await api.call('GET', `/jobs/${(await aJobFor()).id}`, { token: a.adminToken });
  expect(read.body).toMatchObject({ state: 'waiting-for-upload', version: 1 });
}

let aChange: { id: string };
/** A's change request (a draft on A's asset). */
async function aChangeFor() {
  aChange ??= (
    await api.call('POST', '/change-requests', {
      token: a.adminToken,
      body: {
        title: 'A change',
        reason: 'A',
        class: 'normal',
        assets: [aAsset.id],
        requestedWindow: { start: '2031-01-01T01:00:00.000Z', end: '2031-01-01T03:00:00.000Z' },
      },
    })
  ).body;
  return aChange;
}
async function aChangeUnchanged() {
  const read = await api.call('GET', `/change-requests/${(await aChangeFor()).id}`, { token: a.adminToken });
  expect(read.body).toMatchObject({ version: 1, assetCount: 1, planVersion: 0, state: 'draft' });
}

let aTemplate: { id: string; flowId: string };
/** A's change template, waiting for its check (the flow's first approval open, so that A's records stay put). */
async function aTemplateFor() {
  if (!aTemplate) {
    const template = (
      await api.call('POST', '/change-templates', {
        token: a.adminToken,
        body: { name: 'A template', description: 'A', steps: ['A'], rollback: ['A'] },
      })
    ).body as { id: string; flowId: string };
    await eventually(async () => (await api.call('GET', `/flows/${template.flowId}`, { token: a.adminToken })).body.waitingFor, 'A’s template check');
    aTemplate = template;
  }
  return aTemplate;
}

let aFreeze: { id: string };
async function aFreezeFor() {
  aFreeze ??= (
    await api.call('POST', '/change-freezes', {
      token: a.adminToken,
      body: { name: 'A freeze', start: '2031-02-01T00:00:00.000Z', end: '2031-02-02T00:00:00.000Z', reason: 'A' },
    })
  ).body;
  return aFreeze;
}

/** A's advisory source, one signed delivery of an OSV record and the advisory and vulnerability it became. */
let aAdvisory: { sourceId: string; deliveryId: string; advisoryId: string; vulnerabilityId: string; earlyWarningId: string } | undefined;
async function aAdvisoryFor() {
  if (aAdvisory) return aAdvisory;
  const source = (await api.call('POST', '/advisory-sources', { token: a.adminToken, body: { name: 'A PSIRT', kind: 'vendor' } })).body;
  const body = Buffer.from(JSON.stringify({ id: 'GHSA-9wv6-86v2-598j', modified: '2024-09-11T17:17:48Z', aliases: ['CVE-2024-45296'], summary: 'A advisory' }));
  const sent = await postSigned(api, source, body, { webhookId: 'msg_a' });
  const delivery = await eventually(async () => {
    const read = await api.call('GET', `/advisory-deliveries/${sent.body.id}`, { token: a.adminToken });
    return read.body.state === 'accepted' ? read.body : undefined;
  }, 'A’s delivery accepted');
  const advisory = (await api.call('GET', `/advisories/${delivery.outcomes[0].advisoryId}`, { token: a.adminToken })).body;
  // Analysed at once: it names no product, so its early warning is "no impact".
  const earlyWarning = await eventually(async () => {
    const list = await api.call('GET', '/early-warnings?state=no-impact', { token: a.adminToken });
    return list.body.items.find((item: { advisoryId: string }) => item.advisoryId === advisory.id);
  }, 'A’s advisory analysed');
  aAdvisory = {
    sourceId: source.id,
    deliveryId: sent.body.id,
    advisoryId: advisory.id,
    vulnerabilityId: advisory.vulnerabilityIds[0],
    earlyWarningId: earlyWarning.id,
  };
  return aAdvisory;
}

/** A's review of its early warning's recommendations (entered by A's administrator), waiting for a decision. */
let aReview: { id: string } | undefined;
async function aReviewFor() {
  if (aReview) return aReview;
  const { earlyWarningId } = await aAdvisoryFor();
  const warning = await api.call('GET', `/early-warnings/${earlyWarningId}`, { token: a.adminToken });
  const set = await api.call('PUT', `/early-warnings/${earlyWarningId}/recommendations`, {
    token: a.adminToken,
    body: { recommendations: [{ kind: 'no-action', summary: 'A watches the advisory' }], reason: 'A' },
    headers: { 'if-match': `"${warning.body.version}"` },
  });
  expect(set.status).toBe(200);
  const review = await api.call('POST', `/early-warnings/${earlyWarningId}/recommendation-reviews`, { token: a.adminToken, body: { reason: 'A' } });
  expect(review.status).toBe(201);
  // Settled before the sweep counts A's trail: the flow has opened its decision.
  await eventually(async () => {
    const flow = await api.call('GET', `/flows/${review.body.flowId}`, { token: a.adminToken });
    return flow.body.waitingFor;
  }, 'A’s review waiting for its decision');
  aReview = review.body as { id: string };
  return aReview;
}

/** A's weakness report, made by A's administrator, waiting for triage. */
let aReport: { id: string } | undefined;
async function aReportFor() {
  aReport ??= (
    await api.call('POST', '/weakness-reports', {
      token: a.adminToken,
      body: { title: 'A weakness', description: 'A', assetIds: [aAsset.id] },
    })
  ).body as { id: string };
  return aReport;
}
async function aReportUnchanged() {
  const read = await api.call('GET', `/weakness-reports/${(await aReportFor()).id}`, { token: a.adminToken });
  expect(read.body).toMatchObject({ state: 'reported', version: 1 });
}

/** A's patch records: a requirement from a bulletin on A's asset, its lab test passed, its wave waiting for approval; and one still open. */
let aPatches: { patchRequirementId: string; openRequirementId: string; patchTestId: string; patchWaveId: string } | undefined;
async function aPatchesFor() {
  if (aPatches) return aPatches;
  const enter = async (fixedVersion: string) => {
    const reply = await api.call('POST', '/patch-requirements', {
      token: a.adminToken,
      body: {
        assetIds: [aAsset.id],
        product: 'A OS',
        fixedVersion,
        summary: `Install A OS ${fixedVersion}`,
        bulletin: { title: 'A bulletin' },
        priority: 'high',
      },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body.items[0].id as string;
  };
  const [patchRequirementId, openRequirementId] = [await enter('2.0'), await enter('3.0')];
  const test = await api.call('POST', '/patch-tests', {
    token: a.adminToken,
    body: { requirementIds: [patchRequirementId], assignee: a.adminId, reason: 'A' },
  });
  expect(test.status, JSON.stringify(test.body)).toBe(201);
  const task = await owedTask(api, a.adminToken, test.body.id, 'lab-test');
  const done = await api.call('POST', `/tasks/${task.id}/completion`, {
    token: a.adminToken,
    body: { result: { outcome: 'passed', environment: 'A lab', notes: 'A' } },
  });
  expect(done.status, JSON.stringify(done.body)).toBeLessThan(300);
  await eventually(
    async () => (await api.call('GET', `/patch-requirements/${patchRequirementId}`, { token: a.adminToken })).body.state === 'tested',
    'A’s requirement tested',
  );
  const window = { start: new Date(Date.now() + 48 * 3_600_000).toISOString(), end: new Date(Date.now() + 50 * 3_600_000).toISOString() };
  const wave = await api.call('POST', '/patch-waves', { token: a.adminToken, body: { requirementIds: [patchRequirementId], window, reason: 'A' } });
  expect(wave.status, JSON.stringify(wave.body)).toBe(201);
  // Settled before the sweep counts A's trail: scheduled, and the approval open.
  await eventually(
    async () => (await api.call('GET', `/patch-requirements/${patchRequirementId}`, { token: a.adminToken })).body.state === 'scheduled',
    'A’s wave scheduled',
  );
  await eventually(async () => (await api.call('GET', `/flows/${wave.body.flowId}`, { token: a.adminToken })).body.waitingFor, 'A’s wave waiting for approval');
  aPatches = { patchRequirementId, openRequirementId, patchTestId: test.body.id, patchWaveId: wave.body.id };
  return aPatches;
}

const cases: Record<string, () => Promise<void>> = {
  async createManualAdvisory() {
    const { sourceId, vulnerabilityId } = await aAdvisoryFor();
    // A's source is no source of B's: nothing is entered under it.
    const refused = await api.call('POST', '/advisories', {
      token: b.adminToken,
      body: { title: 'B entry', publisher: { name: 'B' }, cveIds: ['CVE-2024-45296'], sourceId },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.sourceId']);
    // B's own entry (of another CVE: a vulnerability's id derives from its CVE id in every tenant, and
    // getVulnerability's case below asks B for A's) leaves A's register as it was.
    const entered = await api.call('POST', '/advisories', {
      token: b.adminToken,
      body: { title: 'B entry', publisher: { name: 'B' }, cveIds: ['CVE-2024-45297'] },
    });
    expect(entered.status).toBe(201);
    const aVulnerability = await api.call('GET', `/vulnerabilities/${vulnerabilityId}`, { token: a.adminToken });
    expect(aVulnerability.body).toMatchObject({ advisories: 1, sources: [sourceId] });
    expect((await api.call('GET', '/advisories?sourceId=manual', { token: a.adminToken })).body.items).toEqual([]);
  },
  async createWeaknessReport() {
    await aReportFor();
    const reply = await api.call('POST', '/weakness-reports', { token: b.adminToken, body: { title: 'B', description: 'B', assetIds: [aAsset.id] } });
    expect(reply.status).toBe(422); // A's asset is no asset of B
    expect(reply.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.assetIds.0']);
    const aList = await api.call('GET', '/weakness-reports', { token: a.adminToken });
    expect(aList.body.items.map((item: { id: string }) => item.id)).toEqual([(await aReportFor()).id]);
    await aAssetUnchanged();
  },
  async listWeaknessReports() {
    const report = await aReportFor();
    for (const query of ['', '?state=reported']) {
      const list = await api.call('GET', `/weakness-reports${query}`, { token: b.adminToken });
      expect(list.status).toBe(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(report.id);
    }
  },
  async getWeaknessReport() {
    expect((await api.call('GET', `/weakness-reports/${(await aReportFor()).id}`, { token: b.adminToken })).status).toBe(404);
  },
  async triageWeaknessReport() {
    const reply = await api.call('POST', `/weakness-reports/${(await aReportFor()).id}/triage`, {
      token: b.adminToken,
      body: { outcome: 'dismissed', reason: 'B' },
      headers: { 'if-match': '"1"' },
    });
    expect(reply.status).toBe(404);
    await aReportUnchanged();
  },
  async createAdvisorySource() {
    await aAdvisoryFor();
    const created = await api.call('POST', '/advisory-sources', { token: b.adminToken, body: { name: 'B PSIRT', kind: 'vendor' } });
    expect(created.status).toBe(201);
    const aList = await api.call('GET', '/advisory-sources', { token: a.adminToken });
    expect(aList.body.items.map((item: { name: string }) => item.name)).toEqual(['A PSIRT']);
  },
  async listAdvisorySources() {
    const { sourceId } = await aAdvisoryFor();
    const list = await api.call('GET', '/advisory-sources', { token: b.adminToken });
    expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(sourceId);
  },
  async getAdvisorySource() {
    expect((await api.call('GET', `/advisory-sources/${(await aAdvisoryFor()).sourceId}`, { token: b.adminToken })).status).toBe(404);
  },
  async updateAdvisorySource() {
    const { sourceId } = await aAdvisoryFor();
    const reply = await api.call('PATCH', `/advisory-sources/${sourceId}`, {
      token: b.adminToken,
      body: { status: 'disabled' },
      headers: { 'if-match': '"1"', 'content-type': 'application/merge-patch+json' },
    });
    expect(reply.status).toBe(404);
    expect((await api.call('GET', `/advisory-sources/${sourceId}`, { token: a.adminToken })).body.status).toBe('active');
  },
  async rotateAdvisorySourceSecret() {
    const { sourceId } = await aAdvisoryFor();
    expect((await api.call('POST', `/advisory-sources/${sourceId}/secret-rotation`, { token: b.adminToken, headers: { 'if-match': '"1"' } })).status).toBe(404);
    expect((await api.call('GET', `/advisory-sources/${sourceId}`, { token: a.adminToken })).body.secretGeneration).toBe(1);
  },
  async listAdvisoryDeliveries() {
    const { deliveryId, sourceId } = await aAdvisoryFor();
    for (const query of ['', `?sourceId=${sourceId}`, '?state=accepted']) {
      const list = await api.call('GET', `/advisory-deliveries${query}`, { token: b.adminToken });
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(deliveryId);
    }
  },
  async getAdvisoryDelivery() {
    expect((await api.call('GET', `/advisory-deliveries/${(await aAdvisoryFor()).deliveryId}`, { token: b.adminToken })).status).toBe(404);
  },
  async listAdvisories() {
    const { advisoryId, sourceId } = await aAdvisoryFor();
    for (const query of ['', `?sourceId=${sourceId}`, '?cve=CVE-2024-45296', '?kev=false']) {
      const list = await api.call('GET', `/advisories${query}`, { token: b.adminToken });
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(advisoryId);
    }
  },
  async getAdvisory() {
    expect((await api.call('GET', `/advisories/${(await aAdvisoryFor()).advisoryId}`, { token: b.adminToken })).status).toBe(404);
  },
  async getVulnerability() {
    expect((await api.call('GET', `/vulnerabilities/${(await aAdvisoryFor()).vulnerabilityId}`, { token: b.adminToken })).status).toBe(404);
  },
  async listEarlyWarnings() {
    const { earlyWarningId } = await aAdvisoryFor();
    for (const query of ['', '?state=no-impact', '?state=open&priority=critical']) {
      const list = await api.call('GET', `/early-warnings${query}`, { token: b.adminToken });
      expect(list.status).toBe(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(earlyWarningId);
    }
  },
  async getEarlyWarning() {
    expect((await api.call('GET', `/early-warnings/${(await aAdvisoryFor()).earlyWarningId}`, { token: b.adminToken })).status).toBe(404);
  },
  async listEarlyWarningFindings() {
    expect((await api.call('GET', `/early-warnings/${(await aAdvisoryFor()).earlyWarningId}/findings`, { token: b.adminToken })).status).toBe(404);
  },
  async getEarlyWarningReport() {
    const { earlyWarningId } = await aAdvisoryFor();
    for (const accept of ['application/json', 'text/html']) {
      expect((await api.call('GET', `/early-warnings/${earlyWarningId}/report`, { token: b.adminToken, headers: { accept } })).status).toBe(404);
    }
  },
  async triageEarlyWarningFinding() {
    const { earlyWarningId } = await aAdvisoryFor();
    const reply = await api.call('POST', `/early-warnings/${earlyWarningId}/findings/${aAsset.id}/CVE-2024-45296/triage`, {
      token: b.adminToken,
      body: { state: 'exploitable', reason: 'B' },
      headers: { 'if-match': '"1"' },
    });
    expect(reply.status).toBe(404);
    expect((await api.call('GET', `/early-warnings/${earlyWarningId}`, { token: a.adminToken })).body.counts.triaged).toBe(0);
  },
  async setEarlyWarningRecommendations() {
    const { earlyWarningId } = await aAdvisoryFor();
    const reply = await api.call('PUT', `/early-warnings/${earlyWarningId}/recommendations`, {
      token: b.adminToken,
      body: { recommendations: [{ kind: 'no-action', summary: 'B' }], reason: 'B' },
      headers: { 'if-match': '"1"' },
    });
    expect(reply.status).toBe(404);
    const aWarning = await api.call('GET', `/early-warnings/${earlyWarningId}`, { token: a.adminToken });
    expect(JSON.stringify(aWarning.body.recommendations)).not.toContain('"B"');
  },
  async requestRecommendationReview() {
    const { earlyWarningId } = await aAdvisoryFor();
    const reply = await api.call('POST', `/early-warnings/${earlyWarningId}/recommendation-reviews`, { token: b.adminToken, body: { reason: 'B' } });
    expect(reply.status).toBe(404);
  },
  async getRecommendationReview() {
    expect((await api.call('GET', `/recommendation-reviews/${(await aReviewFor()).id}`, { token: b.adminToken })).status).toBe(404);
  },
  async listPatchRequirements() {
    const { patchRequirementId } = await aPatchesFor();
    for (const query of ['', `?asset=${aAsset.id}`, '?state=scheduled', '?priority=high', '?dueFrom=2000-01-01T00:00:00Z']) {
      const reply = await api.call('GET', `/patch-requirements${query}`, { token: b.adminToken });
      expect(reply.status).toBe(200);
      expect(JSON.stringify(reply.body)).not.toContain(patchRequirementId);
    }
  },
  async createPatchRequirements() {
    const reply = await api.call('POST', '/patch-requirements', {
      token: b.adminToken,
      body: { assetIds: [aAsset.id], product: 'B', summary: 'B', bulletin: { title: 'B' }, priority: 'low' },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0].path).toBe('body.assetIds.0');
    expect((await api.call('GET', `/patch-requirements?asset=${aAsset.id}`, { token: a.adminToken })).body.items).toHaveLength(2);
  },
  async getPatchRequirement() {
    expect((await api.call('GET', `/patch-requirements/${(await aPatchesFor()).patchRequirementId}`, { token: b.adminToken })).status).toBe(404);
  },
  async closePatchRequirement() {
    const { openRequirementId } = await aPatchesFor();
    const reply = await api.call('POST', `/patch-requirements/${openRequirementId}/closure`, {
      token: b.adminToken,
      body: { resolution: 'not-applicable', reason: 'B' },
      headers: { 'if-match': '"1"' },
    });
    expect(reply.status).toBe(404);
    expect((await api.call('GET', `/patch-requirements/${openRequirementId}`, { token: a.adminToken })).body.state).toBe('open');
  },
  async requestPatchTest() {
    const reply = await api.call('POST', '/patch-tests', {
      token: b.adminToken,
      body: { requirementIds: [(await aPatchesFor()).openRequirementId], reason: 'B' },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0].path).toBe('body.requirementIds.0');
  },
  async getPatchTest() {
    expect((await api.call('GET', `/patch-tests/${(await aPatchesFor()).patchTestId}`, { token: b.adminToken })).status).toBe(404);
  },
  async withdrawPatchTest() {
    const { patchTestId } = await aPatchesFor();
    const reply = await api.call('POST', `/patch-tests/${patchTestId}/withdrawal`, { token: b.adminToken, body: { reason: 'B' } });
    expect(reply.status).toBe(404);
    expect((await api.call('GET', `/patch-tests/${patchTestId}`, { token: a.adminToken })).body.status).toBe('passed');
  },
  async withdrawPatchWave() {
    const { patchWaveId } = await aPatchesFor();
    const reply = await api.call('POST', `/patch-waves/${patchWaveId}/withdrawal`, { token: b.adminToken, body: { reason: 'B' } });
    expect(reply.status).toBe(404);
    expect((await api.call('GET', `/patch-waves/${patchWaveId}`, { token: a.adminToken })).body.status).toBe('pending-approval');
  },
  async createPatchWave() {
    const reply = await api.call('POST', '/patch-waves', {
      token: b.adminToken,
      body: { requirementIds: [(await aPatchesFor()).patchRequirementId], window: { start: '2030-01-01T00:00:00Z', end: '2030-01-01T02:00:00Z' }, reason: 'B' },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0].path).toBe('body.requirementIds.0');
  },
  async listPatchWaves() {
    const { patchWaveId } = await aPatchesFor();
    for (const query of ['', '?status=pending-approval']) {
      expect(JSON.stringify((await api.call('GET', `/patch-waves${query}`, { token: b.adminToken })).body)).not.toContain(patchWaveId);
    }
  },
  async getPatchWave() {
    expect((await api.call('GET', `/patch-waves/${(await aPatchesFor()).patchWaveId}`, { token: b.adminToken })).status).toBe(404);
  },
  async proposePatchWaves() {
    await aPatchesFor();
    expect((await api.call('GET', '/patch-wave-proposals', { token: b.adminToken })).body).toEqual({ items: [], more: false });
  },
  async getPatchSettings() {
    expect((await api.call('GET', '/patch-settings', { token: b.adminToken })).body.version).toBe(0);
  },
  async putPatchSettings() {
    const set = await api.call('PUT', '/patch-settings', {
      token: b.adminToken,
      body: { slaDays: { critical: 1, high: 2, medium: 3, low: 4 } },
      headers: { 'if-match': '"0"' },
    });
    expect(set.status).toBe(200);
    expect((await api.call('GET', '/patch-settings', { token: a.adminToken })).body).toMatchObject({ version: 0, slaDays: { critical: 7 } });
  },
  async getEarlyWarningVex() {
    expect((await api.call('GET', `/early-warnings/${(await aAdvisoryFor()).earlyWarningId}/vex`, { token: b.adminToken })).status).toBe(404);
  },
  async getEarlyWarningSettings() {
    const read = await api.call('GET', '/early-warning-settings', { token: b.adminToken });
    expect(read.body.version).toBe(0);
  },
  async putEarlyWarningSettings() {
    const set = await api.call('PUT', '/early-warning-settings', {
      token: b.adminToken,
      body: { tlpRoles: { AMBER: ['admin'], RED: ['admin'] } },
      headers: { 'if-match': '"0"' },
    });
    expect(set.status).toBe(200);
    expect((await api.call('GET', '/early-warning-settings', { token: a.adminToken })).body.version).toBe(0);
  },
  async createJob() {
    const job = await aJobFor();
    const reply = await api.call('POST', '/jobs', { token: b.adminToken, body: { kind: 'asset-export' } });
    expect(reply.status).toBe(202);
    const aList = (await api.call('GET', '/jobs', { token: a.adminToken })).body.items.map((item: { id: string }) => item.id);
    expect(aList).toContain(job.id);
    expect(aList).not.toContain(reply.body.id);
  },
  async completeJobUpload() {
    expect((await api.call('POST', `/jobs/${(await aJobFor()).id}/upload-completion`, { token: b.adminToken })).status).toBe(404);
    await aJobUnchanged();
  },
  async getJob() {
    expect((await api.call('GET', `/jobs/${(await aJobFor()).id}`, { token: b.adminToken })).status).toBe(404);
  },
  async listJobs() {
    const job = await aJobFor();
    const list = await api.call('GET', '/jobs?state=waiting-for-upload', { token: b.adminToken });
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(job.id);
  },
  async cancelJob() {
    expect((await api.call('POST', `/jobs/${(await aJobFor()).id}/cancellation`, { token: b.adminToken })).status).toBe(404);
    await aJobUnchanged();
  },
  async resumeJob() {
    expect((await api.call('POST', `/jobs/${(await aJobFor()).id}/resumption`, { token: b.adminToken })).status).toBe(404);
    await aJobUnchanged();
  },
  async createEvidence() {
    const evidence = await aEvidenceFor();
    const reply = await api.call('POST', '/evidence', {
      token: b.adminToken,
      body: { fileName: 'b.txt', contentType: 'text/plain', size: 5, subject: { type: 'asset', id: aAsset.id } },
    });
    expect(reply.status).toBe(422); // A's asset is no record of B
    expect((await api.call('GET', `/evidence/${evidence.id}`, { token: a.adminToken })).body.status).toBe('awaiting-upload');
  },
  async completeEvidence() {
    const evidence = await aEvidenceFor();
    expect((await api.call('POST', `/evidence/${evidence.id}/completion`, { token: b.adminToken })).status).toBe(404);
  },
  async getEvidence() {
    const evidence = await aEvidenceFor();
    expect((await api.call('GET', `/evidence/${evidence.id}`, { token: b.adminToken })).status).toBe(404);
  },
  async getAssetPolicy() {
    expect((await api.call('GET', '/asset-policy', { token: b.adminToken })).body.version).toBe(0);
  },
  async createAssetPolicyChange() {
    const reply = await api.call('POST', '/asset-policy-changes', {
      token: b.adminToken,
      body: { policy: { ...DEFAULT_ASSET_POLICY, businessProcesses: ['B only'] }, reason: 'B' },
    });
    expect(reply.status).toBe(201);
    const aChanges = await api.call('GET', '/asset-policy-changes', { token: a.adminToken });
    expect(aChanges.body.items.map((item: { id: string }) => item.id)).not.toContain(reply.body.id);
    expect((await api.call('GET', '/asset-policy', { token: a.adminToken })).body).toMatchObject({ version: 0, businessProcesses: [] });
  },
  async withdrawAssetPolicyChange() {
    const reply = await api.call('POST', `/asset-policy-changes/${aFlow.pendingChange}/withdrawal`, { token: b.adminToken, body: { reason: 'B' } });
    expect(reply.status).toBe(404);
    expect((await api.call('GET', `/asset-policy-changes/${aFlow.pendingChange}`, { token: a.adminToken })).body.status).toBe('pending-approval');
  },
  async getAssetPolicyChange() {
    expect((await api.call('GET', `/asset-policy-changes/${aFlow.pendingChange}`, { token: b.adminToken })).status).toBe(404);
  },
  async listAssetPolicyChanges() {
    const list = await api.call('GET', '/asset-policy-changes', { token: b.adminToken });
    expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(aFlow.pendingChange);
  },
  async getApproval() {
    expect((await api.call('GET', `/approvals/${aFlow.approvalId}`, { token: b.adminToken })).status).toBe(404);
  },
  async decideApproval() {
    expect((await api.call('POST', `/approvals/${aFlow.approvalId}/decision`, { token: b.adminToken, body: { outcome: 'approve' } })).status).toBe(404);
    expect((await api.call('GET', `/approvals/${aFlow.approvalId}`, { token: a.adminToken })).body).toMatchObject({ status: 'pending', version: 1 });
  },
  async getFlow() {
    const change = await api.call('GET', `/asset-policy-changes/${aFlow.pendingChange}`, { token: a.adminToken });
    expect((await api.call('GET', `/flows/${change.body.flowId}`, { token: b.adminToken })).status).toBe(404);
    expect((await api.call('GET', `/flows/${change.body.flowId}`, { token: a.adminToken })).status).toBe(200);
  },
  async getTask() {
    expect((await api.call('GET', `/tasks/${aFlow.taskId}`, { token: b.adminToken })).status).toBe(404);
  },
  async completeTask() {
    const reply = await api.call('POST', `/tasks/${aFlow.taskId}/completion`, {
      token: b.adminToken,
      body: { result: { policy: DEFAULT_ASSET_POLICY, note: 'stolen' } },
    });
    expect(reply.status).toBe(404);
    expect((await api.call('GET', `/tasks/${aFlow.taskId}`, { token: a.adminToken })).body).toMatchObject({ status: 'pending', version: 1 });
  },
  async listMyTasks() {
    const mine = await api.call('GET', '/me/tasks', { token: b.adminToken });
    expect(mine.status).toBe(200);
    const ids = mine.body.items.map((item: { id: string }) => item.id);
    expect(ids).not.toContain(aFlow.approvalId);
    expect(ids).not.toContain(aFlow.taskId);
  },
  async getNotificationPreferences() {
    expect((await api.call('GET', '/me/notification-preferences', { token: b.adminToken })).body).toEqual({ notifications: {} });
  },
  async putNotificationPreferences() {
    const set = await api.call('PUT', '/me/notification-preferences', { token: b.adminToken, body: { notifications: { 'flow-completed': 'daily-digest' } } });
    expect(set.status).toBe(200);
    expect((await api.call('GET', '/me/notification-preferences', { token: a.adminToken })).body).toEqual({ notifications: {} });
  },
  async createAsset() {
    const reply = await api.call('POST', '/assets', {
      token: b.adminToken,
      body: { name: 'B core', type: 'physical', owner: a.adminId, classification: 'internal', confidentiality: 2, integrity: 2, availability: 2 },
    });
    expect(reply.status).toBe(422); // A's user is no user of B
    await aAssetUnchanged();
  },
  async listAssets() {
    const list = await api.call('GET', `/assets?owner=${a.adminId}`, { token: b.adminToken });
    expect(list.body.items).toEqual([]);
    expect((await api.call('GET', '/assets', { token: b.adminToken })).body.items.map((item: { id: string }) => item.id)).not.toContain(aAsset.id);
  },
  async getAsset() {
    expect((await api.call('GET', `/assets/${aAsset.id}`, { token: b.adminToken })).status).toBe(404);
  },
  async updateAsset() {
    const reply = await api.call('PATCH', `/assets/${aAsset.id}`, {
      token: b.adminToken,
      body: { name: 'stolen', reason: 'x' },
      headers: { 'if-match': '"1"' },
    });
    expect(reply.status).toBe(404);
    await aAssetUnchanged();
  },
  async importAssets() {
    const reply = await api.call('POST', '/assets/import', {
      token: b.adminToken,
      rawBody: JSON.stringify([{ id: aAsset.id, name: 'stolen' }]),
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.failed[0].errors[0]).toEqual({ path: 'rows[1].id', message: 'no asset with this id' });
    await aAssetUnchanged();
  },
  async importVex() {
    const vex = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      vulnerabilities: [{ id: 'CVE-2024-45296', analysis: { state: 'not_affected', justification: 'code_not_reachable' }, affects: [{ ref: 'left-pad' }] }],
    });
    const reply = await api.call('POST', `/assets/${aAsset.id}/vex`, {
      token: b.adminToken,
      rawBody: vex,
      headers: { 'content-type': 'application/vnd.cyclonedx+json' },
    });
    expect(reply.status).toBe(404);
    await aAssetUnchanged();
  },
  async importSbom() {
    const bom = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.4',
      version: 1,
      components: [{ type: 'library', name: 'left-pad', version: '1.3.0' }],
    });
    const reply = await api.call('POST', `/assets/sbom-import?asset=${aAsset.id}`, {
      token: b.adminToken,
      rawBody: bom,
      headers: { 'content-type': 'application/vnd.cyclonedx+json' },
    });
    expect(reply.status).toBe(404);
    await aAssetUnchanged();
  },
  async listAssetComponents() {
    const reply = await api.call('GET', `/assets/${aAsset.id}/components`, { token: b.adminToken });
    expect(reply.status).toBe(404);
    expect(reply.body.detail).toBe(`asset ${aAsset.id} was not found`);
    // Filters change nothing: the asset is not B's to read.
    expect((await api.call('GET', `/assets/${aAsset.id}/components?purl=pkg:npm/lodash`, { token: b.adminToken })).status).toBe(404);
    expect((await api.call('GET', `/assets/${aAsset.id}/components`, { token: a.adminToken })).body).toEqual({ items: [] });
  },
  async getAssetHistory() {
    expect((await api.call('GET', `/assets/${aAsset.id}/history`, { token: b.adminToken })).status).toBe(404);
  },
  async createAssetReview() {
    expect((await api.call('POST', `/assets/${aAsset.id}/reviews`, { token: b.adminToken, body: { outcome: 'confirmed' } })).status).toBe(404);
    await aAssetUnchanged();
  },
  async retireAsset() {
    const reply = await api.call('POST', `/assets/${aAsset.id}/retirement`, { token: b.adminToken, body: { reason: 'x' }, headers: { 'if-match': '"1"' } });
    expect(reply.status).toBe(404);
    await aAssetUnchanged();
  },
  async disposeAsset() {
    const body = {
      method: 'reuse',
      disposedOn: '2026-12-01',
      performedBy: 'x',
      reason: 'x',
      sanitisation: { technique: 'wiped', evidenceId: (await aEvidenceFor()).id },
    };
    expect((await api.call('POST', `/assets/${aAsset.id}/disposal`, { token: b.adminToken, body, headers: { 'if-match': '"1"' } })).status).toBe(404);
    await aAssetUnchanged();
  },
  async removeAssetOffSite() {
    const body = { destination: 'x', purpose: 'x', takenBy: aUser.id, authorizedBy: a.adminId, expectedReturnOn: '2027-01-01' };
    expect((await api.call('POST', `/assets/${aAsset.id}/off-site-removal`, { token: b.adminToken, body, headers: { 'if-match': '"1"' } })).status).toBe(404);
    // B's own asset cannot name A's people either: they are no users of B.
    const own = await api.call('POST', '/assets', {
      token: b.adminToken,
      body: { name: 'B kit', type: 'physical', owner: b.adminId, classification: 'internal', confidentiality: 1, integrity: 1, availability: 1 },
    });
    const named = await api.call('POST', `/assets/${own.body.id}/off-site-removal`, {
      token: b.adminToken,
      body: { ...body, takenBy: b.adminId },
      headers: { 'if-match': '"1"' },
    });
    expect(named.status).toBe(422);
    expect(named.body.errors).toEqual([expect.objectContaining({ path: 'body.authorizedBy' })]);
    await aAssetUnchanged();
  },
  async returnAssetOnSite() {
    expect((await api.call('POST', `/assets/${aAsset.id}/off-site-return`, { token: b.adminToken, body: {}, headers: { 'if-match': '"1"' } })).status).toBe(
      404,
    );
    await aAssetUnchanged();
  },
  async getAssetDependencies() {
    expect((await api.call('GET', `/assets/${aAsset.id}/dependencies`, { token: b.adminToken })).status).toBe(404);
  },
  async setAssetDependencies() {
    const put = (id: string, dependsOn: string[]) =>
      api.call('PUT', `/assets/${id}/dependencies`, { token: b.adminToken, body: { dependsOn, reason: 'x' }, headers: { 'if-match': '"1"' } });
    expect((await put(aAsset.id, [])).status).toBe(404);
    // B's own asset cannot depend on A's: no asset of B has that id.
    const own = await api.call('POST', '/assets', {
      token: b.adminToken,
      body: { name: 'B node', type: 'physical', owner: b.adminId, classification: 'internal', confidentiality: 1, integrity: 1, availability: 1 },
    });
    const refused = await put(own.body.id, [aAsset.id]);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: 'body.dependsOn.0', message: 'no asset of this tenant has this id' }]);
    expect((await api.call('GET', `/assets/${aAsset.id}/dependencies`, { token: a.adminToken })).body.dependents).toEqual([]);
    await aAssetUnchanged();
  },
  async mergeAsset() {
    const own = await api.call('POST', '/assets', {
      token: b.adminToken,
      body: { name: 'B dup', type: 'physical', owner: b.adminId, classification: 'internal', confidentiality: 1, integrity: 1, availability: 1 },
    });
    // A's asset is neither merged by B nor taken in by B's.
    expect((await api.call('POST', `/assets/${aAsset.id}/merge`, { token: b.adminToken, body: { into: own.body.id, reason: 'x' } })).status).toBe(404);
    const into = await api.call('POST', `/assets/${own.body.id}/merge`, { token: b.adminToken, body: { into: aAsset.id, reason: 'x' } });
    expect(into.status).toBe(422);
    expect(into.body.errors).toEqual([expect.objectContaining({ path: 'body.into' })]);
    await aAssetUnchanged();
  },
  async bulkChangeAssets() {
    const started = await api.call('POST', '/assets/bulk-changes', {
      token: b.adminToken,
      body: { ids: [aAsset.id], patch: { name: 'B was here' }, reason: 'x' },
    });
    expect(started.status).toBe(202);
    const job = await eventually(async () => {
      const read = await api.call('GET', `/jobs/${started.body.id}`, { token: b.adminToken });
      return ['succeeded', 'failed'].includes(read.body.state) ? read.body : undefined;
    }, 'B’s bulk change to end');
    // To B, A's asset does not exist: refused, never changed.
    expect(job.counts).toMatchObject({ refused: 1, changed: 0 });
    expect((await api.call('GET', `/jobs/${started.body.id}`, { token: a.adminToken })).status).toBe(404);
    await aAssetUnchanged();
  },
  async getAssetSummary() {
    const registerSize = async (token: string) => {
      let size = 0;
      let cursor: string | undefined;
      do {
        const page = await api.call('GET', `/assets?status=all&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
        size += page.body.items.length;
        cursor = page.body.nextCursor;
      } while (cursor);
      return size;
    };
    // Each tenant's summary counts its own register, never the other's.
    for (const tenant of [a, b]) {
      const size = await registerSize(tenant.adminToken);
      await eventually(
        async () => (await api.call('GET', '/assets/summary', { token: tenant.adminToken })).body.total === size || undefined,
        `${tenant.tenantId}'s summary`,
      );
    }
  },
  async getAssetAcceptableUse() {
    expect((await api.call('GET', `/assets/${aAsset.id}/acceptable-use`, { token: b.adminToken })).status).toBe(404);
  },
  async listUsers() {
    const list = await api.call('GET', '/users?limit=100', { token: b.adminToken });
    expect(list.status).toBe(200);
    expect(list.body.items.map((user: { id: string }) => user.id)).not.toContain(aUser.id);
    expect(list.body.items.map((user: { email: string }) => user.email)).toEqual([`admin@${b.tenantId}.example`]);
  },
  async getUser() {
    const read = await api.call('GET', `/users/${aUser.id}`, { token: b.adminToken });
    expect(read.status).toBe(404);
    expect(read.body.detail).toBe(`user ${aUser.id} was not found`);
    // Exactly like a record that exists nowhere.
    const missing = await api.call('GET', '/users/01JDQ8R6Z8W4X3N2K1M0P9Q7RS', { token: b.adminToken });
    expect(missing.status).toBe(404);
  },
  async createUser() {
    const aBefore = await api.call('GET', '/users?limit=100', { token: a.adminToken });
    const created = await api.call('POST', '/users', { token: b.adminToken, body: { email: aUser.email, displayName: 'Test Person', roles: ['admin'] } });
    expect(created.status).toBe(201);
    const aList = await api.call('GET', '/users?limit=100', { token: a.adminToken });
    expect(aList.body.items).toHaveLength(aBefore.body.items.length);
    await aUserUnchanged();
  },
  async updateUser() {
    const update = await api.call('PATCH', `/users/${aUser.id}`, {
      token: b.adminToken,
      body: { roles: ['admin'] },
      headers: { 'if-match': '"1"' },
    });
    expect(update.status).toBe(404);
    await aUserUnchanged();
  },
  async listControls() {
    const all = await api.call('GET', '/controls?limit=100', { token: b.adminToken });
    expect(all.status).toBe(200);
    expect(JSON.stringify(all.body)).not.toContain(aAsset.id);
  },
  async getControl() {
    const control = await api.call('GET', '/controls/7.1.1', { token: b.adminToken });
    expect(control.body.implementedBy.records).toEqual([expect.objectContaining({ type: 'asset' })]);
    expect(JSON.stringify(control.body)).not.toContain(aAsset.id);
  },
  async listControlRecords() {
    const bRecords = await api.call('GET', '/controls/7.1.1/records?limit=100', { token: b.adminToken });
    expect(bRecords.status).toBe(200);
    expect(bRecords.body.items.map((item: { id: string }) => item.id)).not.toContain(aAsset.id);
    const aRecords = await api.call('GET', '/controls/7.1.1/records?limit=100', { token: a.adminToken });
    expect(aRecords.body.items.map((item: { id: string }) => item.id)).toContain(aAsset.id);
    // A's cursor is no cursor of B's list.
    const aPage = await api.call('GET', '/controls/11.2.1/records?limit=1', { token: a.adminToken });
    expect(aPage.body.nextCursor).toBeDefined();
    const replayed = await api.call('GET', `/controls/11.2.1/records?limit=1&cursor=${aPage.body.nextCursor}`, { token: b.adminToken });
    expect(replayed.status).toBe(400);
  },
  async listTelecomAdditions() {
    expect((await api.call('GET', '/telecom-control-additions', { token: b.adminToken })).status).toBe(200);
  },
  async listAuditEntries() {
    const entries = await api.call('GET', `/audit?entity=user:${aUser.id}`, { token: b.adminToken });
    expect(entries.status).toBe(200);
    expect(entries.body.items).toEqual([]);
    const own = await api.call('GET', `/audit?entity=user:${aUser.id}`, { token: a.adminToken });
    expect(own.body.items).toHaveLength(1);
  },
  async verifyAudit() {
    const aReport = await api.call('GET', '/audit/verify', { token: a.adminToken });
    const bReport = await api.call('GET', '/audit/verify', { token: b.adminToken });
    expect(aReport.body.valid && bReport.body.valid).toBe(true);
    // Each tenant's report counts only its own entities: every record of A this file made, directly or
    // through its flows, and nothing B made (B's admin, the user B created with A's user's e-mail, B's
    // change, flow and approval).
    const aEntities = await aEntitiesMade();
    for (const entity of aEntities) {
      const entries = await api.call('GET', `/audit?entity=${entity}`, { token: a.adminToken });
      expect(entries.body.items.length, `${entity} is audited in A`).toBeGreaterThan(0);
    }
    expect(aReport.body.entitiesChecked).toBe(aEntities.length);
  },
  async createChangeRequest() {
    const change = await aChangeFor();
    const reply = await api.call('POST', '/change-requests', {
      token: b.adminToken,
      body: { title: 'B', reason: 'B', class: 'normal', assets: [aAsset.id], requestedWindow: { start: '2031-01-01T01:00:00Z', end: '2031-01-01T02:00:00Z' } },
    });
    expect(reply.status).toBe(422); // A's asset is no asset of B
    expect(reply.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.assets.0']);
    const aList = await api.call('GET', `/change-requests?asset=${aAsset.id}`, { token: a.adminToken });
    expect(aList.body.items.map((item: { id: string }) => item.id)).toEqual([change.id]);
    await aAssetUnchanged();
  },
  async listChangeRequests() {
    const change = await aChangeFor();
    for (const query of ['', `?asset=${aAsset.id}`, '?origin=person', '?state=draft']) {
      const list = await api.call('GET', `/change-requests${query}`, { token: b.adminToken });
      expect(list.status).toBe(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(change.id);
    }
  },
  async getChangeRequest() {
    expect((await api.call('GET', `/change-requests/${(await aChangeFor()).id}`, { token: b.adminToken })).status).toBe(404);
  },
  async listChangeAffectedAssets() {
    expect((await api.call('GET', `/change-requests/${(await aChangeFor()).id}/affected-assets`, { token: b.adminToken })).status).toBe(404);
  },
  async addChangeAffectedAssets() {
    const bAsset = (
      await api.call('POST', '/assets', {
        token: b.adminToken,
        body: { name: 'B core', type: 'physical', owner: b.adminId, classification: 'internal', confidentiality: 2, integrity: 2, availability: 2 },
      })
    ).body;
    const reply = await api.call('POST', `/change-requests/${(await aChangeFor()).id}/affected-assets`, {
      token: b.adminToken,
      body: { assets: [bAsset.id] },
      headers: { 'if-match': '"1"' },
    });
    expect(reply.status).toBe(404);
    await aChangeUnchanged();
  },
  async putChangePlan() {
    const reply = await api.call('PUT', `/change-requests/${(await aChangeFor()).id}/plan`, {
      token: b.adminToken,
      body: {
        steps: ['B'],
        effectivenessCheck: 'B',
        continuity: 'B',
        window: { start: '2031-01-01T01:00:00Z', end: '2031-01-01T02:00:00Z' },
        serviceImpact: 'none',
        labTest: { role: 'manager' },
        implementer: b.adminId,
      },
      headers: { 'if-match': '"1"' },
    });
    expect(reply.status).toBe(404);
    await aChangeUnchanged();
  },
  async createChangeFreeze() {
    await aFreezeFor();
    const reply = await api.call('POST', '/change-freezes', {
      token: b.adminToken,
      body: { name: 'B freeze', start: '2031-01-01T00:00:00Z', end: '2031-01-02T00:00:00Z', reason: 'B' },
    });
    expect(reply.status).toBe(201);
    const aList = await api.call('GET', '/change-freezes', { token: a.adminToken });
    expect(aList.body.items.map((item: { name: string }) => item.name)).toEqual(['A freeze']);
  },
  async listChangeFreezes() {
    const freeze = await aFreezeFor();
    const list = await api.call('GET', '/change-freezes', { token: b.adminToken });
    expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(freeze.id);
  },
  async getChangeFreeze() {
    expect((await api.call('GET', `/change-freezes/${(await aFreezeFor()).id}`, { token: b.adminToken })).status).toBe(404);
  },
  async endChangeFreeze() {
    const freeze = await aFreezeFor();
    expect(
      (await api.call('POST', `/change-freezes/${freeze.id}/cancellation`, { token: b.adminToken, body: { reason: 'B' }, headers: { 'if-match': '"1"' } }))
        .status,
    ).toBe(404);
    expect((await api.call('GET', `/change-freezes/${freeze.id}`, { token: a.adminToken })).body).toMatchObject({ status: 'active', version: 1 });
  },
  async getChangeCalendar() {
    const change = await aChangeFor();
    const calendar = await api.call('GET', '/change-calendar?from=2030-12-01T00:00:00Z&to=2031-12-01T00:00:00Z', { token: b.adminToken });
    expect(calendar.status).toBe(200);
    expect(JSON.stringify(calendar.body)).not.toContain(change.id);
  },
  async getChangeSettings() {
    expect((await api.call('GET', '/change-settings', { token: b.adminToken })).body.version).toBe(0);
  },
  async submitChangeRequest() {
    const reply = await api.call('POST', `/change-requests/${(await aChangeFor()).id}/submission`, { token: b.adminToken, headers: { 'if-match': '"1"' } });
    expect(reply.status).toBe(404);
    await aChangeUnchanged();
  },
  async withdrawChangeRequest() {
    const reply = await api.call('POST', `/change-requests/${(await aChangeFor()).id}/withdrawal`, { token: b.adminToken, body: { reason: 'B' } });
    expect(reply.status).toBe(404);
    await aChangeUnchanged();
  },
  async recordChangeImplementation() {
    const reply = await api.call('POST', `/change-requests/${(await aChangeFor()).id}/implementation`, {
      token: b.adminToken,
      headers: { 'if-match': '"1"' },
      body: { start: '2031-01-01T01:00:00Z', end: '2031-01-01T02:00:00Z', outcome: 'implemented', notes: 'B' },
    });
    expect(reply.status).toBe(404);
    await aChangeUnchanged();
  },
  async recordChangeReview() {
    const reply = await api.call('POST', `/change-requests/${(await aChangeFor()).id}/review`, {
      token: b.adminToken,
      headers: { 'if-match': '"1"' },
      body: { effective: false, negativeImpact: false, notes: 'B' },
    });
    expect(reply.status).toBe(404);
    await aChangeUnchanged();
  },
  async getChangeReport() {
    await aChangeFor();
    const report = await api.call('GET', '/change-report?from=2030-12-01T00:00:00Z&to=2031-12-01T00:00:00Z', { token: b.adminToken });
    expect(report.status).toBe(200);
    // A's change is not even authorized; B's report counts nothing of A's either way.
    expect(Object.values(report.body.classes as Record<string, Record<string, number>>).every((row) => row.authorized === 0 && row.implemented === 0)).toBe(
      true,
    );
  },
  async createChangeTemplate() {
    const template = await aTemplateFor();
    expect(
      (await api.call('POST', '/change-templates', { token: b.adminToken, body: { name: 'B template', description: 'B', steps: ['B'], rollback: ['B'] } }))
        .status,
    ).toBe(201);
    const aList = await api.call('GET', '/change-templates', { token: a.adminToken });
    expect(aList.body.items.map((item: { id: string }) => item.id)).toEqual([template.id]);
  },
  async listChangeTemplates() {
    const template = await aTemplateFor();
    const list = await api.call('GET', '/change-templates', { token: b.adminToken });
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(template.id);
  },
  async getChangeTemplate() {
    expect((await api.call('GET', `/change-templates/${(await aTemplateFor()).id}`, { token: b.adminToken })).status).toBe(404);
  },
  async putChangeSettings() {
    const set = await api.call('PUT', '/change-settings', { token: b.adminToken, body: { maxWindowHours: 12 }, headers: { 'if-match': '"0"' } });
    expect(set.status).toBe(200);
    expect((await api.call('GET', '/change-settings', { token: a.adminToken })).body).toMatchObject({ version: 0, maxWindowHours: 72 });
  },
};

/** A's records, as `type:id`, from what this file made in A: its users, the onboarding's organization
 * record, the asset, the evidence, and each policy change with its flow record and the tasks it opened. */
async function aEntitiesMade(): Promise<string[]> {
  const users = (await api.call('GET', '/users?limit=100', { token: a.adminToken })).body.items.map((user: { id: string }) => `user:${user.id}`);
  const entities = new Set<string>([...users, `organization:${a.tenantId}`, `asset:${aAsset.id}`]);
  if (aEvidence) entities.add(`evidence:${aEvidence.id}`);
  if (aChange) entities.add(`change-request:${aChange.id}`);
  if (aFreeze) entities.add(`change-freeze:${aFreeze.id}`);
  if (aReport) entities.add(`weakness-report:${aReport.id}`);
  if (aReview) {
    entities.add(`recommendation-review:${aReview.id}`);
    const review = await api.call('GET', `/recommendation-reviews/${aReview.id}`, { token: a.adminToken });
    entities.add(`flow:${review.body.flowId}`);
    const flow = await api.call('GET', `/flows/${review.body.flowId}`, { token: a.adminToken });
    const waiting = flow.body.waitingFor as { taskId: string } | undefined;
    if (waiting) entities.add(`approval:${waiting.taskId}`);
  }
  if (aPatches) {
    for (const id of [aPatches.patchRequirementId, aPatches.openRequirementId]) entities.add(`patch-requirement:${id}`);
    entities.add(`patch-test:${aPatches.patchTestId}`);
    entities.add(`patch-wave:${aPatches.patchWaveId}`);
    // The test's flow with its (completed) lab-test task; the wave's with the approval it waits for.
    for (const [type, id] of [
      ['patch-tests', aPatches.patchTestId],
      ['patch-waves', aPatches.patchWaveId],
    ]) {
      const { flowId } = (await api.call('GET', `/${type}/${id}`, { token: a.adminToken })).body as { flowId: string };
      entities.add(`flow:${flowId}`);
      const flow = await api.call('GET', `/flows/${flowId}`, { token: a.adminToken });
      for (const step of flow.body.history as { taskId: string; step: string }[])
        entities.add(`${step.step === 'lab-test' ? 'task' : 'approval'}:${step.taskId}`);
      const waiting = flow.body.waitingFor as { taskId: string; kind: 'decision' | 'work' } | undefined;
      if (waiting) entities.add(`${waiting.kind === 'decision' ? 'approval' : 'task'}:${waiting.taskId}`);
    }
  }
  if (aAdvisory)
    for (const [type, id] of [
      ['advisory-source', aAdvisory.sourceId],
      ['advisory-delivery', aAdvisory.deliveryId],
      ['advisory', aAdvisory.advisoryId],
      ['early-warning', aAdvisory.earlyWarningId],
    ])
      entities.add(`${type}:${id}`);
  if (aTemplate) {
    entities.add(`change-template:${aTemplate.id}`);
    const flow = await api.call('GET', `/flows/${aTemplate.flowId}`, { token: a.adminToken });
    entities.add(`flow:${aTemplate.flowId}`);
    const waiting = flow.body.waitingFor as { taskId: string } | undefined;
    if (waiting) entities.add(`approval:${waiting.taskId}`);
  }
  for (const changeId of [aFlow.pendingChange, aFlow.returnedChange]) {
    entities.add(`asset-policy-change:${changeId}`);
    const change = await api.call('GET', `/asset-policy-changes/${changeId}`, { token: a.adminToken });
    entities.add(`flow:${change.body.flowId}`);
    const flow = await api.call('GET', `/flows/${change.body.flowId}`, { token: a.adminToken });
    // Each settled step's task, and the one the flow waits for now.
    for (const step of flow.body.history as { taskId: string; step: string }[]) entities.add(`${step.step === 'revise' ? 'task' : 'approval'}:${step.taskId}`);
    const waiting = flow.body.waitingFor as { taskId: string; kind: 'decision' | 'work' } | undefined;
    if (waiting) entities.add(`${waiting.kind === 'decision' ? 'approval' : 'task'}:${waiting.taskId}`);
  }
  // Both flows opened a check; the returned one also the revision task this file knows by id.
  expect(entities).toContain(`approval:${aFlow.approvalId}`);
  expect(entities).toContain(`task:${aFlow.taskId}`);
  return [...entities];
}

/** Path parameters that name what every tenant shares (the control catalogue), not a tenant's record. */
const SHARED: Record<string, string> = { controlId: '7.1.1', vulnerability: 'CVE-2024-45296' };

/** A's records, by the path parameter that names them in the catalogue. */
async function aRecordsByParam(): Promise<Record<string, string>> {
  const change = await api.call('GET', `/asset-policy-changes/${aFlow.pendingChange}`, { token: a.adminToken });
  return {
    assetId: aAsset.id,
    userId: aUser.id,
    changeId: aFlow.pendingChange,
    approvalId: aFlow.approvalId,
    taskId: aFlow.taskId,
    flowId: change.body.flowId,
    evidenceId: (await aEvidenceFor()).id,
    jobId: (await aJobFor()).id,
    changeRequestId: (await aChangeFor()).id,
    freezeId: (await aFreezeFor()).id,
    changeTemplateId: (await aTemplateFor()).id,
    reportId: (await aReportFor()).id,
    reviewId: (await aReviewFor()).id,
    ...(await aPatchesFor().then(({ patchRequirementId, patchTestId, patchWaveId }) => ({ patchRequirementId, patchTestId, patchWaveId }))),
    ...(await aAdvisoryFor().then(({ sourceId, deliveryId, advisoryId, vulnerabilityId, earlyWarningId }) => ({
      sourceId,
      deliveryId,
      advisoryId,
      vulnerabilityId,
      earlyWarningId,
    }))),
  };
}

const tenantFacing = (operation: (typeof operations)[number]) =>
  !('public' in operation.callers) && !operation.callers.roles.includes('platform-operator' as never);

describe('tenant isolation, swept from every area’s declaration', () => {
  // Its own intruder, so that what the sweep creates in the intruder's tenant leaves B's cases below alone.
  let intruder: { tenantId: string; adminToken: string };
  let aIds: Record<string, string>;
  let aBefore: { entriesChecked: number; entitiesChecked: number };
  const audited = async () => {
    const report = (await api.call('GET', '/audit/verify', { token: a.adminToken })).body;
    return { entriesChecked: report.entriesChecked, entitiesChecked: report.entitiesChecked };
  };
  beforeAll(async () => {
    intruder = await api.newTenant('iso-c');
    aIds = await aRecordsByParam();
    aBefore = await audited();
  });

  for (const area of registry.areas) {
    for (const operation of area.operations.filter(tenantFacing)) {
      it(`${area.area}: ${operation.name} by another tenant on A's records`, async () => {
        const params = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
        const named = { ...aIds, ...SHARED };
        for (const param of params) expect(named, `make a record of tenant A for {${param}} in this file`).toHaveProperty(param);
        const path = operation.path.replace(/\{(\w+)\}/g, (_, param: string) => encodeURIComponent(named[param]!));
        const ofA = params.filter((param) => !Object.hasOwn(SHARED, param));
        // An operation that takes raw bytes is sent an empty document of its first media type.
        const raw = operation.rawBody ? Object.keys(operation.rawBody.mediaTypes)[0] : undefined;
        const reply = await api.call(operation.method, path, {
          token: intruder.adminToken,
          ...(operation.examples.body !== undefined ? { body: operation.examples.body } : {}),
          ...(raw ? { rawBody: '{}' } : {}),
          headers: { ...(operation.versioned ? { 'if-match': '"1"' } : {}), ...(raw ? { 'content-type': raw } : {}) },
        });
        if (ofA.length) {
          // Another tenant's record cannot even be addressed: exactly as missing as an id that exists nowhere.
          expect(reply.status, JSON.stringify(reply.body)).toBe(404);
        } else {
          expect(reply.status).toBeLessThan(500);
          const answer = JSON.stringify(reply.body ?? '');
          for (const [param, id] of Object.entries(aIds)) expect(answer, `the intruder's answer shows A's ${param}`).not.toContain(id);
        }
      });
    }
  }

  it('changed nothing of A: no audit entry and no record was added to A’s trail', async () => {
    expect(await audited()).toEqual(aBefore);
  });
});

describe('tenant isolation', () => {
  for (const [name, run] of Object.entries(cases)) it(`${name}: another tenant's data is out of reach`, run);

  it('has a deeper case for every tenant operation of the registry, and none for an operation that is gone', () => {
    const tenantOperations = operations.filter(tenantFacing).map((operation) => operation.name);
    expect(tenantOperations.filter((name) => !Object.hasOwn(cases, name))).toEqual([]);
    expect(Object.keys(cases).filter((name) => !tenantOperations.includes(name))).toEqual([]);
  });
});
