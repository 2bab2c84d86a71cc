// (b) From an accepted advisory to what it means to the tenant: its products (normalised when it was accepted)
// looked up on the indexes of components and asset identities, each hit judged, one early warning per advisory
// document with its findings (asset × vulnerability) and the priority broken down. An advisory that hits nothing
// is kept as "no impact". A newer version of the document re-matches into the same early warning; triage of a
// finding is kept across re-matches.
import { canonicalJson } from '@ismf/core/canonical';
import { derivedId } from '@ismf/core/ids';
import { inFlight } from '@ismf/core/in-flight';
import { Problem } from '@ismf/core/problems';
import type { AssetData } from '@ismf/assets/rules';
import { assetEntity, componentEntity } from '@ismf/assets/entities';
import { notificationRequested } from '@ismf/events/notification-requested';
import { literal } from '@ismf/mail/notification-text';
import { childItemsOn, deleteKeyedChildren, keyedChildren, putKeyedChildren } from '@ismf/store/batch-write';
import { blobStore, readObject } from '@ismf/store/blob-store';
import { getEntities, getEntity } from '@ismf/store/entities';
import type { TableAccess } from '@ismf/core/access';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import type { CvssScore, TlpLabel } from './documents/summary.ts';
import { advisoryEntity, vulnerabilityEntity, type AdvisoryData, type VulnerabilityData } from './entities.ts';
import { earlyWarningRaised } from './events.ts';
import { advisoryLookups, fixedVersionsOf, judge, lookupKeys, lookupKeyText, outcomes, type Candidate, type LookupKey, type ProductHit } from './matching.ts';
import { advisoryProductEntity, assetIdentityEntity, earlyWarningEntity, earlyWarningFindingEntity, type AssetIdentityItem } from './match-entities.ts';
import type { AdvisoryProducts, AffectedProduct } from './products/affected.ts';
import { priorityOf, priorityRank, type Priority, type PriorityBreakdown } from './priority-rules.ts';
import { earlyWarningSettings } from './settings.ts';
import { proposeRecommendations, type Recommendation } from './recommendations.ts';
import type { ReviewMark } from './recommendation-review.ts';
import { SETTLED_STATES, type TriageState } from './triage-rules.ts';
import { versionIn } from './versions/range.ts';

/** Kept on the early warning itself; the rest are its findings (child items) or counted. */
const LISTED = 50;
/** Asset ids an EarlyWarningRaised event carries (EventBridge takes 256 KB): consumers read the rest. */
export const EVENT_ASSETS = 100;
/** Lookups in flight at once. */
const LOOKUPS_IN_FLIGHT = 8;
const ID_SEED = '00000000000000000000000000';

export interface FindingMatch {
  via: 'component' | 'identity';
  name: string;
  version?: string;
  purl?: string;
  product: string;
  range?: string;
  fixedVersions: string[];
}

export interface Triage {
  state: TriageState;
  justification?: string;
  reason: string;
  by: string;
  at: string;
}

export interface FindingData {
  [key: string]: unknown;
  earlyWarningId: string;
  assetId: string;
  assetName: string;
  owner: string;
  vulnerability: string;
  outcome: 'affected' | 'suppressed';
  matches: FindingMatch[];
  fixedVersions: string[];
  justification?: string;
  priority: Priority;
  score: number;
  breakdown: PriorityBreakdown;
  triage?: Triage;
}

export interface EarlyWarningAsset {
  assetId: string;
  name: string;
  owner: string;
  priority: Priority;
  score: number;
  vulnerabilities: string[];
}

export interface ReviewItem {
  product: string;
  assetId?: string;
  assetName?: string;
  vulnerability?: string;
  reason: string;
}

export interface EarlyWarningData {
  [key: string]: unknown;
  advisoryId: string;
  sourceId: string;
  format: string;
  documentId: string;
  documentVersion: string;
  title: string;
  publisher: string;
  tlp?: TlpLabel;
  state: 'open' | 'no-impact';
  priority?: Priority;
  /** The order lists take: 0 critical … 3 low, 4 no impact. */
  priorityRank: number;
  score?: number;
  /** The breakdown of the highest finding's priority. */
  breakdown?: PriorityBreakdown;
  listedAt: string;
  matchedAt: string;
  cveIds: string[];
  vulnerabilities: { id: string; kev: boolean; cvss?: number }[];
  cvss: CvssScore[];
  kev: boolean;
  exploitation?: string;
  counts: {
    assets: number;
    findings: number;
    /** Affected findings not triaged as not affected, false positive or resolved: what is still exposed. */
    exposed: number;
    triaged: number;
    suppressed: number;
    review: number;
    products: number;
    unresolved: number;
  };
  /** The most urgent assets (the first 50 by priority): every one is in the findings. */
  assets: EarlyWarningAsset[];
  suppressed: { assetId: string; assetName: string; vulnerability: string; justification: string }[];
  review: ReviewItem[];
  /** What to do (c): proposed from the advisory's remediations, or a person's (then kept across re-matches). */
  recommendations: Recommendation[];
  recommendationsEdited?: { by: string; at: string; reason: string };
  /** The last review of the recommendations (a decision step): its state. */
  recommendationReview?: ReviewMark;
  /** X.1051 controls an approved recommendation added (risk management links them). */
  additionalControls?: string[];
}

/** One early warning per document across its versions; per tenant, so that an id says nothing of another tenant's. */
export const earlyWarningIdOf = (tenantId: string, advisory: Pick<AdvisoryData, 'format' | 'documentId'>) =>
  derivedId(ID_SEED, 'early-warning', tenantId, advisory.format, advisory.documentId);

/** The advisory's products as normalised on acceptance (none for an advisory entered without them). */
async function productsOf(tenantId: string, advisory: StoredEntity<AdvisoryData>, access: TableAccess): Promise<AdvisoryProducts> {
  const key = advisory.data.productsKey as string | undefined;
  if (!key) return { products: [], unresolved: [] };
  return JSON.parse((await readObject(blobStore(tenantId, access), key)).toString('utf8')) as AdvisoryProducts;
}

/** Everything of the tenant's register one lookup key finds, with the requests it took. */
async function lookUp(tenantId: string, key: LookupKey): Promise<{ candidates: Candidate[]; requests: number }> {
  if (key.index === 'package') {
    const { items, requests } = await childItemsOn(componentEntity, 'package', tenantId, { package: key.value });
    return {
      requests,
      candidates: items.map((item) => ({
        assetId: item.assetId as string,
        via: 'component' as const,
        name: item.name as string,
        ...((item.purlVersion ?? item.version) !== undefined ? { version: (item.purlVersion ?? item.version) as string } : {}),
        ...(item.purl !== undefined ? { purl: item.purl as string } : {}),
        setId: item.setId as string,
        ...(Array.isArray(item.vex) ? { vex: item.vex as Candidate['vex'] } : {}),
      })),
    };
  }
  const pattern = key.index === 'product' ? 'byProduct' : key.index === 'model' ? 'byModel' : 'byCpe';
  const field = key.index === 'product' ? 'productKey' : key.index === 'model' ? 'modelKey' : 'cpeKey';
  const { items, requests } = await childItemsOn(assetIdentityEntity, pattern, tenantId, { [field]: key.value });
  return {
    requests,
    candidates: (items as AssetIdentityItem[]).map((item) => ({
      assetId: item.assetId,
      via: 'identity' as const,
      name: `${item.vendor} ${item.product}`,
      version: item.version,
      ...(item.model ? { model: item.model } : {}),
    })),
  };
}

/** The highest CVSS base score, v4.0 and v3.x before v2. */
function cvssOf(scores: readonly CvssScore[]): number | undefined {
  const modern = scores.filter((score) => score.version !== '2.0');
  const chosen = modern.length ? modern : scores;
  return chosen.length ? Math.max(...chosen.map((score) => score.baseScore)) : undefined;
}

export interface MatchResult {
  earlyWarningId: string;
  state: 'open' | 'no-impact' | 'superseded';
  assets: number;
  findings: number;
  /** DynamoDB requests the lookups took, and the lookups: the bench compares them across register sizes. */
  lookups: number;
  lookupRequests: number;
}

/** Another match of the same early warning got there first (created it, or moved it on). */
const RACED = [409, 412];
const ATTEMPTS = 4;

/** Matches one advisory against the tenant's register and writes its early warning; a concurrent match is retried from fresh reads. */
export async function matchAdvisory(ctx: WriteContext, tenantId: string, advisoryId: string, access: TableAccess): Promise<MatchResult | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await matchOnce(ctx, tenantId, advisoryId, access);
    } catch (error) {
      if (!(error instanceof Problem) || !RACED.includes(error.status) || attempt >= ATTEMPTS) throw error;
    }
  }
}

async function matchOnce(ctx: WriteContext, tenantId: string, advisoryId: string, access: TableAccess): Promise<MatchResult | undefined> {
  const advisory = await getEntity<AdvisoryData>(tenantId, advisoryEntity.type, advisoryId);
  if (!advisory) return undefined;
  const earlyWarningId = earlyWarningIdOf(tenantId, advisory.data);
  if (advisory.data.state === 'superseded') return { earlyWarningId, state: 'superseded', assets: 0, findings: 0, lookups: 0, lookupRequests: 0 };
  const { products, unresolved } = await productsOf(tenantId, advisory, access);

  // The reverse index: a changed asset finds this advisory by any of its products.
  const keys = advisoryLookups(products);
  await putKeyedChildren(
    advisoryProductEntity,
    tenantId,
    advisoryId,
    keys.map((key) => ({ key: lookupKeyText(key), record: { advisoryId, key: lookupKeyText(key), arrivedAt: advisory.createdAt } })),
  );
  const found = await inFlight(keys, LOOKUPS_IN_FLIGHT, (key) => lookUp(tenantId, key));
  const byKey = new Map(keys.map((key, at) => [lookupKeyText(key), found[at]!.candidates]));
  const lookupRequests = found.reduce((sum, result) => sum + result.requests, 0);

  const assetIds = [...new Set(found.flatMap((result) => result.candidates.map((candidate) => candidate.assetId)))];
  const assetOf = await getEntities(
    tenantId,
    assetIds.map((id) => ({ type: assetEntity.type, id })),
  );
  const assets = new Map<string, StoredEntity<AssetData>>();
  for (const id of assetIds) {
    const asset = assetOf<AssetData>(assetEntity.type, id);
    // Only assets in service, and only the components of their current set (a replaced set is being removed).
    if (asset && (asset.data.status ?? 'active') === 'active') assets.set(id, asset);
  }
  const current = (candidate: Candidate) => {
    const asset = assets.get(candidate.assetId);
    if (!asset) return false;
    return candidate.via === 'identity' || candidate.setId === (asset.data.componentSet as { id?: string } | undefined)?.id;
  };
  const candidatesOf = (identifiers: AffectedProduct['identifiers']) =>
    identifiers.flatMap((identifier) =>
      lookupKeys(identifier).flatMap((key) => (byKey.get(lookupKeyText(key)) ?? []).filter(current).map((candidate) => ({ identifier, candidate }))),
    );

  const hits: ProductHit[] = [];
  for (const product of products) {
    // A combination (a component of a platform) hits only assets on one of its platforms: the asset is the platform
    // (an SBOM of it, its CPE), or depends on an asset that is (an operator image on the cluster it runs in).
    const platformAssets = product.platforms
      ? new Set(
          product.platforms.flatMap((platform) =>
            candidatesOf(platform.identifiers)
              .filter(({ candidate }) => !platform.range || candidate.version === undefined || versionIn(platform.range, candidate.version).verdict !== 'out')
              .map(({ candidate }) => candidate.assetId),
          ),
        )
      : undefined;
    const onPlatform = (assetId: string) =>
      !platformAssets ||
      platformAssets.has(assetId) ||
      ((assets.get(assetId)?.data.dependsOn as string[] | undefined) ?? []).some((id) => platformAssets.has(id));
    const seen = new Set<string>();
    for (const { identifier, candidate } of candidatesOf(product.identifiers)) {
      if (!onPlatform(candidate.assetId)) continue;
      const verdict = judge(product, identifier, candidate);
      if (!verdict || verdict.verdict === 'out') continue;
      const key = `${candidate.assetId}\u0000${candidate.name}\u0000${candidate.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push({ product, candidate, verdict });
    }
  }
  // A VEX statement names the vulnerability by its CVE id, or — for an advisory of one vulnerability — by any alias.
  const single = advisory.data.vulnerabilityIds.length <= 1;
  const aliases = new Set([...advisory.data.cveIds, ...advisory.data.aliases, advisory.data.documentId]);
  const judged = outcomes(hits, (vexId, vulnerability) => vexId === vulnerability || (single && aliases.has(vexId)));

  const settings = await earlyWarningSettings(tenantId);
  const vulnerabilityRecords = await getEntities(
    tenantId,
    advisory.data.vulnerabilityIds.map((id) => ({ type: vulnerabilityEntity.type, id })),
  );
  const kevOf = new Map<string, boolean>();
  const epssOf = new Map<string, number>();
  for (const id of advisory.data.vulnerabilityIds) {
    const record = vulnerabilityRecords<VulnerabilityData>(vulnerabilityEntity.type, id);
    if (record) {
      for (const name of [record.data.identifier, ...record.data.aliases]) {
        kevOf.set(name, record.data.kev);
        if (record.data.epss) epssOf.set(name, record.data.epss.probability);
      }
    }
  }
  const cvss = cvssOf(advisory.data.cvss as CvssScore[]);
  const exploitation = products.find((product) => product.exploitation)?.exploitation;

  const before = new Map(
    (await keyedChildren<FindingData>(earlyWarningFindingEntity, tenantId, earlyWarningId)).map((finding) => [findingKey(finding), finding]),
  );
  const findings: FindingData[] = [];
  const review: ReviewItem[] = unresolved.map((item) => ({ product: item.text || item.ref, reason: item.reason }));
  for (const item of judged) {
    const asset = assets.get(item.assetId)!;
    if (item.outcome === 'review') {
      review.push({
        product: item.hits[0]!.product.label,
        assetId: asset.id,
        assetName: asset.data.name,
        vulnerability: item.vulnerability,
        reason: `${item.hits[0]!.candidate.name} ${item.hits[0]!.candidate.version ?? ''}: ${item.reason}`.replace('  ', ' '),
      });
      continue;
    }
    const breakdown = priorityOf(
      {
        ...(cvss !== undefined ? { cvss } : {}),
        importance: asset.data.importance,
        ...(asset.data.exposure ? { exposure: asset.data.exposure as string } : {}),
        knownExploited: kevOf.get(item.vulnerability) ?? advisory.data.kev,
        exploitationReported: exploitation !== undefined,
        ...(epssOf.has(item.vulnerability) ? { epss: epssOf.get(item.vulnerability)! } : {}),
      },
      settings.priority,
    );
    const finding: FindingData = {
      earlyWarningId,
      assetId: asset.id,
      assetName: asset.data.name,
      owner: asset.data.owner,
      vulnerability: item.vulnerability,
      outcome: item.outcome,
      matches: item.hits.slice(0, 20).map(({ product, candidate }) => ({
        via: candidate.via,
        name: candidate.name,
        ...(candidate.version !== undefined ? { version: candidate.version } : {}),
        ...(candidate.purl ? { purl: candidate.purl } : {}),
        product: product.label,
        ...(product.range.text ? { range: product.range.text } : {}),
        fixedVersions: product.fixedVersions.slice(0, 10),
      })),
      fixedVersions: fixedVersionsOf(item.hits),
      ...(item.justification ? { justification: item.justification } : {}),
      priority: breakdown.priority,
      score: breakdown.score,
      breakdown,
    };
    // Triage is people's judgement: it stays when the advisory or the asset changes.
    const triage = before.get(findingKey(finding))?.triage;
    findings.push(triage ? { ...finding, triage } : finding);
  }

  const affected = findings.filter((finding) => finding.outcome === 'affected');
  const perAsset = new Map<string, EarlyWarningAsset>();
  for (const finding of affected) {
    const entry = perAsset.get(finding.assetId);
    if (!entry || finding.score > entry.score) {
      perAsset.set(finding.assetId, {
        assetId: finding.assetId,
        name: finding.assetName,
        owner: finding.owner,
        priority: finding.priority,
        score: finding.score,
        vulnerabilities: [...new Set([...(entry?.vulnerabilities ?? []), finding.vulnerability])],
      });
    } else entry.vulnerabilities = [...new Set([...entry.vulnerabilities, finding.vulnerability])];
  }
  const ranked = [...perAsset.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  const top = affected.reduce<FindingData | undefined>((best, finding) => (!best || finding.score > best.score ? finding : best), undefined);
  const state = affected.length ? 'open' : 'no-impact';
  const previous = await getEntity<EarlyWarningData>(tenantId, earlyWarningEntity.type, earlyWarningId);
  // A person's recommendations stand; the advisory's are proposed anew, keeping the review state of those that stay.
  const proposed = proposeRecommendations(judged.filter((item) => item.outcome === 'affected' && assets.has(item.assetId)));
  const reviewed = new Map((previous?.data.recommendations ?? []).map((recommendation) => [recommendation.id, recommendation.state]));
  const recommendations = previous?.data.recommendationsEdited
    ? previous.data.recommendations
    : proposed.map((recommendation) => ({ ...recommendation, state: reviewed.get(recommendation.id) ?? recommendation.state }));
  const data: EarlyWarningData = {
    advisoryId,
    sourceId: advisory.data.sourceId,
    format: advisory.data.format,
    documentId: advisory.data.documentId,
    documentVersion: advisory.data.documentVersion,
    title: advisory.data.title,
    publisher: advisory.data.publisher.name,
    ...(advisory.data.tlp ? { tlp: advisory.data.tlp } : {}),
    state,
    ...(top ? { priority: top.priority, score: top.score, breakdown: top.breakdown } : {}),
    priorityRank: top ? priorityRank(top.priority) : 4,
    listedAt: advisory.data.listedAt,
    matchedAt: new Date().toISOString(),
    cveIds: advisory.data.cveIds.slice(0, 100),
    vulnerabilities: advisory.data.vulnerabilityIds.map((id) => {
      const record = vulnerabilityRecords<VulnerabilityData>(vulnerabilityEntity.type, id);
      const identifier = record?.data.identifier ?? id;
      return { id: identifier, kev: record?.data.kev ?? advisory.data.kev, ...(cvss !== undefined ? { cvss } : {}) };
    }),
    cvss: (advisory.data.cvss as CvssScore[]).slice(0, 10),
    kev: advisory.data.kev,
    ...(exploitation ? { exploitation } : {}),
    counts: {
      assets: perAsset.size,
      findings: affected.length,
      exposed: exposedCount(findings),
      triaged: findings.filter((finding) => finding.triage).length,
      suppressed: findings.length - affected.length,
      review: review.length,
      products: products.length,
      unresolved: unresolved.length,
    },
    assets: ranked.slice(0, LISTED),
    suppressed: findings
      .filter((finding) => finding.outcome === 'suppressed')
      .slice(0, LISTED)
      .map((finding) => ({
        assetId: finding.assetId,
        assetName: finding.assetName,
        vulnerability: finding.vulnerability,
        justification: finding.justification ?? '',
      })),
    review: review.slice(0, LISTED),
    recommendations,
    ...(previous?.data.recommendationsEdited ? { recommendationsEdited: previous.data.recommendationsEdited } : {}),
    // People's decisions are carried over: the review and the controls it added.
    ...(previous?.data.recommendationReview ? { recommendationReview: previous.data.recommendationReview } : {}),
    ...(previous?.data.additionalControls ? { additionalControls: previous.data.additionalControls } : {}),
  };

  await putKeyedChildren(
    earlyWarningFindingEntity,
    tenantId,
    earlyWarningId,
    findings.map((finding) => ({ key: findingKey(finding), record: finding })),
  );
  const stale = [...before.keys()].filter((key) => !findings.some((finding) => findingKey(finding) === key));
  if (stale.length) await deleteKeyedChildren(earlyWarningFindingEntity, tenantId, earlyWarningId, stale);

  // A re-match that changes nothing (an asset edit that moves no finding) writes nothing: the history shows changes only.
  const unchanged = previous && canonicalJson({ ...previous.data, matchedAt: '' }) === canonicalJson({ ...data, matchedAt: '' });
  if (unchanged) return { earlyWarningId, state, assets: perAsset.size, findings: affected.length, lookups: keys.length, lookupRequests };
  const work = new UnitOfWork({ ...ctx, reason: `matched ${advisory.data.documentId} version ${advisory.data.documentVersion}` });
  if (previous) work.update(earlyWarningEntity, previous, data);
  else work.create(earlyWarningEntity, tenantId, earlyWarningId, data);
  // Raised when it first hits something, or hits assets it did not hit before.
  const known = new Set((previous?.data.assets ?? []).map((asset) => asset.assetId));
  const fresh = ranked.filter((asset) => !known.has(asset.assetId));
  if (state === 'open' && fresh.length) {
    work.event(
      earlyWarningRaised.of(tenantId, {
        earlyWarningId,
        advisoryId,
        documentId: data.documentId,
        title: data.title,
        priority: data.priority!,
        score: data.score!,
        assets: perAsset.size,
        assetIds: ranked.slice(0, EVENT_ASSETS).map((asset) => asset.assetId),
        newAssets: fresh.length,
        kev: data.kev,
        ...(data.tlp ? { tlp: data.tlp } : {}),
      }),
    );
    const restricted = data.tlp === 'AMBER' || data.tlp === 'RED';
    const roles = restricted ? settings.tlpRoles[data.tlp as 'AMBER' | 'RED'] : ['security-officer'];
    const owners = restricted ? [] : [...new Set(fresh.slice(0, EVENT_ASSETS).map((asset) => asset.owner))];
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'early-warning-raised',
        recipients: { roles: [...roles], ...(owners.length ? { members: owners } : {}) },
        title: `${data.priority![0]!.toUpperCase()}${data.priority!.slice(1)}: ${literal(data.title)} hits ${perAsset.size} asset${perAsset.size === 1 ? '' : 's'}`,
        text: `${literal(data.publisher)}'s ${literal(data.documentId)} hits ${fresh
          .slice(0, 5)
          .map((asset) => literal(asset.name))
          .join(', ')}${fresh.length > 5 ? ` and ${fresh.length - 5} more` : ''}${data.kev ? '. It is known to be exploited (CISA KEV)' : ''}.`,
        link: `/early-warnings/${earlyWarningId}`,
      }),
    );
  }
  await work.commit();
  return { earlyWarningId, state, assets: perAsset.size, findings: affected.length, lookups: keys.length, lookupRequests };
}

/** How many findings are still exposed: affected, and not triaged as settled. */
export const exposedCount = (findings: readonly FindingData[]) =>
  findings.filter((finding) => finding.outcome === 'affected' && !(finding.triage && SETTLED_STATES.includes(finding.triage.state))).length;

const findingKey = (finding: Pick<FindingData, 'assetId' | 'vulnerability'>) => `${finding.assetId}#${finding.vulnerability}`;
