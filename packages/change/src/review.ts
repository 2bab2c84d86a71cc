// (f) Track and monitor: the post-implementation review, owed by the implementer's manager (else the security
// officers) from N days after the implementation — was the change effective, did it cause negative impact
// (degradations, incidents)? An emergency change is tested here, after the fact. A negative impact is
// announced (ChangeCausedNegativeImpact) for risk and incident management; an ineffective change is `failed`.
import { problems, type FieldError } from '@ismf/core/problems';
import { notificationRequested } from '@ismf/events/notification-requested';
import { literal } from '@ismf/mail/notification-text';
import { keyedChildren } from '@ismf/store/batch-write';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { testDataProblem, type ChangeTest } from './change-kind.ts';
import { changeAssetEntity, changeRequestEntity, type ChangeAssetData, type ChangeRequestData } from './entities.ts';
import { MAX_EVENT_ASSETS } from './events.ts';
import type { Implementer } from './implementation.ts';
import { changeCausedNegativeImpact } from './outcome-events.ts';
import { requestView, requireRequest } from './requests.ts';
import type { ReviewInput } from './step-rules.ts';

/** Who records the review: the implementer's manager, else (no manager in the directory) a security officer; an administrator always. */
export function mayReview(change: Pick<ChangeRequestData, 'reviewer'>, caller: Implementer): boolean {
  if (caller.roles.includes('admin')) return true;
  if (change.reviewer) return caller.memberId === change.reviewer;
  return caller.roles.includes('security-officer');
}

/** The review's own rules against the change: 422s naming each field. */
function reviewErrors(change: ChangeRequestData, input: ReviewInput): FieldError[] {
  const errors: FieldError[] = [];
  const due = change.technicalReviewsDue ?? [];
  const given = new Set((input.technicalReviews ?? []).map((review) => review.assetId));
  const missing = due.filter((application) => !given.has(application.assetId));
  if (missing.length) {
    errors.push({
      path: 'body.technicalReviews',
      message: `the applications on the changed platform need a technical review (X.1051 12.5.2): ${missing.map((application) => `${application.name} (${application.assetId})`).join(', ')}`,
    });
  }
  const listed = new Set(due.map((application) => application.assetId));
  (input.technicalReviews ?? []).forEach((review, index) => {
    if (!listed.has(review.assetId))
      errors.push({ path: `body.technicalReviews.${index}.assetId`, message: 'not an application this change listed for review' });
  });
  if (change.class === 'emergency' && !input.afterTheFactTest) {
    errors.push({ path: 'body.afterTheFactTest', message: 'an emergency change is tested after the fact: record the test with the review' });
  }
  return errors;
}

export async function recordReview(ctx: WriteContext, tenantId: string, id: string, expectedVersion: number, input: ReviewInput, caller: Implementer) {
  const before = await requireRequest(tenantId, id);
  const data = before.data;
  if (data.review) throw problems.conflict('this change was reviewed already', [{ path: 'body', message: 'a second review' }]);
  if (!data.implementation)
    throw problems.conflict(`a change is reviewed after its implementation; this one is ${data.state}`, [{ path: 'body', message: 'no implementation yet' }]);
  if (!mayReview(data, caller)) throw problems.forbidden('the review is owed by the implementer’s manager (or, without one, the security officers)');
  if (before.version !== expectedVersion) throw problems.stale(`change request ${id} is at version ${before.version}, not ${expectedVersion}`);
  const errors = reviewErrors(data, input);
  if (errors.length) throw problems.unprocessable('the review is not complete', errors);
  if (input.afterTheFactTest) {
    const problem = testDataProblem(data.plan, input.afterTheFactTest, 'body.afterTheFactTest.testData.productionPersonalData');
    if (problem) throw problem;
  }
  const at = new Date().toISOString();
  const { afterTheFactTest, ...review } = input;
  const tests: ChangeTest[] = afterTheFactTest
    ? [...(data.tests as ChangeTest[]), { ...afterTheFactTest, kind: 'after-the-fact', planVersion: data.planVersion, by: ctx.actor.userId, at }]
    : (data.tests as ChangeTest[]);
  // Ineffective, or an emergency change whose after-the-fact test failed: the change failed.
  const failed = !input.effective || afterTheFactTest?.outcome === 'failed';
  const work = new UnitOfWork({
    ...ctx,
    reason: `post-implementation review: ${input.effective ? 'effective' : 'not effective'}${input.negativeImpact ? ', negative impact' : ''}`,
  });
  const after = work.update(changeRequestEntity, before, {
    ...data,
    tests,
    review: { ...review, by: ctx.actor.userId, at, overdue: at > data.reviewDueAt! },
    ...(failed ? { state: 'failed' as const } : {}),
  });
  if (input.negativeImpact) {
    const assets = await keyedChildren<ChangeAssetData>(changeAssetEntity, tenantId, id);
    work.event(
      changeCausedNegativeImpact.of(tenantId, {
        changeId: id,
        title: data.title,
        degradations: input.degradations!,
        incidentRefs: input.incidentRefs ?? [],
        effective: input.effective,
        assetCount: data.assetCount,
        assets: assets.slice(0, MAX_EVENT_ASSETS).map((asset) => asset.assetId),
        assetsTruncated: assets.length > MAX_EVENT_ASSETS,
      }),
    );
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'change-negative-impact',
        recipients: { roles: ['security-officer', 'isirt'] },
        title: `A change caused negative impact: ${literal(data.title)}`,
        text: `The post-implementation review of “${literal(data.title)}” found negative impact: ${literal(input.degradations!)}`,
        link: `/change-requests/${id}`,
      }),
    );
  }
  await work.commit();
  return requestView(tenantId, after);
}
