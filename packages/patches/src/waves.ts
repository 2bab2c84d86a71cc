// Patching runs through security change management (X.1052 12.2.3, last paragraph; 12.2.4 a): tested requirements of
// one fix are grouped into rollout waves — by fix and asset class, in a window — and a security officer other than
// the planner approves each wave (a decision step). Approval asks the change area for one change request for the
// whole wave (ChangeRequested, origin `patches:patch-wave:<id>`); the change area's answers move the wave and its
// requirements on: the request opened (or refused), implemented (patched), rolled back or partly implemented
// (reopened, to be tested and planned again).
import { newId } from '@ismf/core/ids';
import { changeRequested, type changeRequestOpened } from '@ismf/change/events';
import type { changeImplemented } from '@ismf/change/outcome-events';
import type { ChangeRequestData } from '@ismf/change/entities';
import { requestFlow } from '@ismf/flows/flow-records';
import { withdrawFlow } from '@ismf/flows/withdrawal';
import { problems } from '@ismf/core/problems';
import type { SubjectKind } from '@ismf/flows/subject-kind';
import { entityView, getEntity, queryPattern, queryPatternPage, requireEntity, type PageRequest } from '@ismf/store/entities';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import type { z } from 'zod';
import { patchRequirementEntity, patchWaveEntity, type PatchRequirementData, type PatchWaveData } from './entities.ts';
import { patchRequirementsMoved } from './events.ts';
import { higher, rankOf } from './fixes.ts';
import { MAX_PER_BATCH, waveRevisionSchema, type Priority } from './rules.ts';
import { batchOfOneFix } from './tests.ts';

export const PATCH_WAVE = patchWaveEntity.type;
export const ORIGIN = { area: 'patches', type: PATCH_WAVE } as const;
/** Tested requirements the proposals read at most (the oldest due first). */
const PROPOSAL_READ = 2_000;

export interface WaveInput {
  title?: string;
  requirementIds: string[];
  window: { start: string; end: string };
  class: 'normal' | 'emergency';
  reason: string;
}

const instant = (time: string) => new Date(time).toISOString();

/** Plans a wave of tested requirements of one fix: the wave, its approval flow, and the requirements scheduled into it. */
export async function createWave(ctx: WriteContext, tenantId: string, input: WaveInput, idempotency?: IdempotencyRequest) {
  return commitIdempotent(tenantId, ctx.operation, idempotency, async () => {
    const requirements = await batchOfOneFix(tenantId, input.requirementIds, ['tested'], 'body.requirementIds');
    const first = requirements[0]!.data;
    const classes = [...new Set(requirements.map((requirement) => requirement.data.assetType))].sort();
    const priority = requirements.map((requirement) => requirement.data.priority).reduce<Priority>(higher, 'low');
    const work = new UnitOfWork({ ...ctx, reason: input.reason });
    const id = newId();
    const flowId = requestFlow(work, tenantId, PATCH_WAVE, { type: PATCH_WAVE, id }, ctx.actor.userId);
    const wave = work.create(patchWaveEntity, tenantId, id, {
      title: input.title ?? `${first.summary} — ${classes.join(', ')} assets`,
      fixKey: first.fixKey,
      product: first.product,
      ...(first.fixedVersion ? { fixedVersion: first.fixedVersion } : {}),
      assetClasses: classes,
      requirementIds: input.requirementIds,
      assetIds: [...new Set(requirements.map((requirement) => requirement.data.assetId))],
      vulnerabilities: [...new Set(requirements.flatMap((requirement) => requirement.data.vulnerabilities))].slice(0, 100),
      priority,
      earliestDueAt: requirements.map((requirement) => requirement.data.dueAt).sort()[0]!,
      window: { start: instant(input.window.start), end: instant(input.window.end) },
      class: input.class,
      reason: input.reason,
      requestedBy: ctx.actor.userId,
      author: ctx.actor.userId,
      flowId,
      status: 'pending-approval',
    });
    work.event(
      patchRequirementsMoved.of(tenantId, {
        requirementIds: input.requirementIds,
        from: ['tested'],
        to: 'scheduled',
        reason: `rollout wave ${id}: ${input.reason}`,
        waveId: id,
      }),
    );
    return { work, response: entityView(wave) };
  });
}

export const requireWave = (tenantId: string, id: string) => requireEntity<PatchWaveData>(tenantId, PATCH_WAVE, id, `patch wave ${id}`);

export async function getWave(tenantId: string, id: string) {
  return entityView(await requireWave(tenantId, id));
}

export async function listWaves(tenantId: string, status: PatchWaveData['status'] | undefined, page: PageRequest) {
  const result = status
    ? await queryPatternPage(patchWaveEntity, 'byStatus', tenantId, { status }, { page })
    : await queryPatternPage(patchWaveEntity, 'list', tenantId, {}, { page, descending: true });
  return { items: result.items.map((wave) => entityView(wave)), nextCursor: result.nextCursor };
}

/**
 * Waves to plan: the tested requirements not in a wave, grouped by fix and asset class, at most 100 to a group,
 * the most urgent first (priority, then the earliest due date).
 */
export async function proposeWaves(tenantId: string) {
  const tested = await queryPatternPage(patchRequirementEntity, 'byState', tenantId, { state: 'tested' }, { page: { limit: PROPOSAL_READ } });
  const groups = new Map<string, StoredEntity<PatchRequirementData>[]>();
  for (const requirement of tested.items) {
    const key = `${requirement.data.fixKey}\u0000${requirement.data.assetType}`;
    groups.set(key, [...(groups.get(key) ?? []), requirement]);
  }
  const proposals = [...groups.values()].flatMap((group) => {
    const chunks: StoredEntity<PatchRequirementData>[][] = [];
    for (let start = 0; start < group.length; start += MAX_PER_BATCH) chunks.push(group.slice(start, start + MAX_PER_BATCH));
    return chunks.map((chunk) => {
      const first = chunk[0]!.data;
      return {
        fixKey: first.fixKey,
        summary: first.summary,
        product: first.product,
        ...(first.fixedVersion ? { fixedVersion: first.fixedVersion } : {}),
        assetClass: first.assetType,
        requirementIds: chunk.map((requirement) => requirement.id),
        assetCount: new Set(chunk.map((requirement) => requirement.data.assetId)).size,
        priority: chunk.map((requirement) => requirement.data.priority).reduce<Priority>(higher, 'low'),
        earliestDueAt: chunk.map((requirement) => requirement.data.dueAt).sort()[0]!,
      };
    });
  });
  proposals.sort((a, b) => rankOf(a.priority) - rankOf(b.priority) || a.earliestDueAt.localeCompare(b.earliestDueAt));
  return { items: proposals, more: tested.nextCursor !== undefined };
}

const moveOf = (
  tenantId: string,
  wave: StoredEntity<PatchWaveData>,
  from: PatchRequirementData['state'][],
  to: PatchRequirementData['state'],
  reason: string,
  more: { changeId?: string; notify?: boolean } = {},
) =>
  patchRequirementsMoved.of(tenantId, {
    requirementIds: wave.data.requirementIds,
    from,
    to,
    reason: `rollout wave ${wave.id}: ${reason}`.slice(0, 4000),
    waveId: wave.id,
    ...more,
  });

/** The change request the approved wave asks for: its assets, window and why (fix, vulnerabilities, priority, due date). */
function requestChange(tenantId: string, wave: StoredEntity<PatchWaveData>) {
  const data = wave.data;
  const vulnerabilities = data.vulnerabilities.length
    ? ` for ${data.vulnerabilities.slice(0, 10).join(', ')}${data.vulnerabilities.length > 10 ? ' and more' : ''}`
    : '';
  return changeRequested.of(tenantId, {
    origin: { ...ORIGIN, id: wave.id },
    title: data.title.slice(0, 200),
    reason:
      `Patch rollout${vulnerabilities}: ${data.fixedVersion ? `${data.product} ${data.fixedVersion}` : data.product}, tested in the lab; ${data.priority} priority, due by ${data.earliestDueAt.slice(0, 10)}. ${data.reason}`.slice(
        0,
        2000,
      ),
    class: data.class,
    assets: data.assetIds.slice(0, MAX_PER_BATCH),
    requestedWindow: data.window,
    requestedBy: data.author,
  });
}

export const patchWaveKind: SubjectKind = {
  kind: PATCH_WAVE,
  subjectType: PATCH_WAVE,
  title: 'patch rollout wave',
  link: (id) => `/patch-waves/${id}`,
  steps: [{ name: 'approve', act: 'Approve the patch rollout wave (its change request is then opened)', chain: ['security-officer', 'admin'], timeout: 'P3D' }],
  revision: {
    act: 'Revise the returned rollout wave, then say what changed',
    result: waveRevisionSchema,
    editors: ['security-officer', 'admin'],
  },
  async current(tenantId, id) {
    const wave = await requireWave(tenantId, id);
    const { title, product, fixedVersion, assetClasses, assetIds, vulnerabilities, priority, earliestDueAt, window, reason } = wave.data;
    return {
      version: wave.version,
      author: wave.data.author,
      snapshot: {
        title,
        product,
        ...(fixedVersion ? { fixedVersion } : {}),
        assetClasses,
        assetCount: assetIds.length,
        vulnerabilities,
        priority,
        earliestDueAt,
        window,
        class: wave.data.class,
        reason,
      },
    };
  },
  async settle(work, tenantId, id, settlement) {
    const wave = await requireWave(tenantId, id);
    const update = (data: PatchWaveData) => {
      const after = work.update(patchWaveEntity, wave, data);
      return { subject: { version: after.version, author: after.data.author } };
    };
    switch (settlement.outcome) {
      case 'approved':
        work.event(requestChange(tenantId, wave));
        return update({ ...wave.data, status: 'approved' });
      case 'returned':
        return update({ ...wave.data, status: 'returned', decisionReason: settlement.reason });
      case 'revised': {
        const revision = waveRevisionSchema.parse(settlement.result);
        return update({
          ...wave.data,
          status: 'pending-approval',
          reason: revision.note,
          ...(revision.window ? { window: { start: instant(revision.window.start), end: instant(revision.window.end) } } : {}),
          author: settlement.by,
        });
      }
      case 'worked':
        throw new Error('a patch wave has no work steps');
      default: {
        // Rejected, withdrawn, expired or interrupted: its requirements are free for another wave.
        const status = settlement.outcome;
        const reason = 'reason' in settlement ? settlement.reason : status;
        work.event(moveOf(tenantId, wave, ['scheduled'], 'tested', `${status}: ${reason}`));
        return update({ ...wave.data, status, ...('reason' in settlement ? { decisionReason: settlement.reason } : {}) });
      }
    }
  },
};

/** The planner (or an administrator) withdraws a wave not yet approved: its requirements are free for another. */
export async function withdrawWave(ctx: WriteContext, tenantId: string, id: string, reason: string) {
  const wave = await requireWave(tenantId, id);
  if (wave.data.requestedBy !== ctx.actor.userId && !ctx.actor.roles.includes('admin')) {
    throw problems.forbidden('only the planner of the wave or an administrator withdraws it');
  }
  if (wave.data.status !== 'pending-approval' && wave.data.status !== 'returned') {
    throw problems.conflict(`a wave is withdrawn while it waits for approval or revision; this one is ${wave.data.status}`);
  }
  await withdrawFlow(ctx, tenantId, patchWaveKind, wave.data.flowId, reason);
  return getWave(tenantId, id);
}

/** The change area opened the wave's change request (a draft), or recorded it refused: the wave and its requirements follow. */
export async function changeOpened(ctx: WriteContext, tenantId: string, data: z.output<typeof changeRequestOpened.data>) {
  if (!('area' in data.origin) || data.origin.area !== ORIGIN.area || data.origin.type !== ORIGIN.type) return;
  const wave = await getEntity<PatchWaveData>(tenantId, PATCH_WAVE, data.origin.id);
  if (!wave || wave.data.status !== 'approved') return;
  const work = new UnitOfWork({ ...ctx, reason: `change request ${data.changeId} ${data.state === 'draft' ? 'opened' : 'refused'}` });
  if (data.state === 'draft') {
    work.update(patchWaveEntity, wave, { ...wave.data, status: 'in-change', changeId: data.changeId });
    work.event(moveOf(tenantId, wave, ['scheduled'], 'in-change', `change request ${data.changeId} opened`, { changeId: data.changeId, notify: true }));
  } else {
    const change = await getEntity<ChangeRequestData>(tenantId, 'change-request', data.changeId);
    const refusal = change?.data.refusal ? `${change.data.refusal.field}: ${change.data.refusal.reason}` : 'refused by change management';
    work.update(patchWaveEntity, wave, { ...wave.data, status: 'change-refused', changeId: data.changeId, refusal });
    work.event(moveOf(tenantId, wave, ['scheduled'], 'tested', `its change request was refused (${refusal})`));
  }
  await work.commit();
}

/** The wave's change was implemented (patched), rolled back or partly implemented (reopened). */
export async function changeDone(ctx: WriteContext, tenantId: string, data: z.output<typeof changeImplemented.data>) {
  const [wave] = await queryPattern(patchWaveEntity, 'byChange', tenantId, { changeId: data.changeId });
  if (!wave || wave.data.status !== 'in-change') return;
  const work = new UnitOfWork({ ...ctx, reason: `change request ${data.changeId} ${data.outcome}` });
  work.update(patchWaveEntity, wave, { ...wave.data, status: data.outcome, outcomeAt: data.end });
  work.event(
    data.outcome === 'implemented'
      ? moveOf(tenantId, wave, ['in-change'], 'patched', `change request ${data.changeId} implemented`, { changeId: data.changeId, notify: true })
      : moveOf(tenantId, wave, ['in-change'], 'open', `change request ${data.changeId} was ${data.outcome}: test and plan the patch again`, { notify: true }),
  );
  await work.commit();
}
