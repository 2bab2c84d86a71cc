// The steps after authorization (X.1052 12.2.4 e, f): the implementer's record (start, end, outcome; work
// outside the authorized window flagged) and the post-implementation review by the implementer's manager
// (effective? negative impact? a technical review per application on a changed platform, and an emergency
// change's after-the-fact test). Both checked with the area's schemas, sent under If-Match, once.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { IMPLEMENTATION_OUTCOMES, implementationSchema, reviewSchema } from '@ismf/change/rules';
import { act, api } from '../../api.ts';
import { Field, check, useSubmission } from '../../ui/form.tsx';
import { formatTime } from '../../ui/format.ts';
import { ProblemBanner } from '../../ui/problem.tsx';
import { TestsTable, fromLocalInput, toLocalInput, type ChangeRequest, type TestRecord } from './request-parts.tsx';
import { TestResultFields, blankTest, testResultOf, type TestValues } from './test-result.tsx';

type Outcome = (typeof IMPLEMENTATION_OUTCOMES)[number];

export interface Implementation {
  start: string;
  end: string;
  outcome: Outcome;
  notes: string;
  outsideWindow: boolean;
  by: string;
  recordedAt: string;
  evidenceIds?: string[];
}

export interface TechnicalReviewDue {
  assetId: string;
  name: string;
  type: string;
}

export interface Review {
  effective: boolean;
  negativeImpact: boolean;
  degradations?: string;
  incidentRefs?: string[];
  notes: string;
  technicalReviews?: { assetId: string; result: 'no-issues' | 'issues-found'; notes: string }[];
  by: string;
  at: string;
  overdue?: boolean;
}

export const OUTCOME_LABELS: Record<Outcome, string> = { implemented: 'Implemented', 'rolled-back': 'Rolled back', 'partly-implemented': 'Partly implemented' };

export function ImplementationForm({ change, etag, onDone }: { change: ChangeRequest; etag: string | undefined; onDone: () => void }) {
  const [start, setStart] = useState(() => toLocalInput(change.windowStart));
  const [end, setEnd] = useState(() => toLocalInput(change.windowEnd));
  const [outcome, setOutcome] = useState<Outcome>('implemented');
  const [notes, setNotes] = useState('');
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(implementationSchema, { start: fromLocalInput(start), end: fromLocalInput(end), outcome, notes });
      if (checked.problem) return checked.problem;
      const answer = await act(
        api().POST('/change-requests/{changeRequestId}/implementation', {
          params: { path: { changeRequestId: change.id }, header: { 'If-Match': etag ?? '' } },
          body: checked.value,
        }),
      );
      if (answer.problem) return answer.problem;
      onDone();
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby="implement-heading">
      <h3 id="implement-heading">Record the implementation</h3>
      <p className="hint">
        Only the implementer the plan names (or an administrator) records it, once. Work outside the authorized window ({formatTime(change.windowStart)} –{' '}
        {formatTime(change.windowEnd)}) is flagged.
      </p>
      <ProblemBanner problem={form.problem} fields={['body.start', 'body.end', 'body.outcome', 'body.notes']} onReload={onDone} />
      <Field label="Started" hint="your local time" error={form.error('body.start')}>
        {(props) => <input {...props} type="datetime-local" value={start} onChange={(event) => setStart(event.target.value)} />}
      </Field>
      <Field label="Ended" hint="your local time" error={form.error('body.end')}>
        {(props) => <input {...props} type="datetime-local" value={end} onChange={(event) => setEnd(event.target.value)} />}
      </Field>
      <Field label="Outcome" error={form.error('body.outcome')}>
        {(props) => (
          <select {...props} value={outcome} onChange={(event) => setOutcome(event.target.value as Outcome)}>
            {IMPLEMENTATION_OUTCOMES.map((each) => (
              <option key={each} value={each}>
                {OUTCOME_LABELS[each]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Implementation notes" hint="what was done" error={form.error('body.notes')}>
        {(props) => <textarea {...props} value={notes} onChange={(event) => setNotes(event.target.value)} />}
      </Field>
      <button type="submit" disabled={form.busy}>
        {form.busy ? 'Recording…' : 'Record the implementation'}
      </button>
    </form>
  );
}

function DueList({ due }: { due: readonly TechnicalReviewDue[] }) {
  if (!due.length) return <p>No application runs on the changed assets: no technical review is due.</p>;
  return (
    <>
      <p>Applications on the changed platform, each owed a technical review (X.1051 12.5.2):</p>
      <ul aria-label="Technical reviews due">
        {due.map((application) => (
          <li key={application.assetId}>
            <Link to={`/assets/${application.assetId}`}>{application.name}</Link> ({application.type})
          </li>
        ))}
      </ul>
    </>
  );
}

export function ImplementationView({
  implementation,
  reviewDueAt,
  due,
}: {
  implementation: Implementation;
  reviewDueAt: string | undefined;
  due: readonly TechnicalReviewDue[];
}) {
  return (
    <div className="card">
      <dl className="facts">
        <dt>Outcome</dt>
        <dd>
          <span className={`badge ${implementation.outcome === 'implemented' ? 'ok' : 'warn'}`}>{OUTCOME_LABELS[implementation.outcome]}</span>
        </dd>
        <dt>Work</dt>
        <dd>
          {formatTime(implementation.start)} – {formatTime(implementation.end)}{' '}
          {implementation.outsideWindow ? (
            <span className="badge warn">outside the authorized window</span>
          ) : (
            <span className="badge ok">within the window</span>
          )}
        </dd>
        <dt>Notes</dt>
        <dd>{implementation.notes}</dd>
        <dt>Recorded</dt>
        <dd>{formatTime(implementation.recordedAt)}</dd>
        <dt>Review due</dt>
        <dd>{formatTime(reviewDueAt)}</dd>
      </dl>
      <DueList due={due} />
    </div>
  );
}

interface TechnicalValues {
  result: 'no-issues' | 'issues-found' | '';
  notes: string;
}

export function ReviewForm({
  change,
  etag,
  due,
  onDone,
}: {
  change: ChangeRequest;
  etag: string | undefined;
  due: readonly TechnicalReviewDue[];
  onDone: () => void;
}) {
  const [effective, setEffective] = useState<'yes' | 'no'>('yes');
  const [negative, setNegative] = useState<'yes' | 'no'>('no');
  const [degradations, setDegradations] = useState('');
  const [incidents, setIncidents] = useState('');
  const [notes, setNotes] = useState('');
  const [technical, setTechnical] = useState<TechnicalValues[]>(() => due.map(() => ({ result: '', notes: '' })));
  const [test, setTest] = useState<TestValues>(blankTest);
  const emergency = change.class === 'emergency';
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const incidentRefs = incidents
        .split(/[,\n]/)
        .map((ref) => ref.trim())
        .filter(Boolean);
      const body = {
        effective: effective === 'yes',
        negativeImpact: negative === 'yes',
        ...(degradations.trim() ? { degradations } : {}),
        ...(incidentRefs.length ? { incidentRefs } : {}),
        notes,
        ...(due.length
          ? {
              technicalReviews: due.map((application, index) => ({
                assetId: application.assetId,
                result: technical[index]!.result || undefined,
                notes: technical[index]!.notes,
              })),
            }
          : {}),
        ...(emergency ? { afterTheFactTest: testResultOf(test) } : {}),
      };
      const checked = check(reviewSchema, body);
      if (checked.problem) return checked.problem;
      const answer = await act(
        api().POST('/change-requests/{changeRequestId}/review', {
          params: { path: { changeRequestId: change.id }, header: { 'If-Match': etag ?? '' } },
          body: checked.value,
        }),
      );
      if (answer.problem) return answer.problem;
      onDone();
      return undefined;
    });
  };
  const technicalError = form.problem?.errors.find((error) => error.path === 'body.technicalReviews')?.message;
  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby="review-form-heading">
      <h3 id="review-form-heading">Record the review</h3>
      <p className="hint">Owed by the implementer’s manager by {formatTime(change.reviewDueAt)}; recorded once.</p>
      <ProblemBanner
        problem={form.problem}
        fields={[
          'body.effective',
          'body.negativeImpact',
          'body.degradations',
          'body.incidentRefs',
          'body.notes',
          'body.technicalReviews',
          'body.afterTheFactTest',
        ]}
        onReload={onDone}
      />
      <Field label="Was the change effective?" hint="did it do what the plan’s effectiveness check looks for" error={form.error('body.effective')}>
        {(props) => (
          <select {...props} value={effective} onChange={(event) => setEffective(event.target.value as 'yes' | 'no')}>
            <option value="yes">Yes, effective</option>
            <option value="no">No: the change failed</option>
          </select>
        )}
      </Field>
      <Field label="Did it cause negative impact?" hint="on the operations security of systems or network" error={form.error('body.negativeImpact')}>
        {(props) => (
          <select {...props} value={negative} onChange={(event) => setNegative(event.target.value as 'yes' | 'no')}>
            <option value="no">No</option>
            <option value="yes">Yes</option>
          </select>
        )}
      </Field>
      <Field label="What degraded" hint="required with a negative impact" error={form.error('body.degradations')}>
        {(props) => <textarea {...props} value={degradations} onChange={(event) => setDegradations(event.target.value)} />}
      </Field>
      <Field label="Incident references" hint="separated by commas" error={form.error('body.incidentRefs')}>
        {(props) => <input {...props} value={incidents} onChange={(event) => setIncidents(event.target.value)} />}
      </Field>
      <Field label="Review notes" error={form.error('body.notes')}>
        {(props) => <textarea {...props} value={notes} onChange={(event) => setNotes(event.target.value)} />}
      </Field>
      <fieldset aria-describedby={technicalError ? 'technical-error' : undefined}>
        <legend>Technical reviews</legend>
        <DueList due={due} />
        {due.map((application, index) => {
          const set = (values: Partial<TechnicalValues>) => setTechnical((list) => list.map((each, at) => (at === index ? { ...each, ...values } : each)));
          return (
            <div key={application.assetId}>
              <Field
                label={`${application.name}: result`}
                error={form.error(`body.technicalReviews.${index}.result`) ?? form.error(`body.technicalReviews.${index}.assetId`)}
              >
                {(props) => (
                  <select
                    {...props}
                    value={technical[index]?.result ?? ''}
                    onChange={(event) => set({ result: event.target.value as TechnicalValues['result'] })}
                  >
                    <option value="">Choose</option>
                    <option value="no-issues">No issues</option>
                    <option value="issues-found">Issues found</option>
                  </select>
                )}
              </Field>
              <Field label={`${application.name}: notes`} error={form.error(`body.technicalReviews.${index}.notes`)}>
                {(props) => <input {...props} value={technical[index]?.notes ?? ''} onChange={(event) => set({ notes: event.target.value })} />}
              </Field>
            </div>
          );
        })}
        {technicalError && (
          <span id="technical-error" className="field-error">
            {technicalError}
          </span>
        )}
      </fieldset>
      {emergency && (
        <fieldset>
          <legend>After-the-fact test (an emergency change)</legend>
          <TestResultFields values={test} onChange={setTest} errorAt={(field) => form.error(`body.afterTheFactTest.${field}`)} legend="Test outcome" />
        </fieldset>
      )}
      <button type="submit" disabled={form.busy}>
        {form.busy ? 'Recording…' : 'Record the review'}
      </button>
    </form>
  );
}

export function ReviewView({ review, due, tests = [] }: { review: Review; due: readonly TechnicalReviewDue[]; tests?: readonly TestRecord[] }) {
  const nameOf = (assetId: string) => due.find((application) => application.assetId === assetId)?.name ?? assetId;
  return (
    <div className="card">
      <dl className="facts">
        <dt>Effective</dt>
        <dd>{review.effective ? <span className="badge ok">effective</span> : <span className="badge danger">not effective: the change failed</span>}</dd>
        <dt>Negative impact</dt>
        <dd>{review.negativeImpact ? <span className="badge danger">negative impact</span> : 'none'}</dd>
        {review.degradations && (
          <>
            <dt>What degraded</dt>
            <dd>{review.degradations}</dd>
          </>
        )}
        {review.incidentRefs?.length ? (
          <>
            <dt>Incidents</dt>
            <dd>{review.incidentRefs.join(', ')}</dd>
          </>
        ) : null}
        <dt>Notes</dt>
        <dd>{review.notes}</dd>
        <dt>Reviewed</dt>
        <dd>
          {formatTime(review.at)} {review.overdue && <span className="badge warn">after its due date</span>}
        </dd>
      </dl>
      {review.technicalReviews?.length ? (
        <table>
          <caption>Technical reviews of the applications on the changed platform</caption>
          <thead>
            <tr>
              <th scope="col">Application</th>
              <th scope="col">Result</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {review.technicalReviews.map((each) => (
              <tr key={each.assetId}>
                <th scope="row">
                  <Link to={`/assets/${each.assetId}`}>{nameOf(each.assetId)}</Link>
                </th>
                <td>{each.result === 'no-issues' ? <span className="badge ok">no issues</span> : <span className="badge danger">issues found</span>}</td>
                <td>{each.notes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {tests.length > 0 && <TestsTable tests={tests} caption="After-the-fact test" />}
    </div>
  );
}
