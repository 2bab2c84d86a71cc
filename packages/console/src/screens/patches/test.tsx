// A lab test of a fix (X.1052 12.2.3 b): the requirements it covers, who tests it, why it was asked for, every
// result handed in (outcome, environment, notes, by whom, from which task), where it stands, and its flow — the
// tester's work task and, after a failed test, the requester's revision.
import { Link, useParams } from 'react-router';
import { api, useApiData } from '../../api.ts';
import { FlowSteps, useFlow } from '../../ui/flow-steps.tsx';
import { formatTime } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { ROLE_LABELS } from '../../ui/roles.ts';
import type { TenantRole } from '@ismf/core/roles';
import { OutcomeBadge } from '../change/request-parts.tsx';
import { namesFrom, RequirementsTable, TestStatusBadge, type PatchTest } from './parts.tsx';

/** The state a test under way has moved its requirements to (read again until they are there). */
const TESTING = ['testing'] as const;

function testerText(tester: PatchTest['tester'], name: (id: string) => string): string {
  if ('role' in tester) return `anyone holding the role ${ROLE_LABELS[tester.role as TenantRole] ?? tester.role}`;
  return name(tester.subject);
}

function Results({ test, name }: { test: PatchTest; name: (id: string) => string }) {
  if (!test.results.length) return <p className="empty">No result has been handed in yet.</p>;
  return (
    <table>
      <caption>Every result, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">Outcome</th>
          <th scope="col">Environment</th>
          <th scope="col">Notes</th>
          <th scope="col">Evidence</th>
          <th scope="col">By</th>
        </tr>
      </thead>
      <tbody>
        {test.results.map((result) => (
          <tr key={`${result.taskId}:${result.at}`}>
            <th scope="row">
              <OutcomeBadge outcome={result.outcome} />
              <br />
              <small>
                <Link to={`/tasks/${result.taskId}`}>{formatTime(result.at)}</Link>
              </small>
            </th>
            <td>{result.environment}</td>
            <td className="prose">{result.notes}</td>
            <td>{result.evidenceIds?.length ? `${result.evidenceIds.length} ${result.evidenceIds.length === 1 ? 'record' : 'records'}` : 'none'}</td>
            <td>{name(result.by)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function PatchTestPage() {
  const { patchTestId = '' } = useParams();
  const read = useApiData(() => api().GET('/patch-tests/{patchTestId}', { params: { path: { patchTestId } } }), [patchTestId]);
  const test = read.data?.id === patchTestId ? read.data : undefined;
  const flow = useFlow(test?.flowId, test?.version);
  const missing = read.problem?.status === 404 || read.problem?.status === 400;
  const name = namesFrom(flow.data);
  return (
    <Page title={test ? test.title : 'Patch test'}>
      <p>
        <Link to="/patch-requirements">All patch requirements</Link>
      </p>
      {missing ? <p>There is no patch test {patchTestId} in your organization.</p> : <ProblemBanner problem={read.problem} />}
      {!test && read.loading && <Loading what="the patch test" />}
      {test && (
        <>
          <section className="card" aria-labelledby="test-summary">
            <h2 id="test-summary">Summary</h2>
            <dl className="facts">
              <dt>Status</dt>
              <dd>
                <TestStatusBadge status={test.status} />
              </dd>
              <dt>Fix</dt>
              <dd>
                <span className="mono">{test.product}</span> {test.fixedVersion ? `→ ${test.fixedVersion}` : ''}
              </dd>
              <dt>Assets</dt>
              <dd>{test.assetCount}</dd>
              <dt>Tester</dt>
              <dd>{testerText(test.tester, name)}</dd>
              <dt>Why</dt>
              <dd className="prose">{test.reason}</dd>
              <dt>Asked by</dt>
              <dd>
                {name(test.requestedBy)} on {formatTime(test.createdAt)}
              </dd>
              {test.revisionNote && (
                <>
                  <dt>Revised</dt>
                  <dd className="prose">{test.revisionNote}</dd>
                </>
              )}
              <dt>Last changed</dt>
              <dd>{`${formatTime(test.updatedAt)} (version ${test.version})`}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="test-results">
            <h2 id="test-results">Results</h2>
            <Results test={test} name={name} />
          </section>
          <section className="card" aria-labelledby="test-requirements">
            <h2 id="test-requirements">Requirements it covers</h2>
            <RequirementsTable
              ids={test.requirementIds}
              version={test.version}
              settled={test.status === 'testing' ? TESTING : undefined}
              caption="The requirements this test would patch"
            />
          </section>
          <section aria-labelledby="test-flow">
            <h2 id="test-flow">Tasks</h2>
            {flow.data && <FlowSteps flow={flow.data} heading="Steps of the test" />}
            <p>
              <Link to={`/flows/${test.flowId}`}>The full decision record</Link>
            </p>
          </section>
        </>
      )}
    </Page>
  );
}
