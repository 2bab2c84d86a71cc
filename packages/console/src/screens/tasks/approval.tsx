// A decision: what it is about (the snapshot the decider sees, and what it would change in what is in
// force), the step and who must decide, the flow so far, and approve / reject / return with a reason. Who
// separation of duties keeps from deciding is told so; a refusal of the API is shown as it words it.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, useApiData } from '../../api.ts';
import { Field, useSubmission } from '../../ui/form.tsx';
import { FlowSteps, useFlow, outcomeName } from '../../ui/flow-steps.tsx';
import { roleName } from '../../ui/roles.ts';
import { formatTime, personName } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner, refusal } from '../../ui/problem.tsx';
import { useWho } from '../../session/session.ts';
import { DifferenceTable, PolicyView, type Policy } from '../settings/policy-view.tsx';
import { ChangeSnapshot, changeSnapshotOf } from '../change/snapshot.tsx';
import { Snapshot, TASK_STATUS, TaskFacts } from './task-parts.tsx';

type Task = Schemas['TaskDetail'];
type Outcome = Schemas['DecideApprovalRequest']['outcome'];

function DecisionForm({ task, onDecided }: { task: Task; onDecided: () => void }) {
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [reason, setReason] = useState('');
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      if (!outcome) return refusal('Choose a decision', 'approve, reject or return', 'body.outcome', 'choose one');
      // The API's own rule, said before sending: a rejection or return needs its reason.
      if (outcome !== 'approve' && !reason.trim()) return refusal('Say why', 'a reason is required to reject or return', 'body.reason');
      const body = { outcome, ...(reason.trim() ? { reason } : {}) };
      const answer = await act(api().POST('/approvals/{approvalId}/decision', { params: { path: { approvalId: task.id } }, body }));
      if (answer.problem) return answer.problem;
      onDecided();
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="decide-heading" className="card">
      <h2 id="decide-heading">Your decision</h2>
      <ProblemBanner problem={form.problem} fields={['body.outcome', 'body.reason']} />
      <fieldset aria-describedby={form.error('body.outcome') ? 'outcome-error' : undefined}>
        <legend>Decision</legend>
        {(
          [
            ['approve', 'Approve'],
            ['return', 'Return for revision'],
            ['reject', 'Reject'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="check">
            <input type="radio" name="outcome" value={value} checked={outcome === value} onChange={() => setOutcome(value)} />
            {label}
          </label>
        ))}
        {form.error('body.outcome') && (
          <span id="outcome-error" className="field-error">
            {form.error('body.outcome')}
          </span>
        )}
      </fieldset>
      <Field label="Reason" hint="required to reject or return; kept in the audit trail" error={form.error('body.reason')}>
        {(props) => <textarea {...props} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="submit" disabled={form.busy}>
        Record the decision
      </button>
    </form>
  );
}

/** Who may decide, said to the person looking: why not, if they may not. */
function WhoDecides({ task, onDecided }: { task: Task; onDecided: () => void }) {
  const who = useWho();
  if (task.status !== 'pending') return null;
  const excluded = task.excluded.find((entry) => entry.userId === who?.subject);
  if (excluded)
    return (
      <p className="notice" role="note">
        {/* The API's own words for the refusal it would answer. */}
        <strong>You may not decide this.</strong> Separation of duties: you are the {excluded.why}, so you may not decide this step. Another{' '}
        {roleName(task.role)} decides it.
      </p>
    );
  if (!task.role || !who?.roles.includes(task.role as never))
    return (
      <p className="notice" role="note">
        This step is decided by a {roleName(task.role)}; your roles are {who?.roles.join(', ') || 'none'}.
      </p>
    );
  return <DecisionForm task={task} onDecided={onDecided} />;
}

export default function Approval() {
  const { approvalId = '' } = useParams();
  const approval = useApiData(() => api().GET('/approvals/{approvalId}', { params: { path: { approvalId } } }), [approvalId]);
  const task = approval.data;
  const flowId = task?.flowId;
  const flow = useFlow(flowId, task?.version, task && task.status !== 'pending' ? task.id : undefined);
  const snapshot = task?.snapshot as { policy?: Policy; reason?: string } | undefined;
  return (
    <Page title={task ? task.act : 'Decision'}>
      <ProblemBanner problem={approval.problem} />
      {!task && approval.loading && <Loading what="the decision" />}
      {task && (
        <>
          <TaskFacts task={task} />
          {task.decision && (
            <section className="notice" aria-labelledby="decided-heading">
              <h2 id="decided-heading">Decided: {outcomeName(task.decision.outcome)}</h2>
              <p>
                {outcomeName(task.decision.outcome)} by {personName(task.decision.byPerson, task.decision.by)} ({task.decision.roles.map(roleName).join(', ')})
                on {formatTime(task.decision.at)}.
              </p>
              {task.decision.reason && <p>Reason: “{task.decision.reason}”</p>}
            </section>
          )}
          {task.status !== 'pending' && !task.decision && <p className="notice">This decision is {TASK_STATUS[task.status]}: nobody can take it any more.</p>}
          <WhoDecides task={task} onDecided={approval.reload} />
          <section aria-labelledby="about-heading">
            <h2 id="about-heading">What it is about</h2>
            <p>
              <Link to={task.link}>Open the {task.subjectKind.replace(/-/g, ' ')}</Link> (version {task.subject.version}).
            </p>
            <Snapshot task={task} />
            <ChangeSnapshot snapshot={changeSnapshotOf(task)} />
            {task.difference && (
              <DifferenceTable
                changes={task.difference.changes}
                omitted={task.difference.omitted}
                caption={`What it would change in ${task.difference.of} (${task.difference.version === 0 ? 'the default' : `version ${task.difference.version}`})`}
              />
            )}
            {snapshot?.policy && (
              <details className="card">
                <summary>The proposed policy in full</summary>
                <PolicyView policy={snapshot.policy} headingLevel={3} />
              </details>
            )}
          </section>
          {flow.data && <FlowSteps flow={flow.data} heading="The decision record" />}
          {flowId && (
            <p>
              <Link to={`/flows/${flowId}`}>The full decision record</Link>
            </p>
          )}
        </>
      )}
    </Page>
  );
}
