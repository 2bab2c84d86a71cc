// The review of an early warning's recommendations (X.1052 12.2.1 d): where it stands, with its decision record,
// and the request for it (POST …/recommendation-reviews, with a reason) — a security officer other than the one
// who asks decides it from their tasks.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import * as z from 'zod';
import { act, api } from '../../api.ts';
import { check, Field, FormActions, useSubmission } from '../../ui/form.tsx';
import { formatTime } from '../../ui/format.ts';
import { ProblemBanner } from '../../ui/problem.tsx';
import type { EarlyWarning } from './priority-parts.tsx';

const STATUS_LABELS: Record<string, string> = {
  'pending-approval': 'waiting for a security officer’s decision',
  approved: 'approved: the recommendations are in force',
  rejected: 'rejected',
  returned: 'returned for revision',
  withdrawn: 'withdrawn',
  expired: 'expired without a decision',
  interrupted: 'interrupted',
};

const requestSchema = z.strictObject({ reason: z.string().trim().min(1, 'say why the review is asked for').max(1000) });

export function ReviewPart({ warning, mayRequest, onChanged }: { warning: EarlyWarning; mayRequest: boolean; onChanged: () => void }) {
  const review = warning.recommendationReview;
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const form = useSubmission();
  const underWay = review?.status === 'pending-approval' || review?.status === 'returned';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(requestSchema, { reason });
      if (checked.problem) return checked.problem;
      const answer = await act(
        api().POST('/early-warnings/{earlyWarningId}/recommendation-reviews', { params: { path: { earlyWarningId: warning.id } }, body: checked.value }),
      );
      if (answer.problem) return answer.problem;
      setAsking(false);
      onChanged();
      return undefined;
    });
  };
  return (
    <div>
      {review ? (
        <p role="status">
          Review: {STATUS_LABELS[review.status] ?? review.status} ({formatTime(review.at)}) —{' '}
          <Link to={`/recommendation-reviews/${review.reviewId}`}>the review</Link>, <Link to={`/flows/${review.flowId}`}>decision record</Link>
        </p>
      ) : (
        <p className="hint">Not reviewed yet.</p>
      )}
      {warning.additionalControls?.length ? <p>Controls added: {warning.additionalControls.join(', ')}</p> : null}
      {mayRequest && !underWay && warning.recommendations.length > 0 && !asking && (
        <button type="button" className="secondary" onClick={() => setAsking(true)}>
          Ask for review
        </button>
      )}
      {asking && (
        <form onSubmit={submit} noValidate aria-label="Ask for the review of the recommendations" className="card">
          <ProblemBanner problem={form.problem} fields={['body.reason']} />
          <Field label="Why now, what to look at" error={form.error('body.reason')}>
            {(props) => <textarea {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
          </Field>
          <FormActions label="Ask for review" busyLabel="Asking…" busy={form.busy} onCancel={() => setAsking(false)} />
        </form>
      )}
    </div>
  );
}
