// (c) Recommendations of an early warning: proposed from the remediations of the products that hit (a vendor
// fix is a patch, CSAF workarounds and mitigations as they are, no fix planned is no action), each for the assets
// it concerns; a security officer may replace them (a patch, a configuration change, an additional control of the
// X.1051 catalogue …), and from then on a re-match keeps theirs.
import { derivedId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { findControl } from '@ismf/controls/catalogue';
import { keyedChildren } from '@ismf/store/batch-write';
import { entityView } from '@ismf/store/entities';
import { requireVisible } from './early-warning-register.ts';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import type { FindingData } from './early-warnings.ts';
import type { AssetVulnerability } from './matching.ts';
import { earlyWarningEntity, earlyWarningFindingEntity } from './match-entities.ts';
import type { RecommendationInput, RecommendationKind } from './recommendation-rules.ts';

const SEED = '00000000000000000000000000';
const LISTED_ASSETS = 100;

export interface Recommendation {
  id: string;
  kind: RecommendationKind;
  summary: string;
  details?: string;
  url?: string;
  fixedVersions?: string[];
  controlId?: string;
  assetIds: string[];
  state: 'proposed' | 'approved' | 'rejected';
  /** Proposed from the advisory's remediations, or written by a person. */
  source: 'advisory' | 'person';
}

const KIND_OF: Record<string, RecommendationKind> = {
  vendor_fix: 'patch',
  workaround: 'workaround',
  mitigation: 'mitigation',
  no_fix_planned: 'no-action',
  none_available: 'no-action',
};

const idOf = (kind: string, summary: string) => derivedId(SEED, 'recommendation', kind, summary);

/** The recommendations the advisory itself suggests for the affected findings, most useful first. */
export function proposeRecommendations(affected: readonly AssetVulnerability[]): Recommendation[] {
  const byKey = new Map<string, Recommendation>();
  const add = (kind: RecommendationKind, summary: string, assetId: string, more: Partial<Recommendation> = {}) => {
    const key = `${kind}\u0000${summary}`;
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.assetIds.includes(assetId) && existing.assetIds.length < LISTED_ASSETS) existing.assetIds.push(assetId);
      for (const version of more.fixedVersions ?? [])
        if (!existing.fixedVersions?.includes(version)) existing.fixedVersions = [...(existing.fixedVersions ?? []), version];
      return;
    }
    byKey.set(key, { id: idOf(kind, summary), kind, summary, assetIds: [assetId], state: 'proposed', source: 'advisory', ...more });
  };
  for (const item of affected) {
    let remediated = false;
    for (const { product } of item.hits) {
      for (const remediation of product.remediations) {
        const kind = KIND_OF[remediation.category];
        if (!kind) continue;
        remediated = true;
        const fixed = [...new Set([...(remediation.fixedVersion ? [remediation.fixedVersion] : []), ...product.fixedVersions])].slice(0, 20);
        const summary =
          kind === 'patch'
            ? `Apply the vendor fix${fixed.length ? `: ${fixed.slice(0, 3).join(', ')}` : ''}`
            : remediation.category === 'no_fix_planned'
              ? 'No fix is planned: report the exposure and accept or mitigate it'
              : remediation.category === 'none_available'
                ? 'No fix is available yet: report, and watch the advisory'
                : `${kind === 'workaround' ? 'Workaround' : 'Mitigation'}: ${remediation.details.split('\n')[0]!.slice(0, 200)}`;
        add(kind, summary, item.assetId, {
          details: remediation.details.slice(0, 4000),
          ...(remediation.url ? { url: remediation.url } : {}),
          ...(kind === 'patch' && fixed.length ? { fixedVersions: fixed } : {}),
        });
      }
      // OSV and NVD name fixed versions without a remediation text: a patch all the same.
      if (!product.remediations.some((remediation) => remediation.category === 'vendor_fix') && product.fixedVersions.length) {
        remediated = true;
        add('patch', `Update to ${product.fixedVersions.slice(0, 3).join(', ')}`, item.assetId, { fixedVersions: product.fixedVersions.slice(0, 20) });
      }
    }
    if (!remediated) add('no-action', 'The advisory names no remediation: report it to the owners and watch for a fix', item.assetId);
  }
  const order: RecommendationKind[] = ['patch', 'configuration-change', 'additional-control', 'workaround', 'mitigation', 'no-action'];
  return [...byKey.values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)).slice(0, 20);
}

/** A person's recommendations as kept: each for the assets it names, else for every affected asset. */
export function fromInput(inputs: readonly RecommendationInput[], affectedAssets: readonly string[]): Recommendation[] {
  const all = [...new Set(affectedAssets)].slice(0, LISTED_ASSETS);
  return inputs.map((recommendation) => ({
    id: idOf(recommendation.kind, recommendation.summary),
    kind: recommendation.kind,
    summary: recommendation.summary,
    ...(recommendation.details ? { details: recommendation.details } : {}),
    ...(recommendation.url ? { url: recommendation.url } : {}),
    ...(recommendation.fixedVersions ? { fixedVersions: recommendation.fixedVersions } : {}),
    ...(recommendation.controlId ? { controlId: recommendation.controlId } : {}),
    assetIds: recommendation.assetIds ?? all,
    state: 'proposed',
    source: 'person',
  }));
}

/** Replaces the recommendations by a person's; kept across re-matches from then on. */
export async function setRecommendations(
  ctx: WriteContext,
  tenantId: string,
  roles: readonly string[],
  id: string,
  expectedVersion: number,
  input: { recommendations: RecommendationInput[]; reason: string },
) {
  const warning = await requireVisible(tenantId, roles, id);
  const findings = await keyedChildren<FindingData>(earlyWarningFindingEntity, tenantId, id);
  const affectedAssets = new Set(findings.filter((finding) => finding.outcome === 'affected').map((finding) => finding.assetId));
  const errors: { path: string; message: string }[] = [];
  input.recommendations.forEach((recommendation, index) => {
    if (recommendation.controlId && !findControl(recommendation.controlId)) {
      errors.push({ path: `body.recommendations.${index}.controlId`, message: 'no control of the X.1051 catalogue (GET /controls)' });
    }
    (recommendation.assetIds ?? []).forEach((assetId, at) => {
      if (!affectedAssets.has(assetId)) errors.push({ path: `body.recommendations.${index}.assetIds.${at}`, message: 'not an asset this early warning hits' });
    });
  });
  if (errors.length) throw problems.unprocessable('the recommendations do not fit the early warning', errors);
  if (warning.version !== expectedVersion) throw problems.stale(`early warning ${id} is at version ${warning.version}, not ${expectedVersion}`);
  const pending = warning.data.recommendationReview;
  if (pending && (pending.status === 'pending-approval' || pending.status === 'returned')) {
    throw problems.conflict(`review ${pending.reviewId} of these recommendations is under way: revise them there (its returned task) or wait for the decision`);
  }
  const recommendations = fromInput(input.recommendations, [...affectedAssets]);
  const work = new UnitOfWork({ ...ctx, reason: input.reason });
  const updated = work.update(earlyWarningEntity, warning, {
    ...warning.data,
    recommendations,
    recommendationsEdited: { by: ctx.actor.userId, at: work.at, reason: input.reason },
  });
  await work.commit();
  return entityView(updated);
}
