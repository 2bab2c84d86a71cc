// A proposed asset policy change: where it stands, what it would change in the policy in force, its
// decision record (linking the open decision) and, for its proposer while it is open, a withdrawal.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import * as z from 'zod';
import { act, api, useApiData } from '../../api.ts';
import { Field, check, useSubmission } from '../../ui/form.tsx';
import { FlowSteps, useFlow } from '../../ui/flow-steps.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { useWho } from '../../session/session.ts';
import { ChangeStatus } from './change-status.tsx';
import { DifferenceTable, PolicyView, differences } from './policy-view.tsx';

const withdrawalSchema = z.strictObject({ reason: z.string().trim().min(1, 'say why the change is withdrawn').max(2000) });

function Withdrawal({ changeId, onDone }: { changeId: string; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(withdrawalSchema, { reason });
      if (checked.problem) return checked.problem;
      const outcome = await act(api().POST('/asset-policy-changes/{changeId}/withdrawal', { params: { path: { changeId } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      onDone();
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="withdraw-heading" className="card">
      <h2 id="withdraw-heading">Withdraw the change</h2>
      <p className="hint">Its open decision ends and nobody can decide it any more.</p>
      <ProblemBanner problem={form.problem} fields={['body.reason']} />
      <Field label="Reason for withdrawing" error={form.error('body.reason')}>
        {(props) => <textarea {...props} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="submit" className="danger" disabled={form.busy}>
        Withdraw
      </button>
    </form>
  );
}

export default function PolicyChange() {
  const { changeId = '' } = useParams();
  const who = useWho();
  const change = useApiData(() => api().GET('/asset-policy-changes/{changeId}', { params: { path: { changeId } } }), [changeId]);
  const policy = useApiData(() => api().GET('/asset-policy'), [changeId, change.data?.version]);
  const flowId = change.data?.flowId;
  const flow = useFlow(flowId, change.data?.version);
  const data = change.data;
  const reload = () => change.reload();
  const open = data?.status === 'pending-approval' || data?.status === 'returned';
  const mayWithdraw = !!data && open && (who?.subject === data.requestedBy || !!who?.roles.includes('admin'));
  const inForce = policy.data;
  return (
    <Page title="Asset policy change">
      <p>
        <Link to="/asset-policy">Back to the asset policy</Link>
      </p>
      <ProblemBanner problem={change.problem} />
      {!data && change.loading && <Loading what="the change" />}
      {data && (
        <>
          <section className="card" aria-labelledby="change-facts">
            <h2 id="change-facts">Where it stands</h2>
            <dl className="facts">
              <dt>Status</dt>
              <dd>
                <ChangeStatus status={data.status} />
                {data.appliedVersion !== undefined && ` — in force as policy version ${data.appliedVersion}`}
              </dd>
              <dt>Reason</dt>
              <dd>{data.reason}</dd>
              <dt>Proposed by</dt>
              <dd>
                {personName(data.requestedByPerson, data.requestedBy)} on {formatTime(data.createdAt)}
              </dd>
              {data.author !== data.requestedBy && (
                <>
                  <dt>Revised by</dt>
                  <dd>{personName(data.authorPerson, data.author)}</dd>
                </>
              )}
              <dt>Written against</dt>
              <dd>{data.basedOnVersion === 0 ? 'the default policy' : `policy version ${data.basedOnVersion}`}</dd>
              {data.revisionNote && (
                <>
                  <dt>Revision note</dt>
                  <dd>{data.revisionNote}</dd>
                </>
              )}
              {data.returnReason && (
                <>
                  <dt>Returned because</dt>
                  <dd>{data.returnReason}</dd>
                </>
              )}
              {data.rejectionReason && (
                <>
                  <dt>Rejected because</dt>
                  <dd>{data.rejectionReason}</dd>
                </>
              )}
              {data.withdrawalReason && (
                <>
                  <dt>Withdrawn because</dt>
                  <dd>{data.withdrawalReason}</dd>
                </>
              )}
              <dt>Last changed</dt>
              <dd>{formatTime(data.updatedAt)}</dd>
            </dl>
          </section>
          {flow.data && <FlowSteps flow={flow.data} heading="Decisions" />}
          {flowId && (
            <p>
              <Link to={`/flows/${flowId}`}>The full decision record</Link>
            </p>
          )}
          {mayWithdraw && <Withdrawal changeId={changeId} onDone={reload} />}
          <section aria-labelledby="what-changes">
            <h2 id="what-changes">What it changes</h2>
            {data.status === 'approved' ? (
              <p>This change is in force{data.appliedVersion !== undefined ? ` as version ${data.appliedVersion}` : ''}: the asset policy screen shows it.</p>
            ) : inForce ? (
              <DifferenceTable
                changes={differences((({ version: _version, updatedAt: _updated, ...rest }) => rest)(inForce), data.policy)}
                caption={`The proposal against the policy in force (${inForce.version === 0 ? 'the default' : `version ${inForce.version}`})`}
              />
            ) : (
              <Loading what="the policy in force" />
            )}
          </section>
          <details className="card">
            <summary>The proposed policy in full</summary>
            <PolicyView policy={data.policy} headingLevel={3} />
          </details>
        </>
      )}
    </Page>
  );
}
