// (a) Patch requirements: one per asset and fix, identified from an early warning's approved patch
// recommendations (the fix chosen per matched product: fixes.ts) or entered by hand from a vendor bulletin that
// came without an advisory. A second advisory naming the same fix on the same asset joins the requirement it
// meets (its id is derived from the asset and the fix): the vulnerabilities add up, the priority and the due
// date take the more urgent. (c) The priority is the early warning's, computed per finding from CVSS, the
// asset's importance and exposure and exploitation; the due date follows from it by the tenant's SLAs.
import { derivedId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import type { AssetData } from '@ismf/assets/rules';
import type { EarlyWarningData, FindingData } from '@ismf/early-warning/early-warnings';
import { earlyWarningEntity, earlyWarningFindingEntity } from '@ismf/early-warning/match-entities';
import { notificationRequested } from '@ismf/events/notification-requested';
import { literal } from '@ismf/mail/notification-text';
import { childItemsOn, keyedChildren } from '@ismf/store/batch-write';
import { entityView, getEntities, getEntity, queryPatternPage, requireEntity, type PageRequest } from '@ismf/store/entities';
import { runIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { patchRequirementEntity, patchSourceEntity, type PatchRequirementData, type PatchSourceData } from './entities.ts';
import { fixesFor, fixKeyOf, higher, rankOf, type Fix } from './fixes.ts';
import { dueDateOf, OUTSTANDING_STATES, type BulletinRequirement, type PatchSettings, type PatchState, type Priority } from './rules.ts';
import { patchSettings } from './settings.ts';

const REQUIREMENT = patchRequirementEntity.type;
const SEED = '00000000000000000000000000';
/** Items of one transaction at most (DynamoDB takes 100): the requirements, their audit entries and source items. */
const TRANSACTION_BUDGET = 90;
const LISTED = { earlyWarnings: 20, vulnerabilities: 100 };
/** A conditional write that lost: a create (409) or an update (412) of the same requirement. */
const LOST_RACE = [409, 412];
const ATTEMPTS = 4;
/** Asset types that can be patched: things that run software. */
const PATCHABLE = new Set(['physical', 'software']);

/** One requirement per tenant, asset and fix. */
export const requirementIdOf = (tenantId: string, assetId: string, fixKey: string) => derivedId(SEED, 'patch-requirement', tenantId, assetId, fixKey);

export async function requireRequirement(tenantId: string, id: string) {
  return requireEntity<PatchRequirementData>(tenantId, REQUIREMENT, id, `patch requirement ${id}`);
}

interface Identified {
  assetId: string;
  fix: Omit<Fix, 'breakdown' | 'score'> & { score?: number; breakdown?: object };
  summary: string;
  url?: string;
  source?: { earlyWarningId: string; recommendationId: string; title: string };
  bulletin?: BulletinRequirement['bulletin'];
}

/** A new requirement, or the one it meets merged with it. */
function merged(
  before: PatchRequirementData | undefined,
  asset: StoredEntity<AssetData>,
  found: Identified,
  settings: PatchSettings,
  at: string,
): PatchRequirementData {
  const { fix } = found;
  if (before) {
    const priority = higher(before.priority, fix.priority);
    const dueAt = [before.dueAt, dueDateOf(before.identifiedAt, priority, settings)].sort()[0]!;
    const earlyWarnings =
      found.source &&
      !before.earlyWarnings.some((known) => known.earlyWarningId === found.source!.earlyWarningId && known.recommendationId === found.source!.recommendationId)
        ? [...before.earlyWarnings, found.source].slice(0, LISTED.earlyWarnings)
        : before.earlyWarnings;
    const moreUrgent = rankOf(fix.priority) < before.priorityRank;
    return {
      ...before,
      earlyWarnings,
      vulnerabilities: [...new Set([...before.vulnerabilities, ...fix.vulnerabilities])].slice(0, LISTED.vulnerabilities),
      priority,
      priorityRank: rankOf(priority),
      ...(moreUrgent && fix.score !== undefined ? { score: fix.score, breakdown: fix.breakdown } : {}),
      dueAt,
    };
  }
  return {
    assetId: asset.id,
    assetName: asset.data.name,
    assetType: asset.data.type,
    owner: asset.data.owner,
    importance: asset.data.importance,
    ...(asset.data.exposure ? { exposure: asset.data.exposure } : {}),
    fixKey: fix.fixKey,
    product: fix.product,
    ...(fix.installedVersion ? { installedVersion: fix.installedVersion } : {}),
    ...(fix.fixedVersion ? { fixedVersion: fix.fixedVersion } : {}),
    summary: found.summary,
    ...(found.url ? { url: found.url } : {}),
    origin: found.source ? 'early-warning' : 'bulletin',
    ...(found.bulletin ? { bulletin: found.bulletin } : {}),
    earlyWarnings: found.source ? [found.source] : [],
    vulnerabilities: fix.vulnerabilities.slice(0, LISTED.vulnerabilities),
    priority: fix.priority,
    priorityRank: rankOf(fix.priority),
    ...(fix.score !== undefined ? { score: fix.score, breakdown: fix.breakdown } : {}),
    identifiedAt: at,
    dueAt: dueDateOf(at, fix.priority, settings),
    state: 'open',
  };
}

interface Group {
  id: string;
  asset: StoredEntity<AssetData>;
  items: Identified[];
}

/** What was identified, per requirement (asset and fix), in order; an asset gone from the register meanwhile is left out. */
function groupedById(tenantId: string, found: readonly Identified[], assetOf: <T>(type: string, id: string) => StoredEntity<T> | undefined): Group[] {
  const groups = new Map<string, Group>();
  for (const item of found) {
    const asset = assetOf<AssetData>('asset', item.assetId);
    if (!asset || asset.data.mergedInto) continue;
    const id = requirementIdOf(tenantId, item.assetId, item.fix.fixKey);
    const group = groups.get(id) ?? { id, asset, items: [] };
    group.items.push(item);
    groups.set(id, group);
  }
  return [...groups.values()];
}

/** Groups to one transaction each chunk: a requirement costs its item and audit entry, and one item per source. */
function chunksOf(groups: readonly Group[]): Group[][] {
  const chunks: Group[][] = [];
  let chunk: Group[] = [];
  let cost = 0;
  for (const group of groups) {
    const own = 2 + group.items.length;
    if (chunk.length && cost + own > TRANSACTION_BUDGET) {
      chunks.push(chunk);
      chunk = [];
      cost = 0;
    }
    chunk.push(group);
    cost += own;
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
}

/**
 * Writes what was identified: new requirements, and those met again merged, each with its audit entry and (from an
 * early warning) its source item; the assets' owners told once per owner. Answers the requirements written.
 */
async function writeIdentified(ctx: WriteContext, tenantId: string, found: readonly Identified[], reason: string) {
  const settings = await patchSettings.current(tenantId);
  const assetOf = await getEntities(
    tenantId,
    [...new Set(found.map((item) => item.assetId))].map((id) => ({ type: 'asset', id })),
  );
  const written: StoredEntity<PatchRequirementData>[] = [];
  /** New or changed: what the owners hear of (a redelivered event tells nobody twice). */
  const news: StoredEntity<PatchRequirementData>[] = [];
  for (const chunk of chunksOf(groupedById(tenantId, found, assetOf))) {
    // Another writer of the same requirement (a retry of this call, another advisory of the same fix) may win the
    // race: read again and merge into what it wrote. A merge that changes nothing writes nothing.
    for (let attempt = 1; ; attempt++) {
      const existingOf = await getEntities(
        tenantId,
        chunk.map(({ id }) => ({ type: REQUIREMENT, id })),
      );
      const work = new UnitOfWork({ ...ctx, reason });
      const these: StoredEntity<PatchRequirementData>[] = [];
      const changed: StoredEntity<PatchRequirementData>[] = [];
      for (const { id, asset, items } of chunk) {
        const existing = existingOf<PatchRequirementData>(REQUIREMENT, id);
        // Two recommendations of one early warning may name the same fix: one write, merged in turn.
        let data = existing?.data;
        for (const item of items) data = merged(data, asset, item, settings, work.at);
        for (const { source } of items) {
          if (!source) continue;
          const record: PatchSourceData = { requirementId: id, earlyWarningId: source.earlyWarningId, recommendationId: source.recommendationId, at: work.at };
          work.child(patchSourceEntity, tenantId, id, `${source.earlyWarningId}#${source.recommendationId}`, record);
        }
        if (existing && JSON.stringify(data) === JSON.stringify(existing.data)) {
          these.push(existing);
          continue;
        }
        const stored = existing ? work.update(patchRequirementEntity, existing, data!) : work.create(patchRequirementEntity, tenantId, id, data!);
        these.push(stored);
        changed.push(stored);
      }
      try {
        await work.commit();
        written.push(...these);
        news.push(...changed);
        break;
      } catch (error) {
        if (!LOST_RACE.includes((error as { status?: number }).status ?? 0) || attempt === ATTEMPTS) throw error;
      }
    }
  }
  await tellOwners(
    ctx,
    tenantId,
    news.filter((requirement) => OUTSTANDING_STATES.includes(requirement.data.state)),
  );
  return { written, changed: news.length };
}

/** One notification per owner, naming the most urgent of their new requirements. */
async function tellOwners(ctx: WriteContext, tenantId: string, requirements: readonly StoredEntity<PatchRequirementData>[]) {
  const byOwner = new Map<string, StoredEntity<PatchRequirementData>[]>();
  for (const requirement of requirements) byOwner.set(requirement.data.owner, [...(byOwner.get(requirement.data.owner) ?? []), requirement]);
  if (!byOwner.size) return;
  const work = new UnitOfWork(ctx);
  for (const [owner, owned] of byOwner) {
    const first = [...owned].sort((a, b) => a.data.dueAt.localeCompare(b.data.dueAt))[0]!;
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'patch-required',
        recipients: { members: [owner] },
        title: owned.length === 1 ? `Patch required: ${literal(first.data.summary)}` : `${owned.length} patches required on your assets`,
        text: `${literal(first.data.assetName)} needs ${literal(first.data.summary)} (${first.data.priority}, due ${first.data.dueAt.slice(0, 10)})${owned.length > 1 ? `, and ${owned.length - 1} more of your assets need patches` : ''}.`,
        link: owned.length === 1 ? `/patch-requirements/${first.id}` : `/patch-requirements?asset=${first.data.assetId}`,
      }),
    );
  }
  await work.commit();
}

/**
 * (a) From an early warning's approved patch recommendations: for each asset the recommendation is for, a
 * requirement per fix of its exposed findings (triaged not affected, false positive or resolved: none). Idempotent:
 * a redelivered event meets the requirements it wrote.
 */
export async function identifyFromEarlyWarning(ctx: WriteContext, tenantId: string, earlyWarningId: string, recommendationIds: readonly string[]) {
  const warning = await getEntity<EarlyWarningData>(tenantId, earlyWarningEntity.type, earlyWarningId);
  if (!warning) return [];
  const findings = await keyedChildren<FindingData>(earlyWarningFindingEntity, tenantId, earlyWarningId);
  const found: Identified[] = [];
  for (const recommendation of warning.data.recommendations) {
    if (recommendation.kind !== 'patch' || recommendation.state !== 'approved' || !recommendationIds.includes(recommendation.id)) continue;
    const fixes = fixesFor(findings, recommendation, new Set(recommendation.assetIds));
    for (const [assetId, assetFixes] of fixes) {
      for (const fix of assetFixes) {
        found.push({
          assetId,
          fix,
          summary: fix.fixedVersion ? `Update ${fix.product} to ${fix.fixedVersion}` : recommendation.summary,
          ...(recommendation.url ? { url: recommendation.url } : {}),
          source: { earlyWarningId, recommendationId: recommendation.id, title: warning.data.title },
        });
      }
    }
  }
  return (await writeIdentified(ctx, tenantId, found, `approved recommendation of early warning ${earlyWarningId} (${warning.data.documentId})`)).written;
}

/** (a) By hand, from a vendor patch bulletin that came without an advisory: one requirement per asset named. */
export async function createFromBulletin(ctx: WriteContext, tenantId: string, input: BulletinRequirement, idempotency?: IdempotencyRequest) {
  const assetOf = await getEntities(
    tenantId,
    input.assetIds.map((id) => ({ type: 'asset', id })),
  );
  const errors: { path: string; message: string }[] = [];
  input.assetIds.forEach((id, index) => {
    const asset = assetOf<AssetData>('asset', id);
    if (!asset || asset.data.mergedInto) errors.push({ path: `body.assetIds.${index}`, message: 'no asset of the register' });
    else if (!PATCHABLE.has(asset.data.type)) errors.push({ path: `body.assetIds.${index}`, message: `a ${asset.data.type} asset runs no software to patch` });
    else if (asset.data.status === 'disposed') errors.push({ path: `body.assetIds.${index}`, message: 'the asset is disposed of' });
  });
  if (new Set(input.assetIds).size !== input.assetIds.length) errors.push({ path: 'body.assetIds', message: 'each asset once' });
  if (errors.length) throw problems.unprocessable('the patch requirement names assets it cannot be for', errors);
  const fixKey = fixKeyOf(input.product, input.fixedVersion ?? input.bulletin.reference ?? input.bulletin.title);
  const found: Identified[] = input.assetIds.map((assetId) => ({
    assetId,
    fix: {
      fixKey,
      product: input.product,
      ...(input.fixedVersion ? { fixedVersion: input.fixedVersion } : {}),
      vulnerabilities: input.vulnerabilities ?? [],
      priority: input.priority,
    },
    summary: input.summary,
    ...(input.bulletin.url ? { url: input.bulletin.url } : {}),
    bulletin: input.bulletin,
  }));
  // Many transactions: the key is claimed first. Concurrent retries with the key all merge into the same
  // requirements; only a call that wrote something answers 201.
  let wrote = false;
  const result = await runIdempotent(tenantId, ctx.operation, idempotency, async () => {
    const { written, changed } = await writeIdentified(ctx, tenantId, found, `vendor bulletin ${input.bulletin.reference ?? input.bulletin.title}`);
    wrote = changed > 0;
    return { items: written.map((requirement) => entityView(requirement)) };
  });
  return { response: result.response, replayed: result.replayed || !wrote };
}

export interface RequirementFilters {
  state?: PatchState;
  priority?: Priority;
  asset?: string;
  earlyWarning?: string;
  dueFrom?: string;
  dueTo?: string;
  overdue?: boolean;
}

/**
 * The register of requirements, soonest due first: one index per list, chosen in this order — early warning (its
 * tracking, in recommendation order), asset, overdue or a due window (outstanding ones), state, priority, else
 * every outstanding requirement by due date. The other filters narrow the page that index reads.
 */
export async function listRequirements(tenantId: string, filters: RequirementFilters, page: PageRequest, now = new Date().toISOString()) {
  if (filters.earlyWarning) {
    // An early warning's requirements are bounded (20 recommendations, 100 assets each): one page holds them all.
    const { items: sources } = await childItemsOn(patchSourceEntity, 'byEarlyWarning', tenantId, { earlyWarningId: filters.earlyWarning });
    const ids = [...new Set(sources.map((source) => (source as PatchSourceData).requirementId))];
    const read = await getEntities(
      tenantId,
      ids.map((id) => ({ type: REQUIREMENT, id })),
    );
    const items = ids.map((id) => read<PatchRequirementData>(REQUIREMENT, id)).filter((item): item is StoredEntity<PatchRequirementData> => item !== undefined);
    return { items: items.filter((item) => matches(item.data, filters, now)).map((item) => entityView(item)) };
  }
  const where = {
    ...(filters.state ? { state: filters.state } : {}),
    ...(filters.priority ? { priority: filters.priority } : {}),
    ...(filters.asset ? { assetId: filters.asset } : {}),
  };
  const dueTo = filters.overdue ? [now, filters.dueTo].filter((value): value is string => value !== undefined).sort()[0] : filters.dueTo;
  const range = { ...(filters.dueFrom ? { from: { dueAt: filters.dueFrom } } : {}), ...(dueTo ? { before: { dueAt: dueTo } } : {}) };
  const result = filters.asset
    ? await queryPatternPage(patchRequirementEntity, 'byAsset', tenantId, { assetId: filters.asset }, { where, ...range, page })
    : filters.overdue || filters.dueFrom || filters.dueTo
      ? await queryPatternPage(patchRequirementEntity, 'due', tenantId, {}, { where, ...range, page })
      : filters.state
        ? await queryPatternPage(patchRequirementEntity, 'byState', tenantId, { state: filters.state }, { where, page })
        : filters.priority
          ? await queryPatternPage(patchRequirementEntity, 'byPriority', tenantId, { priority: filters.priority }, { where, page })
          : await queryPatternPage(patchRequirementEntity, 'due', tenantId, {}, { page });
  return { items: result.items.filter((item) => matches(item.data, filters, now)).map((item) => entityView(item)), nextCursor: result.nextCursor };
}

function matches(data: PatchRequirementData, filters: RequirementFilters, now: string) {
  if (filters.state && data.state !== filters.state) return false;
  if (filters.priority && data.priority !== filters.priority) return false;
  if (filters.asset && data.assetId !== filters.asset) return false;
  if (filters.overdue && !(data.dueAt < now && OUTSTANDING_STATES.includes(data.state))) return false;
  if (filters.dueFrom && data.dueAt < filters.dueFrom) return false;
  if (filters.dueTo && data.dueAt >= filters.dueTo) return false;
  return true;
}

/** One requirement (its first 20 early warnings on it; GET /patch-requirements?earlyWarning= finds it from any). */
export async function getRequirement(tenantId: string, id: string) {
  const requirement = await requireRequirement(tenantId, id);
  return entityView(requirement);
}

/** Closes a requirement that is not to be patched (not applicable, the risk accepted, superseded, the asset retired). */
export async function closeRequirement(
  ctx: WriteContext,
  tenantId: string,
  id: string,
  expectedVersion: number,
  closure: { resolution: string; reason: string },
) {
  const requirement = await requireRequirement(tenantId, id);
  if (requirement.version !== expectedVersion) throw problems.stale(`patch requirement ${id} is at version ${requirement.version}, not ${expectedVersion}`);
  if (!['open', 'returned', 'tested'].includes(requirement.data.state)) {
    throw problems.conflict(
      `patch requirement ${id} is ${requirement.data.state}: only an open, returned or tested requirement is closed (not one in a test, a wave or a change)`,
    );
  }
  const work = new UnitOfWork({ ...ctx, reason: `${closure.resolution}: ${closure.reason}` });
  const after = work.update(patchRequirementEntity, requirement, {
    ...requirement.data,
    state: 'closed',
    stateReason: closure.reason,
    closure: { ...closure, by: ctx.actor.userId, at: work.at },
  });
  await work.commit();
  return entityView(after);
}
