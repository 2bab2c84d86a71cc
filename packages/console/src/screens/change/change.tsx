// One change request (X.1052 12.2.4 a–f): where it stands, its impact asset by asset, its plan (written and
// revised here while draft or returned, then submitted), its tests, its decisions (the flow drawn), the
// implementation the implementer records and the review the implementer's manager records. Every write
// names the version read (If-Match); the API's refusals land beside the fields they name.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import { EDITABLE_STATES } from '@ismf/change/rules';
import { act, api, useApiData, type Problem } from '../../api.ts';
import { Field, useSubmission } from '../../ui/form.tsx';
import { FlowSteps, useFlow } from '../../ui/flow-steps.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { ProblemBanner, refusal } from '../../ui/problem.tsx';
import { useWho } from '../../session/session.ts';
import { ImplementationForm, ImplementationView, ReviewForm, ReviewView, type Implementation, type Review, type TechnicalReviewDue } from './step-forms.tsx';
import { PlanForm, PlanView } from './plan-form.tsx';
import { ImpactFacts } from './snapshot.tsx';
import {
  CLASS_LABELS,
  IMPLEMENTERS,
  REQUESTERS,
  REVIEWERS,
  StateBadge,
  TestsTable,
  holds,
  importanceLabel,
  useDirectory,
  windowText,
  type ChangeRequest,
  type TestRecord,
} from './request-parts.tsx';

type AffectedAsset = Schemas['ChangeAffectedAsset'];

/** What the API keeps on a request beside its declared fields: the reasons of a return, rejection or withdrawal. */
interface Kept {
  returnReason?: string;
  rejectionReason?: string;
  withdrawalReason?: string;
  revisionNote?: string;
  technicalReviewsDue?: TechnicalReviewDue[];
}
const kept = (change: ChangeRequest) => change as ChangeRequest & Kept;

function Fact({ term, children }: { term: string; children: ReactNode }) {
  if (children === undefined || children === null || children === '') return null;
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Another change this one overlaps, by its title. */
function ConflictLink({ id }: { id: string }) {
  const other = useApiData(() => api().GET('/change-requests/{changeRequestId}', { params: { path: { changeRequestId: id } } }), [id]);
  return (
    <Link to={`/change-requests/${id}`}>
      {other.data ? `${other.data.title} (${windowText({ start: other.data.windowStart, end: other.data.windowEnd })})` : `change ${id}`}
    </Link>
  );
}

function originText(change: ChangeRequest): string {
  return 'person' in change.origin
    ? `a person (${personName(change.requestedByPerson, change.requestedBy)})`
    : `${change.origin.area}: ${change.origin.type} ${change.origin.id}`;
}

function Summary({ change }: { change: ChangeRequest }) {
  const more = kept(change);
  return (
    <section className="card" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <dl className="facts">
        <Fact term="State">
          <StateBadge state={change.state} />
        </Fact>
        <Fact term="Class">{CLASS_LABELS[change.class]}</Fact>
        <Fact term="Reason">{change.reason}</Fact>
        <Fact term="Origin">{originText(change)}</Fact>
        <Fact term="Requested by">{personName(change.requestedByPerson, change.requestedBy)}</Fact>
        <Fact term="Plan by">{change.planVersion ? personName(change.authorPerson, change.author) : undefined}</Fact>
        <Fact term="Requested window">{windowText(change.requestedWindow)}</Fact>
        <Fact term="Window">{windowText({ start: change.windowStart, end: change.windowEnd })}</Fact>
        <Fact term="Template">{change.templateId}</Fact>
        <Fact term="Overlaps with">
          {change.conflicts.length === 0 ? undefined : (
            <ul>
              {change.conflicts.map((id) => (
                <li key={id}>
                  <span className="badge warn">overlap</span> <ConflictLink id={id} />
                </li>
              ))}
            </ul>
          )}
        </Fact>
        <Fact term="Refused">{change.refusal && `${change.refusal.reason} (field ${change.refusal.field})`}</Fact>
        <Fact term="Returned because">{change.state === 'returned' ? more.returnReason : undefined}</Fact>
        <Fact term="Revision note">{more.revisionNote}</Fact>
        <Fact term="Rejected because">{more.rejectionReason}</Fact>
        <Fact term="Withdrawn because">{more.withdrawalReason}</Fact>
        <Fact term="Requested">{formatTime(change.createdAt)}</Fact>
        <Fact term="Last changed">{`${formatTime(change.updatedAt)} (version ${change.version})`}</Fact>
      </dl>
    </section>
  );
}

const affectedColumns: Column<AffectedAsset>[] = [
  { header: 'Asset', rowHeader: true, cell: (asset) => <Link to={`/assets/${asset.assetId}`}>{asset.assetName}</Link> },
  { header: 'Type', cell: (asset) => asset.type },
  { header: 'Importance', cell: (asset) => importanceLabel(asset.importance) },
  { header: 'Business process', cell: (asset) => asset.businessProcess ?? '—' },
  { header: 'Owner', cell: (asset) => personName(asset.ownerPerson, asset.owner) },
  {
    header: 'Depending on it',
    cell: (asset) =>
      asset.dependentAssets.length ? (
        <>
          {asset.dependents}:{' '}
          {asset.dependentAssets.map((dependent, index) => (
            <span key={dependent.id}>
              {index > 0 && ', '}
              <Link to={`/assets/${dependent.id}`}>{dependent.name}</Link>
            </span>
          ))}
          {asset.dependents > asset.dependentAssets.length && ' …'}
        </>
      ) : (
        String(asset.dependents || 'none')
      ),
  },
];

function Impact({ change }: { change: ChangeRequest }) {
  return (
    <section aria-labelledby="impact-heading">
      <h2 id="impact-heading">Impact</h2>
      <p className="hint">Computed from the register and its dependencies, not typed in.</p>
      <ImpactFacts impact={change.impact} />
      <PagedTable
        caption="Affected assets"
        columns={affectedColumns}
        deps={[change.id, change.assetCount]}
        load={(cursor) =>
          api().GET('/change-requests/{changeRequestId}/affected-assets', {
            params: { path: { changeRequestId: change.id }, query: { limit: 25, ...(cursor ? { cursor } : {}) } },
          })
        }
        rowKey={(asset) => asset.assetId}
        empty="No asset is affected yet."
      />
    </section>
  );
}

/** Sends the planned draft into its flow (If-Match); a refusal naming plan.<field> opens the plan beside it. */
function SubmitButton({
  change,
  etag,
  onDone,
  onPlanProblem,
}: {
  change: ChangeRequest;
  etag: string | undefined;
  onDone: () => void;
  onPlanProblem: (problem: Problem) => void;
}) {
  const form = useSubmission();
  const submit = () =>
    void form.run(async () => {
      if (!change.plan) return refusal('Write the plan first', 'a change is submitted with its plan', 'plan', 'write the plan');
      const answer = await act(
        api().POST('/change-requests/{changeRequestId}/submission', { params: { path: { changeRequestId: change.id }, header: { 'If-Match': etag ?? '' } } }),
      );
      if (answer.problem) {
        if (answer.problem.errors.some((error) => error.path.startsWith('plan.'))) onPlanProblem(answer.problem);
        return answer.problem;
      }
      onDone();
      return undefined;
    });
  return (
    <div>
      <ProblemBanner problem={form.problem} onReload={onDone} />
      <button type="button" onClick={submit} disabled={form.busy}>
        {form.busy ? 'Submitting…' : 'Submit for testing and authorization'}
      </button>
    </div>
  );
}

function WithdrawForm({ change, onDone }: { change: ChangeRequest; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const form = useSubmission();
  if (!open)
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Withdraw
      </button>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      if (!reason.trim()) return refusal('Say why', 'say why the change is withdrawn', 'body.reason');
      const answer = await act(
        api().POST('/change-requests/{changeRequestId}/withdrawal', { params: { path: { changeRequestId: change.id } }, body: { reason } }),
      );
      if (answer.problem) return answer.problem;
      onDone();
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate className="card" aria-label="Withdraw the change">
      <ProblemBanner problem={form.problem} fields={['body.reason']} />
      <Field label="Reason for withdrawing" hint="kept in the audit trail" error={form.error('body.reason')}>
        {(props) => <textarea {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <div className="page-actions">
        <button type="submit" disabled={form.busy}>
          Withdraw the change
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export default function ChangePage() {
  const { changeRequestId = '' } = useParams();
  const who = useWho();
  const read = useApiData(() => api().GET('/change-requests/{changeRequestId}', { params: { path: { changeRequestId } } }), [changeRequestId]);
  const change = read.data;
  const directory = useDirectory(who?.roles);
  const flow = useFlow(change?.flowId, change?.version);
  const [editing, setEditing] = useState(false);
  const [submissionProblem, setSubmissionProblem] = useState<Problem>();
  const reload = () => {
    setSubmissionProblem(undefined);
    read.reload();
  };
  const mayShape =
    !!change &&
    holds(who?.roles, REQUESTERS) &&
    (change.requestedBy === who?.subject || change.author === who?.subject || holds(who?.roles, ['admin', 'security-officer']));
  const shapeable = !!change && EDITABLE_STATES.includes(change.state) && mayShape;
  const mayWithdraw = !!change && ['submitted', 'returned'].includes(change.state) && (change.requestedBy === who?.subject || holds(who?.roles, ['admin']));
  const more = change && kept(change);
  return (
    <Page title={change ? change.title : 'Change request'}>
      <ProblemBanner problem={read.problem} />
      {!change && read.loading && <Loading what="the change request" />}
      {change && (
        <>
          <p>
            <Link to="/change-requests">All changes</Link>
          </p>
          <Summary change={change} />
          {(mayWithdraw || (shapeable && change.state === 'draft')) && (
            <div className="page-actions">
              {shapeable && change.state === 'draft' && (
                <SubmitButton
                  change={change}
                  etag={read.etag}
                  onDone={reload}
                  onPlanProblem={(problem) => {
                    setSubmissionProblem(problem);
                    setEditing(true);
                  }}
                />
              )}
              {mayWithdraw && <WithdrawForm change={change} onDone={reload} />}
            </div>
          )}
          <Impact change={change} />

          <section aria-labelledby="plan-heading">
            <h2 id="plan-heading">Plan</h2>
            {change.plan ? (
              <PlanView plan={change.plan} version={change.planVersion} users={directory.users} {...(change.planPeople ? { people: change.planPeople } : {})} />
            ) : (
              <p className="empty">No plan is written yet.</p>
            )}
            {shapeable && change.state === 'returned' && (
              <p className="notice">
                The plan was returned{more?.returnReason ? `: ${more.returnReason}` : ''}. Revise it here, then say what changed in your revision task (
                <Link to="/tasks">My tasks</Link>).
              </p>
            )}
            {shapeable &&
              (editing ? (
                <PlanForm
                  key={change.version}
                  change={change}
                  etag={read.etag}
                  users={directory.users}
                  submissionProblem={submissionProblem}
                  onSaved={() => {
                    setEditing(false);
                    reload();
                  }}
                  onCancel={() => setEditing(false)}
                  onReload={read.reload}
                />
              ) : (
                <button type="button" onClick={() => setEditing(true)}>
                  {!change.plan ? 'Write the plan' : change.state === 'returned' ? 'Revise the plan' : 'Edit the plan'}
                </button>
              ))}
          </section>

          <section aria-labelledby="tests-heading">
            <h2 id="tests-heading">Tests</h2>
            {change.tests.length ? (
              <TestsTable tests={change.tests as unknown as TestRecord[]} caption="Every test, oldest first" users={directory.users} />
            ) : (
              <p className="empty">{change.class === 'standard' ? 'A standard change is not tested.' : 'No test has been handed in yet.'}</p>
            )}
          </section>

          <section aria-labelledby="decisions-heading">
            <h2 id="decisions-heading">Decisions</h2>
            {!change.flowId && <p className="empty">Not submitted yet: the tests and the authorization follow the submission.</p>}
            {flow.data && <FlowSteps flow={flow.data} heading="Steps of the flow" />}
            {change.flowId && (
              <p>
                <Link to={`/flows/${change.flowId}`}>The full decision record</Link>
              </p>
            )}
          </section>

          <section aria-labelledby="implementation-heading">
            <h2 id="implementation-heading">Implementation</h2>
            {change.implementation ? (
              <ImplementationView
                implementation={change.implementation as unknown as Implementation}
                reviewDueAt={change.reviewDueAt}
                due={more?.technicalReviewsDue ?? []}
              />
            ) : change.state === 'authorized' ? (
              holds(who?.roles, IMPLEMENTERS) ? (
                <ImplementationForm change={change} etag={read.etag} onDone={reload} />
              ) : (
                <p className="empty">Authorized: the implementer the plan names records the implementation.</p>
              )
            ) : (
              <p className="empty">Implemented once authorized.</p>
            )}
          </section>

          <section aria-labelledby="review-heading">
            <h2 id="review-heading">Post-implementation review</h2>
            {change.review ? (
              <ReviewView review={change.review as unknown as Review} due={more?.technicalReviewsDue ?? []} />
            ) : change.implementation ? (
              holds(who?.roles, REVIEWERS) ? (
                <ReviewForm change={change} etag={read.etag} due={more?.technicalReviewsDue ?? []} onDone={reload} />
              ) : (
                <p className="empty">Owed by the implementer’s manager by {formatTime(change.reviewDueAt)}.</p>
              )
            ) : (
              <p className="empty">Reviewed after the implementation.</p>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
