// A work task of a flow (today: the revision of a returned asset policy change): what it asks, the return
// it answers, and its result handed in, with evidence files uploaded beside it (attached to its subject).
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { policyRevisionSchema } from '@ismf/assets/rules';
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
import { EvidenceUpload, type Uploaded } from './evidence-upload.tsx';
import { Snapshot, TASK_STATUS, TaskFacts } from './task-parts.tsx';

type Task = Schemas['TaskDetail'];

const isPolicyRevision = (task: Task) => task.subjectKind === 'asset-policy-change' && !!(task.snapshot as { policy?: unknown } | undefined)?.policy;

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
      (task.subjectKind === 'asset-policy-change' && !!who?.roles.some((role) => role === 'admin' || role === 'security-officer')));
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
          </section>
          {task.completion && (
            <section className="notice" aria-labelledby="done-heading">
              <h2 id="done-heading">Handed in</h2>
              <p>
                By {personName(task.completion.byPerson, task.completion.by)} on {formatTime(task.completion.at)}.
                {typeof task.completion.result.note === 'string' && <> Note: “{task.completion.result.note}”</>}
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
              {isPolicyRevision(task) ? <Revision task={task} onDone={read.reload} /> : <GenericResult task={task} evidence={evidence} onDone={read.reload} />}
            </>
          )}
          {flow.data && <FlowSteps flow={flow.data} heading="The decision record" />}
        </>
      )}
    </Page>
  );
}
