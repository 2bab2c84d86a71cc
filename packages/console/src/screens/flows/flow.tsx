// A subject's decision record, as an auditor reads it: where it stands, each step with who settled it, when
// and why, the open step and whom it waits on, and the steps still to come.
import { Link, useParams } from 'react-router';
import { api, useApiData } from '../../api.ts';
import { FLOW_STATUS, FlowSteps, outcomeName } from '../../ui/flow-steps.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';

const SUBJECT_LINKS: Record<string, (id: string) => string> = {
  'asset-policy-change': (id) => `/asset-policy-changes/${id}`,
  asset: (id) => `/assets/${id}`,
  'change-template': (id) => `/change-templates/${id}`,
  'change-request': (id) => `/change-requests/${id}`,
};

export default function Flow() {
  const { flowId = '' } = useParams();
  const read = useApiData(() => api().GET('/flows/{flowId}', { params: { path: { flowId } } }), [flowId]);
  const flow = read.data;
  const subjectLink = flow && SUBJECT_LINKS[flow.subject.type]?.(flow.subject.id);
  const words = flow?.kind.replace(/-/g, ' ');
  return (
    <Page title={flow ? `Decision record: ${words}` : 'Decision record'}>
      <ProblemBanner problem={read.problem} />
      {!flow && read.loading && <Loading what="the decision record" />}
      {flow && (
        <>
          <section className="card" aria-labelledby="flow-facts">
            <h2 id="flow-facts">The subject</h2>
            <dl className="facts">
              <dt>Subject</dt>
              <dd>{subjectLink ? <Link to={subjectLink}>the {words}</Link> : `${words} ${flow.subject.id}`}</dd>
              <dt>Requested by</dt>
              <dd>{personName(flow.requestedByPerson, flow.requestedBy)}</dd>
              <dt>Started</dt>
              <dd>{formatTime(flow.createdAt)}</dd>
              <dt>Status</dt>
              <dd>{FLOW_STATUS[flow.status]}</dd>
              <dt>Last change</dt>
              <dd>{formatTime(flow.updatedAt)}</dd>
            </dl>
          </section>
          <FlowSteps flow={flow} />
          <table>
            <caption>Every step’s outcome, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Outcome</th>
                <th scope="col">By</th>
                <th scope="col">When</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {flow.history.map((entry) => (
                <tr key={`${entry.taskId}:${entry.outcome}:${entry.at}`}>
                  <th scope="row">{entry.step}</th>
                  <td>{outcomeName(entry.outcome, entry.step)}</td>
                  <td>{personName(entry.byPerson, entry.by ?? 'no one (timed out)')}</td>
                  <td>{formatTime(entry.at)}</td>
                  <td>{entry.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {flow.history.length === 0 && <p className="empty">No step has been settled yet.</p>}
        </>
      )}
    </Page>
  );
}
