// The lab test of a fix (X.1052 12.2.3 b), as its tester hands it in: passed or failed, the lab it ran in, what
// was installed and checked; evidence uploaded beside it goes with it. A failed test returns the requirements with
// the notes as the reason, and the requester's revision says what changed before the test runs again.
import { useId, useState, type FormEvent } from 'react';
import { patchTestResultSchema, patchTestRevisionSchema } from '@ismf/patches/rules';
import type { Schemas } from '@ismf/api-client/client';
import { act, api } from '../../api.ts';
import { Field, check, useSubmission } from '../../ui/form.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';

type Task = Schemas['TaskDetail'];

const complete = (task: Task, result: unknown) =>
  act(api().POST('/tasks/{taskId}/completion', { params: { path: { taskId: task.id } }, body: { result: result as Record<string, unknown> } }));

export function PatchLabResult({ task, evidenceIds, onDone }: { task: Task; evidenceIds: readonly string[]; onDone: () => void }) {
  const id = useId();
  const [outcome, setOutcome] = useState<'passed' | 'failed' | ''>('');
  const [environment, setEnvironment] = useState('');
  const [notes, setNotes] = useState('');
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const result = { ...(outcome ? { outcome } : {}), environment, notes, ...(evidenceIds.length ? { evidenceIds: [...evidenceIds] } : {}) };
      const checked = check(patchTestResultSchema, result, 'body.result');
      if (checked.problem) return checked.problem;
      const answer = await complete(task, checked.value);
      if (answer.problem) return answer.problem;
      onDone();
      return undefined;
    });
  };
  const outcomeError = form.error('body.result.outcome');
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} className="card">
      <h2 id={`${id}-heading`}>Hand in the lab test</h2>
      <p className="hint">A failed test returns the requirements with your notes as the reason; the evidence uploaded above goes with the result.</p>
      <ProblemBanner problem={form.problem} fields={['outcome', 'environment', 'notes'].map((field) => `body.result.${field}`)} />
      <fieldset aria-describedby={outcomeError ? `${id}-outcome-error` : undefined}>
        <legend>Outcome</legend>
        {(
          [
            ['passed', 'Passed: the fix works and breaks nothing'],
            ['failed', 'Failed: return the requirements with the reason'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="check">
            <input type="radio" name={`${id}-outcome`} value={value} checked={outcome === value} onChange={() => setOutcome(value)} />
            {label}
          </label>
        ))}
        {outcomeError && (
          <span id={`${id}-outcome-error`} className="field-error">
            {outcomeError}
          </span>
        )}
      </fieldset>
      <Field label="Lab environment" hint="where the fix was installed and checked" error={form.error('body.result.environment')}>
        {(props) => <input {...props} value={environment} onChange={(event) => setEnvironment(event.target.value)} />}
      </Field>
      <Field label="Notes" hint="what was installed and checked, and what was found" error={form.error('body.result.notes')}>
        {(props) => <textarea {...props} value={notes} onChange={(event) => setNotes(event.target.value)} />}
      </Field>
      <button type="submit" disabled={form.busy}>
        Hand in the result
      </button>
    </form>
  );
}

export function PatchTestRevision({ task, onDone }: { task: Task; onDone: () => void }) {
  const [note, setNote] = useState('');
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(patchTestRevisionSchema, { note }, 'body.result');
      if (checked.problem) return checked.problem;
      const answer = await complete(task, checked.value);
      if (answer.problem) return answer.problem;
      onDone();
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="revise-heading" className="card">
      <h2 id="revise-heading">Say what changed, and have it tested again</h2>
      <ProblemBanner problem={form.problem} fields={['body.result.note']} />
      <Field label="What changed" hint="another build of the fix, a corrected procedure: the tester reads it" error={form.error('body.result.note')}>
        {(props) => <textarea {...props} value={note} onChange={(event) => setNote(event.target.value)} />}
      </Field>
      <button type="submit" disabled={form.busy}>
        Send it to be tested again
      </button>
    </form>
  );
}
