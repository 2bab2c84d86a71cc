// Asset policy changes: a proposed policy takes effect only when a security officer has checked it and a
// manager has approved it (X.1052 7: establishment, approval, review and change of policy). Returned
// changes are revised by their author and go through both steps again.
import { policyRevisionSchema, type AssetPolicy, type PolicyChangeSort } from './rules.ts';
import { newId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { requestFlow } from '@ismf/flows/flow-records';
import { withdrawFlow } from '@ismf/flows/withdrawal';
import type { SubjectKind } from '@ismf/flows/subject-kind';
import { entityView, queryPatternPage, requireEntity, type PageRequest } from '@ismf/store/entities';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { personNames } from '@ismf/store/people-names';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { assetPolicyChangeEntity } from './entities.ts';
import { applyAssetPolicy, currentPolicy } from './policy.ts';

export const POLICY_CHANGE = assetPolicyChangeEntity.type;

export type PolicyChangeStatus = 'pending-approval' | 'returned' | 'approved' | 'rejected' | 'superseded' | 'expired' | 'interrupted' | 'withdrawn';

export interface PolicyChangeData {
  [key: string]: unknown;
  policy: AssetPolicy;
  /** The policy version the change was written against: if another change took effect first, this one is superseded. */
  basedOnVersion: number;
  reason: string;
  status: PolicyChangeStatus;
  requestedBy: string;
  /** Who wrote the current version of the proposal (the requester, or the reviser after a return). */
  author: string;
  flowId: string;
  appliedVersion?: number;
  returnReason?: string;
  rejectionReason?: string;
  revisionNote?: string;
  withdrawalReason?: string;
}

const view = (entity: StoredEntity<PolicyChangeData>) => entityView(entity);
type PolicyChangeView = ReturnType<typeof view>;

/** Changes as people read them: requester and author (token subjects) named, one directory read for them all. */
async function namedViews(tenantId: string, changes: readonly PolicyChangeView[]) {
  const names = await personNames(tenantId, { subjects: changes.flatMap((change) => [change.requestedBy, change.author]) });
  return changes.map((change) => ({ ...change, requestedByPerson: names.subject(change.requestedBy), authorPerson: names.subject(change.author) }));
}

const namedView = async (tenantId: string, change: PolicyChangeView) => (await namedViews(tenantId, [change]))[0]!;

export async function submitPolicyChange(
  ctx: WriteContext,
  tenantId: string,
  input: { policy: AssetPolicy; reason: string },
  idempotency?: IdempotencyRequest,
) {
  // The answer kept for a replay holds the recorded ids; the names are read as it is answered.
  const result = await commitIdempotent(tenantId, ctx.operation, idempotency, async () => {
    const { stored } = await currentPolicy(tenantId);
    const work = new UnitOfWork({ ...ctx, reason: input.reason });
    const id = newId();
    const flowId = requestFlow(work, tenantId, POLICY_CHANGE, { type: POLICY_CHANGE, id }, ctx.actor.userId);
    const change = work.create(assetPolicyChangeEntity, tenantId, id, {
      policy: input.policy,
      basedOnVersion: stored?.version ?? 0,
      reason: input.reason,
      status: 'pending-approval',
      requestedBy: ctx.actor.userId,
      author: ctx.actor.userId,
      flowId,
    });
    return { work, response: view(change) };
  });
  return { ...result, response: await namedView(tenantId, result.response) };
}

/** The requester (or an administrator) withdraws a change still under decision. */
export async function withdrawPolicyChange(ctx: WriteContext, tenantId: string, id: string, reason: string) {
  const change = await requireEntity<PolicyChangeData>(tenantId, POLICY_CHANGE, id, `asset policy change ${id}`);
  if (change.data.requestedBy !== ctx.actor.userId && !ctx.actor.roles.includes('admin')) {
    throw problems.forbidden('only the requester or an administrator withdraws a change');
  }
  if (change.data.status !== 'pending-approval' && change.data.status !== 'returned') {
    throw problems.conflict(`this change is ${change.data.status}: only a change under decision can be withdrawn`);
  }
  await withdrawFlow(ctx, tenantId, assetPolicyChangeKind, change.data.flowId, reason);
  return getPolicyChange(tenantId, id);
}

export async function getPolicyChange(tenantId: string, id: string) {
  return namedView(tenantId, view(await requireEntity<PolicyChangeData>(tenantId, POLICY_CHANGE, id, `asset policy change ${id}`)));
}

export async function listPolicyChanges(tenantId: string, page: PageRequest & { sort?: PolicyChangeSort }) {
  const result = await queryPatternPage(assetPolicyChangeEntity, 'list', tenantId, {}, { page, ...(page.sort === '-submitted' ? { descending: true } : {}) });
  return { items: await namedViews(tenantId, result.items.map(view)), nextCursor: result.nextCursor };
}

export const assetPolicyChangeKind: SubjectKind = {
  kind: POLICY_CHANGE,
  subjectType: POLICY_CHANGE,
  title: 'asset policy change',
  link: (id) => `/asset-policy-changes/${id}`,
  steps: [
    { name: 'check', act: 'Check the asset policy change', chain: ['security-officer', 'admin'] },
    { name: 'approve', act: 'Approve the asset policy change', chain: ['manager', 'admin'] },
  ],
  revision: { act: 'Revise the returned asset policy change', result: policyRevisionSchema, editors: ['admin', 'security-officer'] },
  async current(tenantId, id) {
    const [change, inForce] = await Promise.all([
      requireEntity<PolicyChangeData>(tenantId, POLICY_CHANGE, id, `asset policy change ${id}`),
      currentPolicy(tenantId),
    ]);
    const { policy, basedOnVersion, reason, revisionNote } = change.data;
    return {
      version: change.version,
      author: change.data.author,
      snapshot: { policy, basedOnVersion, reason, ...(revisionNote ? { revisionNote } : {}) },
      // Compared with the policy in force now, which may be newer than the one the change was based on.
      inForce: { title: 'the asset policy', version: inForce.stored?.version ?? 0, current: inForce.policy, proposed: policy },
    };
  },
  async settle(work, tenantId, id, settlement) {
    const change = await requireEntity<PolicyChangeData>(tenantId, POLICY_CHANGE, id, `asset policy change ${id}`);
    const data = change.data;
    const settled = (after: StoredEntity<PolicyChangeData>, superseded = false) => ({
      subject: { version: after.version, author: after.data.author },
      ...(superseded ? { superseded } : {}),
    });
    switch (settlement.outcome) {
      case 'approved': {
        const current = await currentPolicy(tenantId);
        if ((current.stored?.version ?? 0) !== data.basedOnVersion)
          return settled(work.update(assetPolicyChangeEntity, change, { ...data, status: 'superseded' }), true);
        const appliedVersion = applyAssetPolicy(work, tenantId, current, data.policy);
        return settled(work.update(assetPolicyChangeEntity, change, { ...data, status: 'approved', appliedVersion }));
      }
      case 'rejected':
        return settled(work.update(assetPolicyChangeEntity, change, { ...data, status: 'rejected', rejectionReason: settlement.reason }));
      case 'returned':
        return settled(work.update(assetPolicyChangeEntity, change, { ...data, status: 'returned', returnReason: settlement.reason }));
      case 'revised': {
        const revision = policyRevisionSchema.parse(settlement.result);
        return settled(
          work.update(assetPolicyChangeEntity, change, {
            ...data,
            policy: revision.policy,
            revisionNote: revision.note,
            author: settlement.by,
            status: 'pending-approval',
          }),
        );
      }
      case 'withdrawn':
        return settled(work.update(assetPolicyChangeEntity, change, { ...data, status: 'withdrawn', withdrawalReason: settlement.reason }));
      case 'worked':
        throw new Error('an asset policy change has no work steps');
      default:
        return settled(work.update(assetPolicyChangeEntity, change, { ...data, status: settlement.outcome }));
    }
  },
};
