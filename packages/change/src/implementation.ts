// (e) Implement the change plan: the implementer the plan names records when it was done and what came of it
// (implemented, rolled back, partly implemented) — once, and only for an authorized change. Work outside the
// authorized window is flagged. The post-implementation review then falls due (f), owed by the implementer's
// manager; after a change of a platform, the applications running on it are listed for a technical review
// (X.1051 12.5.2).
import { statusOf, type AssetData } from '@ismf/assets/rules';
import { dependencyEntity } from '@ismf/assets/entities';
import { problems } from '@ismf/core/problems';
import type { UserData } from '@ismf/directory/rules';
import { notificationRequested } from '@ismf/events/notification-requested';
import { literal, utcTime } from '@ismf/mail/notification-text';
import { keyedChildren } from '@ismf/store/batch-write';
import { getEntities, getEntity, queryPattern } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { changeAssetEntity, changeRequestEntity, type ChangeAssetData, type ChangeRequestData } from './entities.ts';
import { MAX_EVENT_ASSETS } from './events.ts';
import { changeImplemented } from './outcome-events.ts';
import { requestView, requireRequest } from './requests.ts';
import type { ChangeState } from './rules.ts';
import { changeSettings } from './settings.ts';
import type { ImplementationInput, ImplementationOutcome } from './step-rules.ts';

/** At most this many applications are listed for a technical review after one platform change. */
export const MAX_TECHNICAL_REVIEWS = 50;
/** Asset types that run on a platform and get its technical review: applications and the services they make. */
const APPLICATION_TYPES = new Set(['software', 'service']);

const STATE_OF: Record<ImplementationOutcome, ChangeState> = {
  implemented: 'implemented',
  'rolled-back': 'rolled-back',
  'partly-implemented': 'partly-implemented',
};

export interface Implementer {
  userId: string;
  roles: readonly string[];
  /** The caller's directory user id. */
  memberId?: string;
}

/**
 * The applications that run on the changed assets: the assets of an application type that depend on one of
 * them and are not changed themselves. One query of the dependency index per changed asset with dependents.
 */
async function applicationsOn(tenantId: string, changed: readonly ChangeAssetData[]) {
  const inChange = new Set(changed.map((asset) => asset.assetId));
  const dependents = new Set<string>();
  for (const asset of changed.filter((each) => each.dependents > 0)) {
    for (const edge of await queryPattern(dependencyEntity, 'dependents', tenantId, { dependsOn: asset.assetId })) {
      if (!inChange.has(edge.data.assetId)) dependents.add(edge.data.assetId);
    }
    if (dependents.size >= MAX_TECHNICAL_REVIEWS * 4) break;
  }
  const found = await getEntities(
    tenantId,
    [...dependents].map((id) => ({ type: 'asset', id })),
  );
  return [...dependents]
    .map((id) => found<AssetData>('asset', id))
    .filter((asset) => asset && statusOf(asset.data) === 'active' && APPLICATION_TYPES.has(asset.data.type))
    .slice(0, MAX_TECHNICAL_REVIEWS)
    .map((asset) => ({ assetId: asset!.id, name: asset!.data.name, type: asset!.data.type }));
}

export async function recordImplementation(
  ctx: WriteContext,
  tenantId: string,
  id: string,
  expectedVersion: number,
  input: ImplementationInput,
  caller: Implementer,
) {
  const before = await requireRequest(tenantId, id);
  const data = before.data;
  if (data.implementation) {
    throw problems.conflict('this change’s implementation is recorded already; record what followed in its review', [
      { path: 'body', message: 'a second implementation record' },
    ]);
  }
  if (data.state !== 'authorized') {
    throw problems.conflict(`a change is implemented once authorized; this one is ${data.state}`, [
      { path: 'body', message: 'implementation without authorization' },
    ]);
  }
  const plan = data.plan!;
  if (caller.memberId !== plan.implementer && !caller.roles.includes('admin')) {
    throw problems.forbidden('the plan names another implementer; only they (or an administrator) record the implementation');
  }
  if (before.version !== expectedVersion) throw problems.stale(`change request ${id} is at version ${before.version}, not ${expectedVersion}`);
  const start = new Date(input.start).toISOString();
  const end = new Date(input.end).toISOString();
  const outsideWindow = start < data.windowStart || end > data.windowEnd;
  const settings = await changeSettings(tenantId);
  const days = data.class === 'emergency' ? settings.emergencyReviewDays : settings.reviewDays;
  const reviewDueAt = new Date(Date.parse(end) + days * 86_400_000).toISOString();
  const [implementer, assets] = await Promise.all([
    getEntity<UserData>(tenantId, 'user', plan.implementer),
    keyedChildren<ChangeAssetData>(changeAssetEntity, tenantId, id),
  ]);
  const reviewer = implementer?.data.managerId;
  const technicalReviewsDue = input.outcome === 'rolled-back' ? [] : await applicationsOn(tenantId, assets);
  const at = new Date().toISOString();
  const work = new UnitOfWork({ ...ctx, reason: `implementation recorded: ${input.outcome}${outsideWindow ? ', outside the authorized window' : ''}` });
  const after = work.update(changeRequestEntity, before, {
    ...data,
    state: STATE_OF[input.outcome],
    implementation: { ...input, start, end, outsideWindow, by: ctx.actor.userId, recordedAt: at },
    reviewDueAt,
    ...(reviewer ? { reviewer } : {}),
    technicalReviewsDue,
  } satisfies ChangeRequestData);
  work.event(
    changeImplemented.of(tenantId, {
      changeId: id,
      title: data.title,
      class: data.class,
      outcome: input.outcome,
      start,
      end,
      outsideWindow,
      assetCount: data.assetCount,
      assets: assets.slice(0, MAX_EVENT_ASSETS).map((asset) => asset.assetId),
      assetsTruncated: assets.length > MAX_EVENT_ASSETS,
    }),
  );
  if (outsideWindow) {
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'change-outside-window',
        recipients: { roles: ['security-officer'] },
        title: `Implemented outside its window: ${literal(data.title)}`,
        text: `The change “${literal(data.title)}” was authorized for ${utcTime(data.windowStart)} to ${utcTime(data.windowEnd)} but implemented from ${utcTime(start)} to ${utcTime(end)} (${input.outcome}).`,
        link: `/change-requests/${id}`,
      }),
    );
  }
  await work.commit();
  return requestView(tenantId, after);
}
