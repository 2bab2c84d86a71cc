// One rollout wave (X.1052 12.2.3 c; X.1051 12.5.1, 12.6.1): the fix, the asset classes and assets, the
// vulnerabilities it closes, its priority and earliest due date, the requested window and the change's class,
// where it stands with the decision's reason or the change area's refusal, its approval (the flow drawn), the
// change request once the change area has opened it, and its requirements. While it waits on its approval or
// on the change request being opened, the page reads it again every few seconds: what others do shows here.
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import type { PatchState } from '@ismf/patches/rules';
import { api, useApiData } from '../../api.ts';
import { FlowSteps, useFlow } from '../../ui/flow-steps.tsx';
import { formatDate, formatTime } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { windowText } from '../change/request-parts.tsx';
import { namesFrom, PriorityBadge, RequirementsTable, WAVE_CLASS_LABELS, WaveStatusBadge, type Wave } from './parts.tsx';

/** The statuses in which the wave waits on others (its approver, the change area): read again meanwhile. */
const WAITING: readonly Wave['status'][] = ['pending-approval', 'approved'];
const AGAIN_MS = 4000;
/** The states a wave in this status has moved its requirements to (read again until they are there). */
const SETTLED: Partial<Record<Wave['status'], readonly PatchState[]>> = {
  'pending-approval': ['scheduled'],
  approved: ['scheduled', 'in-change'],
  'in-change': ['in-change'],
  implemented: ['patched'],
};

const cveLink = (id: string) => `/advisories?cve=${encodeURIComponent(id)}`;

function ChangeLine({ wave }: { wave: Wave }) {
  if (wave.changeId)
    return (
      <p>
        <Link to={`/change-requests/${wave.changeId}`}>The change request of this wave</Link>{' '}
        <span className="hint">(planned, tested, authorized and implemented there)</span>
      </p>
    );
  if (wave.refusal)
    return (
      <p>
        <span className="badge danger">Change refused</span> {wave.refusal}
      </p>
    );
  if (wave.status === 'approved') return <p role="status">Approved: the change request is being opened.</p>;
  if (wave.status === 'pending-approval' || wave.status === 'returned') return <p className="hint">Its change request is opened once the wave is approved.</p>;
  return <p className="empty">No change request was opened for this wave.</p>;
}

export default function PatchWavePage() {
  const { patchWaveId = '' } = useParams();
  const read = useApiData(() => api().GET('/patch-waves/{patchWaveId}', { params: { path: { patchWaveId } } }), [patchWaveId]);
  const wave = read.data?.id === patchWaveId ? read.data : undefined;
  const flow = useFlow(wave?.flowId, wave?.version);
  const missing = read.problem?.status === 404 || read.problem?.status === 400;
  const waiting = !!wave && WAITING.includes(wave.status);
  const { reload, loading } = read;
  useEffect(() => {
    if (!waiting || loading) return;
    const timer = setTimeout(reload, AGAIN_MS);
    return () => clearTimeout(timer);
  }, [waiting, loading, reload, wave?.version]);
  return (
    <Page title={wave ? `Patch wave: ${wave.title}` : 'Patch wave'}>
      <p>
        <Link to="/patch-waves">All patch waves</Link>
      </p>
      {missing ? <p>There is no patch wave {patchWaveId} in your organization.</p> : <ProblemBanner problem={read.problem} />}
      {!wave && read.loading && <Loading what="the patch wave" />}
      {wave && (
        <>
          <section className="card" aria-labelledby="wave-summary">
            <h2 id="wave-summary">Summary</h2>
            <dl className="facts">
              <dt>Status</dt>
              <dd>
                <WaveStatusBadge status={wave.status} />
                {wave.outcomeAt && <span className="hint"> since {formatTime(wave.outcomeAt)}</span>}
              </dd>
              {wave.decisionReason && (
                <>
                  <dt>Decision reason</dt>
                  <dd className="prose">{wave.decisionReason}</dd>
                </>
              )}
              {wave.refusal && (
                <>
                  <dt>Refused by change management</dt>
                  <dd className="prose">{wave.refusal}</dd>
                </>
              )}
              <dt>Fix</dt>
              <dd>
                <span className="mono">{wave.product}</span>
                {wave.fixedVersion ? ` → ${wave.fixedVersion}` : ''}
              </dd>
              <dt>Asset classes</dt>
              <dd>{wave.assetClasses.join(', ')}</dd>
              <dt>Assets</dt>
              <dd>
                {wave.assetIds.length}:{' '}
                {wave.assetIds.map((id, index) => (
                  <span key={id}>
                    {index > 0 && ', '}
                    <Link className="mono" to={`/assets/${id}`}>
                      {id}
                    </Link>
                  </span>
                ))}
              </dd>
              <dt>Vulnerabilities</dt>
              <dd>
                {wave.vulnerabilities.length
                  ? wave.vulnerabilities.map((id, index) => (
                      <span key={id}>
                        {index > 0 && ', '}
                        <Link className="mono" to={cveLink(id)}>
                          {id}
                        </Link>
                      </span>
                    ))
                  : 'none named'}
              </dd>
              <dt>Priority</dt>
              <dd>
                <PriorityBadge priority={wave.priority} />
              </dd>
              <dt>Earliest due</dt>
              <dd>{formatDate(wave.earliestDueAt)}</dd>
              <dt>Requested window</dt>
              <dd>
                {windowText(wave.window)} <span className="hint">(the change plan may move it)</span>
              </dd>
              <dt>Class of the change</dt>
              <dd>{WAVE_CLASS_LABELS[wave.class]}</dd>
              <dt>Why</dt>
              <dd className="prose">{wave.reason}</dd>
              <dt>Planned by</dt>
              <dd>
                {namesFrom(flow.data)(wave.requestedBy)} on {formatTime(wave.createdAt)}
              </dd>
              <dt>Last changed</dt>
              <dd>{`${formatTime(wave.updatedAt)} (version ${wave.version})`}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="wave-change">
            <h2 id="wave-change">Change request</h2>
            <ChangeLine wave={wave} />
          </section>
          <section className="card" aria-labelledby="wave-requirements">
            <h2 id="wave-requirements">Requirements</h2>
            <RequirementsTable ids={wave.requirementIds} version={wave.version} settled={SETTLED[wave.status]} caption="The requirements this wave patches" />
          </section>
          <section aria-labelledby="wave-approval">
            <h2 id="wave-approval">Approval</h2>
            {flow.data && <FlowSteps flow={flow.data} heading="Steps of the approval" />}
            <p>
              <Link to={`/flows/${wave.flowId}`}>The full decision record</Link>
            </p>
          </section>
        </>
      )}
    </Page>
  );
}
