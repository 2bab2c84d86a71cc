// (b) Check and test the effectiveness of a patch: a lab test of one fix, for the requirements it would patch, as a
// work step of the flow engine (a task for the named tester or the role). A passed test makes the requirements
// `tested`; a failed one returns them with the tester's notes as the reason, and the requester revises (another
// build of the fix, a corrected procedure) before the test runs again.
import { newId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import type { UserData } from '@ismf/directory/rules';
import { requestFlow } from '@ismf/flows/flow-records';
import { withdrawFlow } from '@ismf/flows/withdrawal';
import type { FlowStep, SubjectKind } from '@ismf/flows/subject-kind';
import { entityView, getEntities, getEntity, requireEntity } from '@ismf/store/entities';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { patchRequirementEntity, patchTestEntity, type PatchRequirementData, type PatchTestData } from './entities.ts';
import { patchRequirementsMoved } from './events.ts';
import { patchTestResultSchema, patchTestRevisionSchema, TESTABLE_STATES, type PatchState } from './rules.ts';

export const PATCH_TEST = patchTestEntity.type;

/** The requirements a batch names, each found, of one fix and in one of the states it may be in; else 422 naming each. */
export async function batchOfOneFix(tenantId: string, ids: readonly string[], states: readonly PatchState[], path: string) {
  const read = await getEntities(
    tenantId,
    ids.map((id) => ({ type: patchRequirementEntity.type, id })),
  );
  const requirements: StoredEntity<PatchRequirementData>[] = [];
  const errors: { path: string; message: string }[] = [];
  ids.forEach((id, index) => {
    const requirement = read<PatchRequirementData>(patchRequirementEntity.type, id);
    if (!requirement) errors.push({ path: `${path}.${index}`, message: 'no patch requirement of the tenant' });
    else if (!states.includes(requirement.data.state))
      errors.push({ path: `${path}.${index}`, message: `it is ${requirement.data.state}, not ${states.join(' or ')}` });
    else requirements.push(requirement);
  });
  const fixes = [...new Set(requirements.map((requirement) => requirement.data.fixKey))];
  if (fixes.length > 1)
    errors.push({ path, message: `the requirements name ${fixes.length} different fixes (${fixes.slice(0, 3).join(', ')}): one fix per batch` });
  if (errors.length) throw problems.unprocessable('the requirements cannot go together', errors);
  return requirements;
}

/** Asks for a lab test of one fix: the test record, its flow (a task for the tester) and the requirements moved into it. */
export async function requestPatchTest(
  ctx: WriteContext,
  tenantId: string,
  input: { requirementIds: string[]; assignee?: string; role?: string; reason: string },
  idempotency?: IdempotencyRequest,
) {
  return commitIdempotent(tenantId, ctx.operation, idempotency, async () => {
    const requirements = await batchOfOneFix(tenantId, input.requirementIds, TESTABLE_STATES, 'body.requirementIds');
    let tester: PatchTestData['tester'] = { role: input.role ?? 'security-officer' };
    if (input.assignee) {
      const user = await getEntity<UserData>(tenantId, 'user', input.assignee);
      if (!user || user.data.status !== 'active') {
        throw problems.unprocessable('the tester is no active user of the tenant', [{ path: 'body.assignee', message: 'no active user' }]);
      }
      tester = { subject: user.data.subject };
    }
    const first = requirements[0]!.data;
    const work = new UnitOfWork({ ...ctx, reason: input.reason });
    const id = newId();
    const flowId = requestFlow(work, tenantId, PATCH_TEST, { type: PATCH_TEST, id }, ctx.actor.userId);
    const test = work.create(patchTestEntity, tenantId, id, {
      title: `Lab test: ${first.summary}`,
      fixKey: first.fixKey,
      product: first.product,
      ...(first.fixedVersion ? { fixedVersion: first.fixedVersion } : {}),
      requirementIds: input.requirementIds,
      assetCount: new Set(requirements.map((requirement) => requirement.data.assetId)).size,
      reason: input.reason,
      requestedBy: ctx.actor.userId,
      author: ctx.actor.userId,
      tester,
      flowId,
      status: 'testing',
      results: [],
    });
    work.event(
      patchRequirementsMoved.of(tenantId, {
        requirementIds: input.requirementIds,
        from: [...TESTABLE_STATES],
        to: 'testing',
        reason: `lab test ${id}: ${input.reason}`,
        testId: id,
      }),
    );
    return { work, response: entityView(test) };
  });
}

export async function getPatchTest(tenantId: string, id: string) {
  return entityView(await requireEntity<PatchTestData>(tenantId, PATCH_TEST, id, `patch test ${id}`));
}

/** The requester (or an administrator) withdraws a test under way: its task ends, and the requirements are open again. */
export async function withdrawPatchTest(ctx: WriteContext, tenantId: string, id: string, reason: string) {
  const test = await requireEntity<PatchTestData>(tenantId, PATCH_TEST, id, `patch test ${id}`);
  if (test.data.requestedBy !== ctx.actor.userId && !ctx.actor.roles.includes('admin')) {
    throw problems.forbidden('only the requester of the test or an administrator withdraws it');
  }
  if (test.data.status !== 'testing' && test.data.status !== 'returned') {
    throw problems.conflict(`a test is withdrawn while it is under way or returned; this one is ${test.data.status}`);
  }
  await withdrawFlow(ctx, tenantId, patchTestKind, test.data.flowId, reason);
  return getPatchTest(tenantId, id);
}

const moveOut = (tenantId: string, test: StoredEntity<PatchTestData>, from: PatchState[], to: PatchState, reason: string) =>
  patchRequirementsMoved.of(tenantId, {
    requirementIds: test.data.requirementIds,
    from,
    to,
    reason: `lab test ${test.id}: ${reason}`.slice(0, 4000),
    testId: test.id,
  });

export const patchTestKind: SubjectKind = {
  kind: PATCH_TEST,
  subjectType: PATCH_TEST,
  title: 'patch test',
  link: (id) => `/patch-tests/${id}`,
  steps: [],
  async stepsFor(tenantId, id): Promise<FlowStep[]> {
    const test = await requireEntity<PatchTestData>(tenantId, PATCH_TEST, id, `patch test ${id}`);
    const who = 'subject' in test.data.tester ? { assignee: test.data.tester.subject } : { role: test.data.tester.role as 'security-officer' };
    return [
      {
        type: 'work',
        name: 'lab-test',
        act: `Test the fix in the lab: ${test.data.title.replace(/^Lab test: /, '')}`,
        work: 'lab-test',
        ...who,
        timeout: 'P7D',
      },
    ];
  },
  work: {
    'lab-test': { result: patchTestResultSchema, passed: (result) => result.outcome === 'passed' },
  },
  revision: {
    act: 'Revise the returned patch test (another build, a corrected procedure), then say what changed',
    result: patchTestRevisionSchema,
    editors: ['security-officer', 'admin'],
  },
  async current(tenantId, id) {
    const test = await requireEntity<PatchTestData>(tenantId, PATCH_TEST, id, `patch test ${id}`);
    const { title, product, fixedVersion, assetCount, reason, results, revisionNote } = test.data;
    return {
      version: test.version,
      author: test.data.author,
      snapshot: { title, product, ...(fixedVersion ? { fixedVersion } : {}), assetCount, reason, results, ...(revisionNote ? { revisionNote } : {}) },
    };
  },
  async settle(work, tenantId, id, settlement) {
    const test = await requireEntity<PatchTestData>(tenantId, PATCH_TEST, id, `patch test ${id}`);
    const update = (data: PatchTestData) => {
      const after = work.update(patchTestEntity, test, data);
      return { subject: { version: after.version, author: after.data.author } };
    };
    switch (settlement.outcome) {
      case 'worked': {
        const result = patchTestResultSchema.parse(settlement.result);
        const recorded = { ...result, by: settlement.by, at: work.at, taskId: settlement.taskId };
        // The test is the flow's only step: its pass is the flow's approval, recorded here (the same unit of work
        // settles the approval next, and an item is written once per transaction).
        if (settlement.passed) {
          work.event(moveOut(tenantId, test, ['testing'], 'tested', `passed in ${result.environment}: ${result.notes}`));
          return update({ ...test.data, results: [...test.data.results, recorded], status: 'passed' });
        }
        work.event(moveOut(tenantId, test, ['testing'], 'returned', `failed in ${result.environment}: ${result.notes}`));
        return update({ ...test.data, results: [...test.data.results, recorded], status: 'returned' });
      }
      case 'approved':
        // Recorded with the passing result (above).
        return { subject: { version: test.version, author: test.data.author } };
      case 'revised': {
        const { note } = patchTestRevisionSchema.parse(settlement.result);
        work.event(moveOut(tenantId, test, ['returned'], 'testing', `revised: ${note}`));
        return update({ ...test.data, status: 'testing', revisionNote: note, author: settlement.by });
      }
      default: {
        // Withdrawn, expired or interrupted (a rejection or return has no step here): the requirements are open again.
        const status = settlement.outcome === 'withdrawn' || settlement.outcome === 'expired' ? settlement.outcome : 'interrupted';
        work.event(moveOut(tenantId, test, ['testing', 'returned'], 'open', `the test was ${status}`));
        return update({ ...test.data, status });
      }
    }
  },
};
