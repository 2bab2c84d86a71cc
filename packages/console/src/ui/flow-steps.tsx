// A decision record drawn as steps: each settled step with who settled it, when and why; the open step and
// whom it waits on; the steps still to come. Every state is said in words too, never by colour alone.
import { useEffect } from 'react';
import { Link } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import { api, useApiData } from '../api.ts';
import { formatTime, personName } from './format.ts';
import { roleName } from './roles.ts';

export type Flow = Schemas['Flow'];

const OUTCOMES: Record<string, string> = {
  approve: 'Approved',
  reject: 'Rejected',
  return: 'Returned for revision',
  completed: 'Revised',
  'timed-out': 'Timed out',
  withdrawn: 'Withdrawn',
};

export const FLOW_STATUS: Record<Flow['status'], string> = {
  running: 'In progress',
  approved: 'Approved',
  rejected: 'Rejected',
  superseded: 'Superseded',
  expired: 'Expired',
  interrupted: 'Interrupted',
  withdrawn: 'Withdrawn',
};

/** An outcome in words; a work step other than the revision (a test) is completed, not revised. */
export const outcomeName = (outcome: string, step?: string) =>
  outcome === 'completed' && step && step !== 'revise' ? 'Completed' : (OUTCOMES[outcome] ?? outcome);
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A step by its name, as the flow's kind declares it ("check" → "Check"). */
const stepLabel = (step: string) => capital(step);

/**
 * Reads a flow once its id is known, again when `version` (of the record it belongs to) changes. A task just
 * settled (`settledTaskId`) moves the flow on a moment later, from its event: until then, and while the flow
 * opens its next step, it is read again.
 */
export function useFlow(flowId: string | undefined, version?: number, settledTaskId?: string) {
  const read = (): Promise<{ data?: Flow; error?: unknown; response: Response }> =>
    flowId ? api().GET('/flows/{flowId}', { params: { path: { flowId } } }) : Promise.resolve({ response: new Response(null, { status: 204 }) });
  const flow = useApiData(read, [flowId, version]);
  // Running with no open step: the flow is opening the next one.
  const waiting = flow.data?.status === 'running' ? flow.data.waitingFor : undefined;
  const behind = flow.data?.status === 'running' && !flow.loading && (!waiting || (!!settledTaskId && waiting.taskId === settledTaskId));
  const { reload } = flow;
  useEffect(() => {
    if (!behind) return;
    const timer = setTimeout(reload, 700);
    return () => clearTimeout(timer);
  }, [behind, reload, flow.data]);
  return flow;
}

/** The flow's steps: done, the current one (linking its task), and those waiting. */
export function FlowSteps({ flow, heading = 'Steps' }: { flow: Flow; heading?: string }) {
  // The kind's steps in order, from the API: the ones after the open step are still to come.
  const plan = flow.steps;
  const current = flow.status === 'running' ? flow.waitingFor : undefined;
  // After a return the revision comes first and every step is taken again; otherwise the steps after the open one.
  const at = current ? plan.findIndex((planned) => planned.step === current.step) : -1;
  const later = current ? (at >= 0 ? plan.slice(at + 1) : plan) : [];
  return (
    <section aria-label={heading} className="flow-steps">
      <h2>{heading}</h2>
      <p>
        Status: <span className={`badge ${flow.status === 'approved' ? 'ok' : flow.status === 'running' ? '' : 'danger'}`}>{FLOW_STATUS[flow.status]}</span>
      </p>
      <ol className="steps">
        {flow.history.map((entry) => (
          <li key={`${entry.taskId}:${entry.outcome}:${entry.at}`} className="done">
            <strong>{stepLabel(entry.step)}</strong> — done
            <br />
            {outcomeName(entry.outcome, entry.step)} by {personName(entry.byPerson, entry.by ?? 'no one (timed out)')}
            <br />
            <small>{formatTime(entry.at)}</small>
            {entry.reason && (
              <>
                <br />“{entry.reason}”
              </>
            )}
          </li>
        ))}
        {current && (
          <li className="current" aria-current="step">
            <strong>{stepLabel(current.step)}</strong> — current
            <br />
            {current.kind === 'work' ? `Waiting on ${personName(current.assigneePerson, current.assignee)}` : `Waiting on a ${roleName(current.role)}`}
            <br />
            <Link to={current.link}>{current.kind === 'work' ? 'Open the task' : 'Open the decision'}</Link>
          </li>
        )}
        {later.map((planned) => (
          <li key={`later:${planned.step}`} className="waiting">
            <strong>{stepLabel(planned.step)}</strong> — later
            <br />
            {planned.act},{' '}
            {planned.kind === 'work'
              ? planned.roles[0]
                ? `by anyone who is a ${roleName(planned.roles[0])}`
                : 'by the person it is given to'
              : `by a ${roleName(planned.roles[0])}`}
          </li>
        ))}
      </ol>
      {flow.history.length === 0 && !current && <p className="empty">No step has been taken yet.</p>}
    </section>
  );
}
