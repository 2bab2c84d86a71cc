// Change freezes (X.1052 12.2.4): the periods in force or to come in which only emergency changes may be
// made, soonest end first. Those who keep them (administrators, security officers, managers) declare one
// (POST /change-freezes, an Idempotency-Key kept across retries of one submission) and end one early
// (POST …/cancellation, If-Match its version: a 412 says someone changed it meanwhile), with a reason.
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { changeFreezeInputSchema, freezeEndSchema } from '@ismf/change/rules';
import { act, api, newIdempotencyKey } from '../../api.ts';
import { check, Field, FormActions, useSubmission } from '../../ui/form.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { useWho } from '../../session/session.ts';
import { FREEZE_KEEPERS, holds, isoFromLocal, type Freeze } from './management-parts.tsx';

const FIELDS = ['body.name', 'body.start', 'body.end', 'body.reason'];

function Declare({ onDeclared }: { onDeclared: (freeze: Freeze) => void }) {
  const [values, setValues] = useState({ name: '', start: '', end: '', reason: '' });
  const [declared, setDeclared] = useState<Freeze>();
  const form = useSubmission();
  // One key per body: a retry of the same declaration is answered with the first result, an edited one is new.
  const attempt = useRef<{ body: string; key: string }>(undefined);
  const set = (name: keyof typeof values) => (value: string) => setValues((before) => ({ ...before, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDeclared(undefined);
    void form.run(async () => {
      const checked = check(changeFreezeInputSchema, { ...values, start: isoFromLocal(values.start), end: isoFromLocal(values.end) });
      if (checked.problem) return checked.problem;
      const body = JSON.stringify(checked.value);
      if (attempt.current?.body !== body) attempt.current = { body, key: newIdempotencyKey() };
      const outcome = await act(api().POST('/change-freezes', { params: { header: { 'Idempotency-Key': attempt.current.key } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      setValues({ name: '', start: '', end: '', reason: '' });
      setDeclared(outcome.data);
      onDeclared(outcome.data);
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="declare-heading" className="card">
      <h2 id="declare-heading">Declare a freeze</h2>
      <p className="hint">While it lasts, windows of standard and normal changes are refused; emergency changes go ahead. Times are local.</p>
      {declared && (
        <p role="status" className="notice">
          The freeze “{declared.name}” is declared.
        </p>
      )}
      <ProblemBanner problem={form.problem} fields={FIELDS} />
      <Field label="Name" error={form.error('body.name')}>
        {(props) => <input {...props} value={values.name} onChange={(event) => set('name')(event.target.value)} />}
      </Field>
      <div className="filters">
        <Field label="Starts" error={form.error('body.start')}>
          {(props) => <input {...props} type="datetime-local" value={values.start} onChange={(event) => set('start')(event.target.value)} />}
        </Field>
        <Field label="Ends" error={form.error('body.end')}>
          {(props) => <input {...props} type="datetime-local" value={values.end} onChange={(event) => set('end')(event.target.value)} />}
        </Field>
      </div>
      <Field label="Reason" hint="why changes are frozen: the people planning changes read it" error={form.error('body.reason')}>
        {(props) => <textarea {...props} value={values.reason} onChange={(event) => set('reason')(event.target.value)} />}
      </Field>
      <button type="submit" disabled={form.busy}>
        {form.busy ? 'Declaring…' : 'Declare the freeze'}
      </button>
    </form>
  );
}

function End({ freeze, onEnded, onCancel }: { freeze: Freeze; onEnded: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(freezeEndSchema, { reason });
      if (checked.problem) return checked.problem;
      const outcome = await act(
        api().POST('/change-freezes/{freezeId}/cancellation', {
          params: { path: { freezeId: freeze.id }, header: { 'If-Match': `"${freeze.version}"` } },
          body: checked.value,
        }),
      );
      if (outcome.problem) return outcome.problem;
      onEnded();
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="end-heading" className="card">
      <h2 id="end-heading">End the freeze “{freeze.name}”</h2>
      <p className="hint">
        It no longer refuses windows from now on; who ended it, when and why stay in its history. It was to last until {formatTime(freeze.end)}.
      </p>
      <ProblemBanner problem={form.problem} fields={['body.reason']} onReload={onEnded} />
      <Field label="Reason for ending it early" error={form.error('body.reason')}>
        {(props) => <textarea {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <FormActions label="End the freeze" busy={form.busy} onCancel={onCancel} danger />
    </form>
  );
}

export default function Freezes() {
  const keeper = holds(useWho()?.roles, FREEZE_KEEPERS);
  // Bumped after a declaration or an end, so the list reads again.
  const [round, setRound] = useState(0);
  const [ending, setEnding] = useState<Freeze>();
  const changed = () => setRound((n) => n + 1);
  const columns: Column<Freeze>[] = [
    { header: 'Name', rowHeader: true, cell: (freeze) => freeze.name },
    { header: 'Starts', cell: (freeze) => formatTime(freeze.start) },
    { header: 'Ends', cell: (freeze) => formatTime(freeze.end) },
    { header: 'Reason', cell: (freeze) => freeze.reason },
    { header: 'Declared by', cell: (freeze) => `${personName(freeze.createdByPerson, freeze.createdBy)}, ${formatTime(freeze.createdAt)}` },
    ...(keeper
      ? [
          {
            header: 'Action',
            cell: (freeze: Freeze) => (
              <button type="button" className="secondary" onClick={() => setEnding(freeze)} aria-label={`End the freeze ${freeze.name}`}>
                End
              </button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Page title="Change freezes">
      <p>
        Periods in which only emergency changes may be made. <Link to="/change-calendar">The change calendar</Link> shows them beside the changes.
      </p>
      {!keeper && <p className="hint">Administrators, security officers and managers declare and end freezes.</p>}
      {ending && (
        <End
          key={ending.id}
          freeze={ending}
          onEnded={() => {
            setEnding(undefined);
            changed();
          }}
          onCancel={() => setEnding(undefined)}
        />
      )}
      <PagedTable<Freeze>
        caption="Freezes in force or to come, soonest end first"
        columns={columns}
        deps={[round]}
        rowKey={(freeze) => freeze.id}
        empty="No freeze is in force or to come."
        load={(cursor) => api().GET('/change-freezes', { params: { query: { limit: 25, ...(cursor ? { cursor } : {}) } } })}
      />
      {keeper && <Declare onDeclared={changed} />}
    </Page>
  );
}
