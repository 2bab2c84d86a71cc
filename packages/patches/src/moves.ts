// Requirements move on together (into a test and out of it, into a wave, its change, patched, reopened): the
// PatchRequirementsMoved consumer writes each chunk in a transaction of its own with the audit entries, and
// leaves alone a requirement that has moved elsewhere meanwhile. Redelivered, it finds them moved and writes
// nothing.
import type { z } from 'zod';
import { notificationRequested } from '@ismf/events/notification-requested';
import { literal } from '@ismf/mail/notification-text';
import { getEntities } from '@ismf/store/entities';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { patchRequirementEntity, type PatchRequirementData } from './entities.ts';
import type { patchRequirementsMoved } from './events.ts';

const CHUNK = 40;
const ATTEMPTS = 3;

export type Move = z.output<typeof patchRequirementsMoved.data>;

function moved(data: PatchRequirementData, move: Move, at: string): PatchRequirementData {
  const { testId: _test, waveId: _wave, changeId: _change, stateReason: _reason, ...rest } = data;
  // What a state carries: a test's id while testing, a wave's and its change's from scheduling to patched.
  const keepsWave = ['scheduled', 'in-change', 'patched'].includes(move.to);
  return {
    ...rest,
    state: move.to,
    ...(move.reason ? { stateReason: move.reason } : {}),
    ...(move.to === 'testing' && move.testId ? { testId: move.testId } : {}),
    ...(move.to !== 'testing' && data.testId ? { testId: data.testId } : {}),
    ...(keepsWave && (move.waveId ?? data.waveId) ? { waveId: move.waveId ?? data.waveId } : {}),
    ...(keepsWave && (move.changeId ?? data.changeId) ? { changeId: move.changeId ?? data.changeId } : {}),
    ...(move.to === 'patched' ? { patchedAt: at } : {}),
  };
}

/** Moves the named requirements that are in one of the `from` states; answers how many moved. */
export async function moveRequirements(ctx: WriteContext, tenantId: string, move: Move) {
  const movedOnes: StoredEntity<PatchRequirementData>[] = [];
  for (let start = 0; start < move.requirementIds.length; start += CHUNK) {
    let pending = move.requirementIds.slice(start, start + CHUNK);
    // A requirement written meanwhile (merged with another advisory, closed) loses the race: read it again.
    for (let attempt = 1; pending.length && attempt <= ATTEMPTS; attempt++) {
      const read = await getEntities(
        tenantId,
        pending.map((id) => ({ type: patchRequirementEntity.type, id })),
      );
      const work = new UnitOfWork({ ...ctx, reason: move.reason });
      const these: StoredEntity<PatchRequirementData>[] = [];
      for (const id of pending) {
        const requirement = read<PatchRequirementData>(patchRequirementEntity.type, id);
        if (!requirement || !move.from.includes(requirement.data.state)) continue;
        // A wave's or a test's move concerns only the requirements still in that wave or test.
        if (move.waveId && requirement.data.state !== 'tested' && requirement.data.waveId !== move.waveId) continue;
        if (move.testId && requirement.data.state === 'testing' && requirement.data.testId !== move.testId) continue;
        these.push(work.update(patchRequirementEntity, requirement, moved(requirement.data, move, work.at)));
      }
      try {
        if (these.length) await work.commit();
        movedOnes.push(...these);
        pending = [];
      } catch (error) {
        if (![409, 412].includes((error as { status?: number }).status ?? 0) || attempt === ATTEMPTS) throw error;
      }
    }
  }
  if (move.notify && movedOnes.length) await tellOwners(ctx, tenantId, move, movedOnes);
  return movedOnes.length;
}

const NEWS: Partial<Record<Move['to'], string>> = {
  'in-change': 'will be patched through a change request',
  patched: 'was patched',
  open: 'was reopened',
};

async function tellOwners(ctx: WriteContext, tenantId: string, move: Move, requirements: readonly StoredEntity<PatchRequirementData>[]) {
  const news = NEWS[move.to];
  if (!news) return;
  const byOwner = new Map<string, StoredEntity<PatchRequirementData>[]>();
  for (const requirement of requirements) byOwner.set(requirement.data.owner, [...(byOwner.get(requirement.data.owner) ?? []), requirement]);
  const work = new UnitOfWork(ctx);
  for (const [owner, owned] of byOwner) {
    const first = owned[0]!;
    const assets = owned.length === 1 ? literal(first.data.assetName) : `${literal(first.data.assetName)} and ${owned.length - 1} more of your assets`;
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'patch-progress',
        recipients: { members: [owner] },
        title: `${literal(first.data.summary)}: ${move.to === 'open' ? 'reopened' : move.to}`,
        text: `${literal(first.data.summary)} on ${assets} ${news}. ${literal(move.reason)}`,
        link: move.waveId ? `/patch-waves/${move.waveId}` : `/patch-requirements/${first.id}`,
      }),
    );
  }
  await work.commit();
}
