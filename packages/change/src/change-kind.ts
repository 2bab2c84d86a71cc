// A change request as a subject of the flow engine (X.1052 12.2.4 c, d): the steps chosen by its class when
// it is submitted — a normal change is tested in the lab, then on site where the plan asks, then authorized by
// management in charge of operations (one approver or a board's quorum); an emergency change is authorized
// first, within hours; a standard change needs no step — a failed test returns the plan to its author, and
// the planner and testers never authorize it.
import { problems } from '@ismf/core/problems';
import type { UserData } from '@ismf/directory/rules';
import { notificationRequested } from '@ismf/events/notification-requested';
import type { FlowStep, Settled, SubjectKind } from '@ismf/flows/subject-kind';
import { literal, utcTime } from '@ismf/mail/notification-text';
import { getEntity } from '@ismf/store/entities';
import type { StoredEntity, UnitOfWork } from '@ismf/store/unit-of-work';
import { changeRequestEntity, type ChangeRequestData } from './entities.ts';
import { MAX_EVENT_ASSETS } from './events.ts';
import { changeAuthorized } from './outcome-events.ts';
import { moveWindow } from './impact.ts';
import { requireRequest } from './requests.ts';
import type { ChangePlan, TestAssignee } from './rules.ts';
import { changeSettings } from './settings.ts';
import { changeRiskScore, planRevisedSchema, testResultSchema, type TestResult } from './step-rules.ts';

export const CHANGE_REQUEST = changeRequestEntity.type;
/** The asset owners one authorization notifies at once (the window notice job reaches the rest). */
const MAX_OWNERS_NOTIFIED = 100;

export const TEST_STEPS = { 'lab-test': 'lab', 'on-site-test': 'on-site' } as const;

/** One test's record on the request: the step's result, who handed it in, and in which round of the plan. */
export interface ChangeTest extends TestResult {
  [key: string]: unknown;
  kind: 'lab' | 'on-site' | 'after-the-fact';
  taskId?: string;
  planVersion: number;
  by: string;
  at: string;
}

/**
 * Who does a test: a role, or the named person by their sign-in subject (work tasks are assigned by token
 * subject). A person no longer active since the submission checked the plan: the security officers instead,
 * so that the flow never stops on it.
 */
async function assigneeOf(tenantId: string, who: TestAssignee): Promise<Pick<FlowStep & { type: 'work' }, 'assignee' | 'role'>> {
  if ('role' in who) return { role: who.role };
  const user = await getEntity<UserData>(tenantId, 'user', who.assignee);
  return user?.data.status === 'active' ? { assignee: user.data.subject } : { role: 'security-officer' };
}

/** The steps of this request's flow, by its class and the tenant's settings when it is submitted. */
export async function changeSteps(tenantId: string, change: ChangeRequestData): Promise<FlowStep[]> {
  const settings = await changeSettings(tenantId);
  const plan = change.plan;
  if (change.class === 'standard') return [];
  if (change.class === 'emergency') {
    const role = settings.emergencyAuthorizerRole;
    return [
      {
        name: 'authorize',
        act: 'Authorize the emergency change',
        chain: role === 'admin' ? ['admin'] : [role, 'admin'],
        quorum: settings.authorization.emergency.quorum,
        timeout: 'PT4H',
      },
    ];
  }
  if (!plan) throw new Error(`change request ${change.title} was submitted without a plan`);
  const { role, quorum } = settings.authorization.normal;
  return [
    { type: 'work', name: 'lab-test', act: 'Test the change plan in the lab', work: 'test', ...(await assigneeOf(tenantId, plan.labTest)), timeout: 'P7D' },
    ...(plan.onSiteTest
      ? [
          {
            type: 'work' as const,
            name: 'on-site-test',
            act: 'Test the change plan on site',
            work: 'test',
            ...(await assigneeOf(tenantId, plan.onSiteTest)),
            timeout: 'P7D' as const,
          },
        ]
      : []),
    {
      name: 'authorize',
      act: 'Authorize the change',
      chain: role === 'admin' ? ['admin'] : [role, 'admin'],
      quorum,
      timeout: 'P3D',
      separateFrom: ['lab-test', 'on-site-test'],
    },
  ];
}

/** Production personal data in a test needs the plan's protection (X.1051 12.4.2). */
export function testDataProblem(plan: Pick<ChangePlan, 'testDataProtection'> | undefined, result: TestResult, path: string) {
  if (!result.testData.productionPersonalData || plan?.testDataProtection) return undefined;
  return problems.unprocessable('production personal data was used in the test, but the plan does not say how it is protected (X.1051 12.4.2)', [
    { path, message: 'add testDataProtection to the plan, or test without production personal data' },
  ]);
}

/** What the authorizer (and each tester) sees: the plan, the impact with the risk score, the tests so far, the conflicts. */
function snapshotOf(change: ChangeRequestData) {
  const { title, reason, plan, planVersion, impact, tests, conflicts } = change;
  return {
    title,
    class: change.class,
    reason,
    assetCount: change.assetCount,
    impact,
    ...(plan ? { plan, planVersion, riskScore: changeRiskScore(impact, plan.serviceImpact) } : {}),
    tests: tests.filter((test) => test.planVersion === planVersion),
    conflicts,
  };
}

const settledOf = (after: StoredEntity<ChangeRequestData>): Settled => ({ subject: { version: after.version, author: after.data.author } });

export const changeRequestKind: SubjectKind = {
  kind: CHANGE_REQUEST,
  subjectType: CHANGE_REQUEST,
  title: 'change request',
  link: (id) => `/change-requests/${id}`,
  steps: [],
  async stepsFor(tenantId, id) {
    return changeSteps(tenantId, (await requireRequest(tenantId, id)).data);
  },
  work: {
    test: {
      result: testResultSchema,
      passed: (result) => result.outcome === 'passed',
      async check(tenantId, id, result) {
        const change = await requireRequest(tenantId, id);
        const problem = testDataProblem(change.data.plan, result as TestResult, 'body.result.testData.productionPersonalData');
        if (problem) throw problem;
      },
    },
  },
  // The plan is revised through PUT /change-requests/{id}/plan (the tenant's rules, freezes included, are
  // checked there, by a function granted the indexes they read); the task then hands in what changed.
  revision: {
    act: 'Revise the returned change plan (PUT its plan), then say what changed',
    result: planRevisedSchema,
    editors: ['admin', 'security-officer'],
    async check(tenantId, id) {
      const change = await requireRequest(tenantId, id);
      if (change.data.planVersion <= (change.data.returnedPlanVersion ?? 0)) {
        throw problems.unprocessable(
          `the plan is still version ${change.data.planVersion}, the one returned: revise it first (PUT /change-requests/${id}/plan)`,
          [{ path: 'body.result', message: 'the plan is not revised yet' }],
        );
      }
    },
  },
  async current(tenantId, id) {
    const change = await requireRequest(tenantId, id);
    return { version: change.version, author: change.data.author, snapshot: snapshotOf(change.data) };
  },
  async settle(work, tenantId, id, settlement) {
    const change = await requireRequest(tenantId, id);
    const data = change.data;
    const at = new Date().toISOString();
    switch (settlement.outcome) {
      case 'worked': {
        const result = testResultSchema.parse(settlement.result);
        const kind = TEST_STEPS[settlement.step as keyof typeof TEST_STEPS] ?? 'lab';
        const test: ChangeTest = { ...result, kind, taskId: settlement.taskId, planVersion: data.planVersion, by: settlement.by, at };
        const failed = settlement.passed
          ? {}
          : { state: 'returned' as const, returnReason: `the ${kind} test failed: ${result.notes}`, returnedPlanVersion: data.planVersion };
        return settledOf(work.update(changeRequestEntity, change, { ...data, tests: [...data.tests, test], ...failed }));
      }
      case 'returned':
        return settledOf(
          work.update(changeRequestEntity, change, { ...data, state: 'returned', returnReason: settlement.reason, returnedPlanVersion: data.planVersion }),
        );
      case 'revised': {
        const { note } = planRevisedSchema.parse(settlement.result);
        return settledOf(work.update(changeRequestEntity, change, { ...data, state: 'submitted', revisionNote: note }));
      }
      case 'approved':
        return settledOf(await authorize(work, tenantId, change, at));
      case 'rejected':
        return settledOf(work.update(changeRequestEntity, change, { ...data, state: 'rejected', rejectionReason: settlement.reason }));
      case 'withdrawn':
        return settledOf(work.update(changeRequestEntity, change, { ...data, state: 'withdrawn', withdrawalReason: settlement.reason }));
      default:
        // Expired, or interrupted by a restart of the local runtime: the request lapsed; it is submitted again as a new one.
        return settledOf(work.update(changeRequestEntity, change, { ...data, state: 'expired' }));
    }
  },
};

/**
 * (d) Authorized: the request becomes `authorized` and ChangeAuthorized is announced (the conflict check
 * answers it: conflict-flags.ts); the affected assets' owners are told now when the window opens within the
 * tenant's notice period, else by the window notice job in time.
 */
async function authorize(work: UnitOfWork, tenantId: string, change: StoredEntity<ChangeRequestData>, at: string) {
  const data = change.data;
  // The assets' copies of the window follow the plan (derived, idempotent) before anyone reads them by window.
  const window = { start: data.windowStart, end: data.windowEnd };
  const assets = await moveWindow(tenantId, change.id, window);
  const settings = await changeSettings(tenantId);
  const noticeDue = Date.parse(data.windowStart) - settings.ownerNoticeHours * 3_600_000 <= Date.parse(at);
  const owners = [...new Set(assets.map((asset) => asset.owner))];
  const after = work.update(changeRequestEntity, change, {
    ...data,
    state: 'authorized',
    authorization: { at, flowId: data.flowId },
    ...(noticeDue ? { ownersNotifiedAt: at } : {}),
  });
  work.event(
    changeAuthorized.of(tenantId, {
      changeId: change.id,
      class: data.class,
      window,
      assetCount: data.assetCount,
      assets: assets.slice(0, MAX_EVENT_ASSETS).map((asset) => asset.assetId),
      assetsTruncated: assets.length > MAX_EVENT_ASSETS,
    }),
  );
  if (noticeDue && owners.length) work.event(ownerNotice(tenantId, change.id, data, owners.slice(0, MAX_OWNERS_NOTIFIED)));
  return after;
}

/** The notice to the affected assets' owners that a change window opens. */
export function ownerNotice(tenantId: string, changeId: string, data: ChangeRequestData, owners: string[]) {
  return notificationRequested.of(tenantId, {
    kind: 'change-window',
    recipients: { members: owners },
    title: `A change to your assets: ${literal(data.title)}`,
    text: `The authorized ${data.class} change “${literal(data.title)}” affects assets you own; its window runs from ${utcTime(data.windowStart)} to ${utcTime(data.windowEnd)}.`,
    link: `/change-requests/${changeId}`,
  });
}
