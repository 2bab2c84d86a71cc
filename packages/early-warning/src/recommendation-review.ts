// (d) The security officer's review of an early warning's recommendations, a decision step of the flow engine:
// someone (a security officer, the ISIRT) asks for it; another security officer approves, rejects or returns it
// (the requester never decides). Approval puts the reviewed recommendations in force on the early warning:
// approved patch recommendations are announced (RecommendationsApproved: patch management turns them into patch
// requirements), a configuration change emits ConfigurationChangeRecommended (configuration management takes it
// up), an additional control is recorded on the early warning.
import { newId } from '@ismf/core/ids';
import { notificationRequested } from '@ismf/events/notification-requested';
import { literal } from '@ismf/mail/notification-text';
import { problems } from '@ismf/core/problems';
import { requestFlow } from '@ismf/flows/flow-records';
import type { SubjectKind } from '@ismf/flows/subject-kind';
import { defineEntity } from '@ismf/store/entity-model';
import { entityView, getEntity, requireEntity } from '@ismf/store/entities';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import type { EarlyWarningData } from './early-warnings.ts';
import { requireVisible } from './early-warning-register.ts';
import { configurationChangeRecommended, recommendationsApproved } from './events.ts';
import { earlyWarningEntity } from './match-entities.ts';
import { recommendationsInputSchema } from './recommendation-rules.ts';
import { earlyWarningSettings } from './settings.ts';
import { fromInput, type Recommendation } from './recommendations.ts';

export const REVIEW = 'recommendation-review';
/** Asset ids an event carries per recommendation (EventBridge takes 256 KB): the early warning has the rest. */
const EVENT_ASSETS = 100;

export interface RecommendationReviewData {
  [key: string]: unknown;
  earlyWarningId: string;
  title: string;
  recommendations: Recommendation[];
  status: 'pending-approval' | 'approved' | 'rejected' | 'returned' | 'withdrawn' | 'expired' | 'interrupted';
  reason: string;
  requestedBy: string;
  author: string;
  flowId: string;
  decisionReason?: string;
  revisionNote?: string;
}

export const recommendationReviewEntity = defineEntity<RecommendationReviewData>()({
  type: REVIEW,
  description: 'The review of an early warning’s recommendations by a security officer (a decision step): what was reviewed and what became of it.',
  audited: true,
  // Technical vulnerability management decides what is done about a vulnerability (12.6.1).
  controls: ['12.6.1', '13.1.1'],
  label: (review) => `review of ${review.title}`,
  link: (id) => `/recommendation-reviews/${id}`,
});

/** The early warning's record of its review, shown with it. */
export interface ReviewMark {
  reviewId: string;
  flowId: string;
  status: RecommendationReviewData['status'];
  at: string;
}

const mark = (review: StoredEntity<RecommendationReviewData>, at: string): ReviewMark => ({
  reviewId: review.id,
  flowId: review.data.flowId,
  status: review.data.status,
  at,
});

/** Asks for the review of the early warning's recommendations as they stand; one review at a time. */
export async function requestRecommendationReview(
  ctx: WriteContext,
  tenantId: string,
  roles: readonly string[],
  id: string,
  reason: string,
  idempotency?: IdempotencyRequest,
) {
  // A retry with the same Idempotency-Key answers the review it started, and starts no second one.
  return commitIdempotent(tenantId, ctx.operation, idempotency, async () => {
    const { work, review } = await reviewWork(ctx, tenantId, roles, id, reason);
    return { work, response: entityView(review) };
  });
}

async function reviewWork(ctx: WriteContext, tenantId: string, roles: readonly string[], id: string, reason: string) {
  const warning = await requireVisible(tenantId, roles, id);
  if (!warning.data.recommendations.length) {
    throw problems.unprocessable('the early warning has no recommendations to review', [{ path: 'path.earlyWarningId', message: 'no recommendations' }]);
  }
  const pending = warning.data.recommendationReview;
  if (pending && (pending.status === 'pending-approval' || pending.status === 'returned')) {
    throw problems.conflict(`review ${pending.reviewId} of this early warning is under way (${pending.status})`);
  }
  const work = new UnitOfWork({ ...ctx, reason });
  const reviewId = newId();
  const flowId = requestFlow(work, tenantId, REVIEW, { type: REVIEW, id: reviewId }, ctx.actor.userId);
  const review = work.create(recommendationReviewEntity, tenantId, reviewId, {
    earlyWarningId: id,
    title: warning.data.title,
    recommendations: warning.data.recommendations.map((recommendation) => ({ ...recommendation, state: 'proposed' as const })),
    status: 'pending-approval',
    reason,
    requestedBy: ctx.actor.userId,
    author: ctx.actor.userId,
    flowId,
  });
  work.update(earlyWarningEntity, warning, { ...warning.data, recommendationReview: mark(review, work.at) });
  return { work, review };
}

export async function getRecommendationReview(tenantId: string, roles: readonly string[], reviewId: string) {
  const review = await requireEntity<RecommendationReviewData>(tenantId, REVIEW, reviewId, `recommendation review ${reviewId}`);
  // As restricted as the early warning it reviews.
  await requireVisible(tenantId, roles, review.data.earlyWarningId).catch(() => {
    throw problems.notFound(`recommendation review ${reviewId}`);
  });
  return entityView(review);
}

/** Puts a settled review's outcome on the early warning: the recommendations' states, and on approval what they set off. */
async function settleOnWarning(work: UnitOfWork, tenantId: string, review: StoredEntity<RecommendationReviewData>, status: RecommendationReviewData['status']) {
  const warning = await getEntity<EarlyWarningData>(tenantId, earlyWarningEntity.type, review.data.earlyWarningId);
  if (!warning) return;
  const approved = status === 'approved';
  const rejected = status === 'rejected';
  const recommendations =
    approved || rejected
      ? review.data.recommendations.map((recommendation) => ({ ...recommendation, state: approved ? ('approved' as const) : ('rejected' as const) }))
      : warning.data.recommendations;
  const controls = approved
    ? recommendations.filter((recommendation) => recommendation.kind === 'additional-control').map((recommendation) => recommendation.controlId!)
    : undefined;
  work.update(earlyWarningEntity, warning, {
    ...warning.data,
    recommendations,
    // What a person reviewed stands: a re-match keeps it.
    ...(approved || rejected ? { recommendationsEdited: { by: review.data.author, at: work.at, reason: `reviewed: ${status}` } } : {}),
    ...(controls?.length ? { additionalControls: [...new Set([...(warning.data.additionalControls ?? []), ...controls])] } : {}),
    recommendationReview: { ...mark(review, work.at), status },
  });
  if (approved || rejected) work.event(await reviewedNotice(tenantId, warning.id, warning.data, review.data, status));
  if (!approved) return;
  work.event(
    recommendationsApproved.of(tenantId, {
      earlyWarningId: warning.id,
      reviewId: review.id,
      documentId: warning.data.documentId,
      recommendations: recommendations.map((recommendation) => ({
        id: recommendation.id,
        kind: recommendation.kind,
        summary: recommendation.summary,
        ...(recommendation.fixedVersions ? { fixedVersions: recommendation.fixedVersions } : {}),
        ...(recommendation.controlId ? { controlId: recommendation.controlId } : {}),
        assetIds: recommendation.assetIds.slice(0, EVENT_ASSETS),
      })),
    }),
  );
  for (const recommendation of recommendations.filter((candidate) => candidate.kind === 'configuration-change')) {
    work.event(
      configurationChangeRecommended.of(tenantId, {
        earlyWarningId: warning.id,
        recommendationId: recommendation.id,
        summary: recommendation.summary,
        ...(recommendation.details ? { details: recommendation.details.slice(0, 2000) } : {}),
        assetIds: recommendation.assetIds.slice(0, EVENT_ASSETS),
        assetsTruncated: recommendation.assetIds.length > EVENT_ASSETS,
      }),
    );
  }
}

/**
 * (e) The parties hear of the decision: the owners of the affected assets, the security officers and the requester
 * (a TLP:AMBER or TLP:RED early warning only the roles of its label and the requester).
 */
async function reviewedNotice(
  tenantId: string,
  warningId: string,
  warning: EarlyWarningData,
  review: RecommendationReviewData,
  status: 'approved' | 'rejected' | string,
) {
  const restricted = warning.tlp === 'AMBER' || warning.tlp === 'RED';
  const roles = restricted ? (await earlyWarningSettings(tenantId)).tlpRoles[warning.tlp as 'AMBER' | 'RED'] : ['security-officer'];
  const owners = restricted ? [] : [...new Set(warning.assets.map((asset) => asset.owner))];
  const kinds = [...new Set(review.recommendations.map((recommendation) => recommendation.kind))];
  return notificationRequested.of(tenantId, {
    kind: 'recommendations-reviewed',
    recipients: { roles: [...roles], users: [review.requestedBy], ...(owners.length ? { members: owners } : {}) },
    title: `Recommendations ${status}: ${literal(warning.title)}`,
    text: `The recommendations for ${literal(warning.documentId)} (${kinds.join(', ')}) were ${status}${
      status === 'approved' && kinds.includes('patch') ? ': the patches become patch requirements of the assets' : ''
    }.`,
    link: `/early-warnings/${warningId}`,
  });
}

export const recommendationReviewKind: SubjectKind = {
  kind: REVIEW,
  subjectType: REVIEW,
  title: 'review of recommendations',
  link: (id) => `/recommendation-reviews/${id}`,
  steps: [{ name: 'review', act: 'Review the early warning’s recommendations', chain: ['security-officer', 'admin'], timeout: 'P3D' }],
  revision: { act: 'Revise the recommendations', result: recommendationsInputSchema, editors: ['security-officer', 'isirt', 'admin'] },
  async current(tenantId, id) {
    const review = await requireEntity<RecommendationReviewData>(tenantId, REVIEW, id, `recommendation review ${id}`);
    const { earlyWarningId, title, recommendations, reason, revisionNote } = review.data;
    return {
      version: review.version,
      author: review.data.author,
      snapshot: { earlyWarningId, title, recommendations, reason, ...(revisionNote ? { revisionNote } : {}) },
    };
  },
  async settle(work, tenantId, id, settlement) {
    const review = await requireEntity<RecommendationReviewData>(tenantId, REVIEW, id, `recommendation review ${id}`);
    const update = (data: RecommendationReviewData) => {
      const after = work.update(recommendationReviewEntity, review, data);
      return { after, settled: { subject: { version: after.version, author: after.data.author } } };
    };
    switch (settlement.outcome) {
      case 'revised': {
        const revision = recommendationsInputSchema.parse(settlement.result);
        const { settled } = update({
          ...review.data,
          recommendations: fromInput(
            revision.recommendations,
            review.data.recommendations.flatMap((recommendation) => recommendation.assetIds),
          ),
          revisionNote: revision.reason,
          author: settlement.by,
          status: 'pending-approval',
        });
        return settled;
      }
      case 'worked':
        throw new Error('a recommendation review has no work steps');
      default: {
        const status =
          settlement.outcome === 'approved'
            ? 'approved'
            : settlement.outcome === 'rejected'
              ? 'rejected'
              : settlement.outcome === 'returned'
                ? 'returned'
                : settlement.outcome;
        const reason = 'reason' in settlement ? settlement.reason : undefined;
        const { after, settled } = update({ ...review.data, status, ...(reason ? { decisionReason: reason } : {}) });
        await settleOnWarning(work, tenantId, after, status);
        return settled;
      }
    }
  },
};
