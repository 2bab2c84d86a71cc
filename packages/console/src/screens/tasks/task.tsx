// A work task of a flow: what it asks, the return it answers, and its result handed in, with evidence files
// uploaded beside it (attached to its subject). The revision of a returned asset policy change edits the
// policy here; a change request's test hands in a typed result (testResultSchema) beside the change's plan;
// the revision of a returned change plan points to the change's page, where the plan is revised, and says
// what changed; a patch's lab test and its revision have their own forms.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { policyRevisionSchema } from '@ismf/assets/rules';
import { planRevisedSchema, testResultSchema } from '@ismf/change/rules';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, useApiData } from '../../api.ts';
import { Field, check, useSubmission } from '../../ui/form.tsx';
import { FlowSteps, useFlow } from '../../ui/flow-steps.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner, refusal } from '../../ui/problem.tsx';
import { useWho } from '../../session/session.ts';
import { PolicyEditor, draftOf, policyOf, type PolicyDraft } from '../settings/policy-editor.tsx';
import { type Policy } from '../settings/policy-view.tsx';
import { ChangeSnapshot, changeSnapshotOf } from '../change/snapshot.tsx';
import { TestResultFields, blankTest, testResultOf, type TestValues } from '../change/test-result.tsx';
import { PatchLabResult, PatchTestRevision } from '../patches/lab-result.tsx';
import { EvidenceUpload, type Uploaded } from './evidence-upload.tsx';
import { Snapshot, TASK_STATUS, TaskFacts } from './task-parts.tsx';

type Task = Schemas['TaskDetail'];

const isPolicyRevision = (task: Task) => task.subjectKind === 'asset-policy-change' && !!(task.snapshot as { policy?: unknown } | undefined)?.policy;
const isChangeTest = (task: Task) => task.subjectKind === 'change-request' && task.work === 'test';
const isChangeRevision = (task: Task) => task.subjectKind === 'change-request' && task.kind === 'work' && !task.work;
const isPatchTest = (task: Task) => task.subjectKind === 'patch-test' && task.work === 'lab-test';
const isPatchTestRevision = (task: Task) => task.subjectKind === 'patch-test' && task.kind === 'work' && !task.work;
/** Who hands in a revision beside its author: the subject kind's editors. */
const EDITORS: readonly string[] = ['admin', 'security-officer'];

/** A change's lab or on-site test: passed or failed, where, what was found, the test data (X.1051 12.4.2). */
function ChangeTestResult({ task, evidence, onDone }: { task: Task; evidence: Uploaded[]; onDone: () => void }) {
  const [values, setValues] = useState<TestValues>(blankTest);
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(
        testResultSchema,
        testResultOf(
          values,
          evidence.map((file) => file.id),
        ),
        'body.result',
      );
      if (checked.problem) return checked.problem;
      const answer = await act(api().POST('/tasks/{taskId}/completion', { params: { path: { taskId: task.id } }, body: { result: checked.value } }));
      if (answer.problem) return answer.problem;
      onDone();
      return undefined;
    });
  };
  const fields = ['outcome', 'environment', 'notes', 'testData'].map((field) => `body.result.${field}`);
  return (
    <form onSubmit={submit} noValidate aria-labelledby="test-heading" className="card">
      <h2 id="test-heading">Hand in the test result</h2>
      <p className="hint">A failed test returns the plan to its author for revision; the evidence uploaded above goes with the result.</p>
      <ProblemBanner problem={form.problem} fields={fields} />
      <TestResultFields values={values} onChange={setValues} errorAt={(field) => form.error(`body.result.${field}`)} />
      <button type="submit" disabled={form.busy}>
        Hand in the result
      </button>
    </form>
  );
}

/** A returned change plan: revised on the change's page (where the tenant's rules are checked), then said what changed. */
function ChangeRevision({ task, onDone }: { task: Task; onDone: () => void }) {
  const [note, setNote] = useState('');
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(planRevisedSchema, { note }, 'body.result');
      if (checked.problem) return checked.problem;
      const answer = await act(api().POST('/tasks/{taskId}/completion', { params: { path: { taskId: task.id } }, body: { result: checked.value } }));
      if (answer.problem) return answer.problem;
      onDone();
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="revise-heading" className="card">
      <h2 id="revise-heading">Revise the plan, then say what changed</h2>
      <p>
        First revise the plan on <Link to={`/change-requests/${task.subject.id}`}>the change’s page</Link> (the organization’s rules are checked there). Then
        say here what the revision changed: the revised plan goes through every test again.
      </p>
      <ProblemBanner problem={form.problem} fields={['body.result.note']} />
      <Field label="What the revision changed" hint="the testers and the authorizer read it beside the return" error={form.error('body.result.note')}>
        {(props) => <textarea {...props} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" disabled={form.busy}>
        Hand in the revision
      </button>
    </form>
  );
}

function Revision({ task, onDone }: { task: Task; onDone: () => void }) {
  const [draft, setDraft] = useState<PolicyDraft>(() => draftOf((task.snapshot as { policy: Policy }).policy));
  const [note, setNote] = useState('');
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(policyRevisionSchema, { policy: policyOf(draft), note }, 'body.result');
      if (checked.problem) return checked.problem;
      const answer = await act(api().POST('/tasks/{taskId}/completion', { params: { path: { taskId: task.id } }, body: { result: checked.value } }));
      if (answer.problem) return answer.problem;
      onDone();
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="revise-heading" className="card">
      <h2 id="revise-heading">Revise and hand in</h2>
      <p className="hint">The revised change goes through every step again: a second security officer checks it, then a manager approves it.</p>
      <ProblemBanner problem={form.problem} fields={['body.result.policy', 'body.result.note']} />
      <PolicyEditor draft={draft} onChange={setDraft} error={form.error} prefix="body.result.policy" />
      <Field label="What the revision changed" hint="the deciders read it beside the return" error={form.error('body.result.note')}>
        {(props) => <textarea {...props} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" disabled={form.busy}>
        Hand in the revision
      </button>
    </form>
  );
}

/** Any other work task: its result as JSON, in the shape the task asks for (the API names what does not fit). */
function GenericResult({ task, evidence, onDone }: { task: Task; evidence: Uploaded[]; onDone: () => void }) {
  const [text, setText] = useState('{\n  \n}');
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      let result: unknown;
      try {
        result = JSON.parse(text);
      } catch (error) {
        return {
          type: 'about:blank',
          title: 'Not JSON',
          status: 400,
          detail: (error as Error).message,
          errors: [{ path: 'body.result', message: 'the result must be a JSON object' }],
        };
      }
      if (typeof result !== 'object' || result === null || Array.isArray(result))
        return refusal('Not an object', 'the result is a JSON object', 'body.result', 'the result must be a JSON object');
      const body = { result: { ...(result as Record<string, unknown>), ...(evidence.length ? { evidence: evidence.map((file) => file.id) } : {}) } };
      const answer = await act(api().POST('/tasks/{taskId}/completion', { params: { path: { taskId: task.id } }, body }));
      if (answer.problem) return answer.problem;
      onDone();
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="result-heading" className="card">
      <h2 id="result-heading">Hand in the result</h2>
      <ProblemBanner problem={form.problem} fields={['body.result']} />
      <Field label="Result (JSON)" hint="the evidence uploaded above is added as `evidence`" error={form.error('body.result')}>
        {(props) => <textarea {...props} rows={10} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />}
      </Field>
      <button type="submit" disabled={form.busy}>
        Hand in
      </button>
    </form>
  );
}

export default function WorkTask() {
  const { taskId = '' } = useParams();
  const who = useWho();
  const read = useApiData(() => api().GET('/tasks/{taskId}', { params: { path: { taskId } } }), [taskId]);
  const task = read.data;
  const flowId = task?.flowId;
  const flow = useFlow(flowId, task?.version, task && task.status !== 'pending' ? task.id : undefined);
  const [evidence, setEvidence] = useState<Uploaded[]>([]);
  const mine =
    !!task &&
    (task.assignee === who?.subject ||
      (!task.assignee && !!task.role && !!who?.roles.includes(task.role as never)) ||
      ((task.subjectKind === 'asset-policy-change' || isChangeRevision(task)) && !!who?.roles.some((role) => EDITORS.includes(role))));
  return (
    <Page title={task ? task.act : 'Task'}>
      <ProblemBanner problem={read.problem} />
      {!task && read.loading && <Loading what="the task" />}
      {task && (
        <>
          <TaskFacts task={task} />
          <section aria-labelledby="about-heading">
            <h2 id="about-heading">What it is about</h2>
            <p>
              <Link to={task.link}>Open the {task.subjectKind.replace(/-/g, ' ')}</Link> (version {task.subject.version}).
            </p>
            <Snapshot task={task} />
            <ChangeSnapshot snapshot={changeSnapshotOf(task)} />
          </section>
          {task.completion && (
            <section className="notice" aria-labelledby="done-heading">
              <h2 id="done-heading">Handed in</h2>
              <p>
                By {personName(task.completion.byPerson, task.completion.by)} on {formatTime(task.completion.at)}.
                {typeof task.completion.result.note === 'string' && <> Note: “{task.completion.result.note}”</>}
                {typeof task.completion.result.outcome === 'string' && <> Outcome: {task.completion.result.outcome}.</>}
              </p>
            </section>
          )}
          {task.status !== 'pending' && !task.completion && (
            <p className="notice">This task is {TASK_STATUS[task.status]}: nothing can be handed in any more.</p>
          )}
          {task.status === 'pending' && !mine && <p className="notice">This task is assigned to {personName(task.assigneePerson, task.assignee)}.</p>}
          {task.status === 'pending' && mine && (
            <>
              <EvidenceUpload
                subject={{ type: task.subject.type, id: task.subject.id }}
                uploaded={evidence}
                onUploaded={(file) => setEvidence((list) => [...list, file])}
              />
              {isPolicyRevision(task) ? (
                <Revision task={task} onDone={read.reload} />
              ) : isChangeTest(task) ? (
                <ChangeTestResult task={task} evidence={evidence} onDone={read.reload} />
              ) : isChangeRevision(task) ? (
                <ChangeRevision task={task} onDone={read.reload} />
              ) : isPatchTest(task) ? (
                <PatchLabResult task={task} evidenceIds={evidence.map((file) => file.id)} onDone={read.reload} />
              ) : isPatchTestRevision(task) ? (
                <PatchTestRevision task={task} onDone={read.reload} />
              ) : (
                <GenericResult task={task} evidence={evidence} onDone={read.reload} />
              )}
            </>
          )}
          {flow.data && <FlowSteps flow={flow.data} heading="The decision record" />}
        </>
      )}
    </Page>
  );
}
