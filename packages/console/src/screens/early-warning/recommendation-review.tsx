// One review of an early warning's recommendations (X.1052 12.2.1 d), where a decider's task leads: what is
// reviewed, why it was asked for, where it stands, with the early warning and the decision record.
import { Link, useParams } from 'react-router';
import { api, useApiData } from '../../api.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { RECOMMENDATION_KIND_LABELS } from './recommendation-parts.tsx';

export default function RecommendationReviewPage() {
  const { reviewId = '' } = useParams();
  const read = useApiData(() => api().GET('/recommendation-reviews/{reviewId}', { params: { path: { reviewId } } }), [reviewId]);
  const review = read.data;
  const missing = read.problem?.status === 404 || read.problem?.status === 400;
  return (
    <Page title={review ? `Review of ${review.title}` : 'Review of recommendations'}>
      {missing ? <p>There is no review {reviewId} in your organization.</p> : <ProblemBanner problem={read.problem} />}
      {!review && read.loading && <Loading what="the review" />}
      {review && (
        <>
          <p>
            <Link to={`/early-warnings/${review.earlyWarningId}`}>The early warning</Link> · <Link to={`/flows/${review.flowId}`}>Decision record</Link>
          </p>
          <section className="card" aria-labelledby="review-facts">
            <h2 id="review-facts">The review</h2>
            <dl className="facts">
              <dt>Status</dt>
              <dd>{review.status}</dd>
              <dt>Asked for because</dt>
              <dd className="prose">{review.reason}</dd>
              {review.decisionReason && (
                <>
                  <dt>Decision</dt>
                  <dd className="prose">{review.decisionReason}</dd>
                </>
              )}
            </dl>
          </section>
          <section className="card" aria-labelledby="review-recommendations">
            <h2 id="review-recommendations">Recommendations under review</h2>
            <ul>
              {review.recommendations.map((recommendation) => (
                <li key={recommendation.id}>
                  <strong>{RECOMMENDATION_KIND_LABELS[recommendation.kind]}</strong>: {recommendation.summary}
                  {recommendation.controlId ? ` (control ${recommendation.controlId})` : ''}
                  {recommendation.fixedVersions?.length ? ` (fixed in ${recommendation.fixedVersions.join(', ')})` : ''}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </Page>
  );
}
