// The tenant's asset policy, readable; for its keepers (administrators, security officers) a proposal of a
// change, which takes effect only once a second security officer checked it and a manager approved it.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import * as z from 'zod';
import { assetPolicySchema } from '@ismf/assets/rules';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, newIdempotencyKey, useApiData } from '../../api.ts';
import { check, Field, FormActions, useSubmission } from '../../ui/form.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { PagedTable } from '../../ui/paged-table.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { useWho } from '../../session/session.ts';
import { PolicyView, type Policy } from './policy-view.tsx';
import { PolicyEditor, draftOf, policyOf, type PolicyDraft } from './policy-editor.tsx';
import { ChangeStatus } from './change-status.tsx';

/** What POST /asset-policy-changes takes, checked before it is sent (the operation's own rules). */
const proposalSchema = z.strictObject({ policy: assetPolicySchema, reason: z.string().trim().min(1, 'say why the policy should change').max(2000) });

const KEEPERS = ['admin', 'security-officer'];

function Proposal({ current, onCancel }: { current: Policy; onCancel: () => void }) {
  const [draft, setDraft] = useState<PolicyDraft>(() => draftOf(current));
  const [reason, setReason] = useState('');
  const form = useSubmission();
  const navigate = useNavigate();
  // One key per body: a retry of the same proposal is answered with the first result, an edited one is new.
  const attempt = useRef<{ body: string; key: string }>(undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(proposalSchema, { policy: policyOf(draft), reason });
      if (checked.problem) return checked.problem;
      const body = JSON.stringify(checked.value);
      if (attempt.current?.body !== body) attempt.current = { body, key: newIdempotencyKey() };
      const outcome = await act(api().POST('/asset-policy-changes', { body: checked.value, params: { header: { 'Idempotency-Key': attempt.current.key } } }));
      if (outcome.problem) return outcome.problem;
      void navigate(`/asset-policy-changes/${outcome.data.id}`);
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="propose-heading" className="card">
      <h2 id="propose-heading">Propose a change</h2>
      <p className="hint">
        The proposal starts from the policy in force. It takes effect once a second security officer has checked it and a manager has approved it.
      </p>
      <ProblemBanner problem={form.problem} fields={['body.policy', 'body.reason']} />
      <PolicyEditor draft={draft} onChange={setDraft} error={form.error} />
      <Field label="Reason for the change" hint="kept in the audit trail; the deciders read it" error={form.error('body.reason')}>
        {(props) => <textarea {...props} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <FormActions label="Submit for decision" busy={form.busy} onCancel={onCancel} />
    </form>
  );
}

type PolicyChange = Schemas['AssetPolicyChange'];

export default function AssetPolicy() {
  const who = useWho();
  const policy = useApiData(() => api().GET('/asset-policy'), []);
  const [proposing, setProposing] = useState(false);
  const mayPropose = who?.roles.some((role) => KEEPERS.includes(role)) ?? false;
  const current = policy.data;
  return (
    <Page
      title="Asset policy"
      actions={
        mayPropose && current && !proposing ? (
          <button type="button" onClick={() => setProposing(true)}>
            Propose a change
          </button>
        ) : undefined
      }
    >
      <ProblemBanner problem={policy.problem} />
      {!current && policy.loading && <Loading what="the asset policy" />}
      {current && (
        <>
          <p>
            {current.version === 0
              ? 'The default policy: no change has been approved yet.'
              : `Version ${current.version}, in force since ${formatTime(current.updatedAt)}.`}
          </p>
          {proposing && <Proposal current={current} onCancel={() => setProposing(false)} />}
          <section className="card" aria-labelledby="in-force-heading">
            <h2 id="in-force-heading">The policy in force</h2>
            <PolicyView policy={current} headingLevel={3} />
          </section>
        </>
      )}
      <h2>Proposed changes</h2>
      <PagedTable<PolicyChange>
        caption="Proposed changes of the asset policy, oldest first"
        deps={[]}
        load={(cursor) => api().GET('/asset-policy-changes', { params: { query: cursor ? { cursor } : {} } })}
        rowKey={(change) => change.id}
        empty="No change has been proposed."
        columns={[
          { header: 'Change', rowHeader: true, cell: (change) => <Link to={`/asset-policy-changes/${change.id}`}>{change.reason}</Link> },
          { header: 'Proposed', cell: (change) => formatTime(change.createdAt) },
          { header: 'By', cell: (change) => personName(change.requestedByPerson, change.requestedBy) },
          { header: 'Status', cell: (change) => <ChangeStatus status={change.status} /> },
        ]}
      />
    </Page>
  );
}
