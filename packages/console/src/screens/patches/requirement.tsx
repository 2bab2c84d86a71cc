// One patch requirement (X.1052 12.2.3 a–c): the asset and its fix (installed → fixed version), the
// vulnerabilities and the early warnings whose approved recommendations it answers, or the vendor bulletin it
// was entered from; its priority with the breakdown that set it, identified and due dates (overdue said in
// words), its state and why; the lab test, rollout wave and change request it is in. Administrators and
// security officers ask for a lab test of it or close it here.
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { TESTABLE_STATES } from '@ismf/patches/rules';
import { api, useApiData } from '../../api.ts';
import { formatTime } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { BreakdownFacts, EXPOSURE_LABELS, formatScore, PriorityFormula, type Breakdown } from '../early-warning/priority-parts.tsx';
import { ClosureForm, TestRequestForm } from './requirement-forms.tsx';
import { DueDate, FixText, ORIGIN_LABELS, PriorityBadge, RESOLUTION_LABELS, StateBadge, useKeeper, type PatchTest, type Requirement } from './parts.tsx';

function Fact({ term, children }: { term: string; children: ReactNode }) {
  if (children === undefined || children === null || children === '' || children === false) return null;
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The breakdown the API keeps is the early warning's (CVSS × importance × exposure × exploitation): drawn when it is one. */
function breakdownOf(requirement: Requirement): Breakdown | undefined {
  const value = requirement.breakdown as Partial<Breakdown> | undefined;
  if (!value || typeof value.cvss !== 'number' || typeof value.score !== 'number') return undefined;
  if (!value.importance || !value.exposure || !value.exploitation || !value.priority) return undefined;
  return value as Breakdown;
}

const MOVE_MS = 1000;

const cveLink = (id: string) => `/advisories?cve=${encodeURIComponent(id)}`;

function Summary({ requirement }: { requirement: Requirement }) {
  return (
    <section className="card" aria-labelledby="requirement-summary">
      <h2 id="requirement-summary">Summary</h2>
      <dl className="facts">
        <Fact term="Asset">
          <Link to={`/assets/${requirement.assetId}`}>{requirement.assetName}</Link>{' '}
          <span className="hint">
            ({requirement.assetType}, importance {requirement.importance}
            {requirement.exposure ? `, ${(EXPOSURE_LABELS[requirement.exposure] ?? requirement.exposure).toLowerCase()}` : ''})
          </span>
        </Fact>
        <Fact term="Fix">
          <FixText fix={requirement} />
        </Fact>
        <Fact term="Installed version">{requirement.installedVersion ?? <span className="hint">not known</span>}</Fact>
        <Fact term="Fixed version">{requirement.fixedVersion ?? <span className="hint">not named</span>}</Fact>
        <Fact term="What to do">
          {requirement.summary}
          {requirement.url && (
            <>
              <br />
              <a href={requirement.url} target="_blank" rel="noopener noreferrer">
                {requirement.url}
              </a>
            </>
          )}
        </Fact>
        <Fact term="From">{ORIGIN_LABELS[requirement.origin]}</Fact>
        <Fact term="Bulletin">
          {requirement.bulletin && (
            <>
              {requirement.bulletin.title}
              {requirement.bulletin.reference && (
                <>
                  {' '}
                  (<span className="mono">{requirement.bulletin.reference}</span>)
                </>
              )}
              {requirement.bulletin.url && (
                <>
                  <br />
                  <a href={requirement.bulletin.url} target="_blank" rel="noopener noreferrer">
                    {requirement.bulletin.url}
                  </a>
                </>
              )}
            </>
          )}
        </Fact>
        <Fact term="Vulnerabilities">
          {requirement.vulnerabilities.length ? (
            requirement.vulnerabilities.map((id, index) => (
              <span key={id}>
                {index > 0 && ', '}
                <Link className="mono" to={cveLink(id)}>
                  {id}
                </Link>
              </span>
            ))
          ) : (
            <span className="hint">none named</span>
          )}
        </Fact>
        <Fact term="Early warnings it answers">
          {requirement.earlyWarnings.length > 0 && (
            <ul>
              {requirement.earlyWarnings.map((warning) => (
                <li key={`${warning.earlyWarningId}:${warning.recommendationId}`}>
                  <Link to={`/early-warnings/${warning.earlyWarningId}`}>{warning.title}</Link>
                </li>
              ))}
            </ul>
          )}
        </Fact>
        <Fact term="Identified">{formatTime(requirement.identifiedAt)}</Fact>
        <Fact term="Due">
          <DueDate requirement={requirement} />
        </Fact>
        <Fact term="Owner told it is overdue">{requirement.overdueNotifiedAt && formatTime(requirement.overdueNotifiedAt)}</Fact>
        <Fact term="State">
          <StateBadge state={requirement.state} />
          {requirement.stateReason && (
            <>
              {' '}
              <span className="prose">{requirement.stateReason}</span>
            </>
          )}
        </Fact>
        <Fact term="Closed">
          {requirement.closure &&
            `${RESOLUTION_LABELS[requirement.closure.resolution]} — ${requirement.closure.reason} (by ${requirement.closure.by}, ${formatTime(requirement.closure.at)})`}
        </Fact>
        <Fact term="Patched">{requirement.patchedAt && formatTime(requirement.patchedAt)}</Fact>
        <Fact term="Lab test">{requirement.testId && <Link to={`/patch-tests/${requirement.testId}`}>The lab test</Link>}</Fact>
        <Fact term="Rollout wave">{requirement.waveId && <Link to={`/patch-waves/${requirement.waveId}`}>The rollout wave</Link>}</Fact>
        <Fact term="Change request">{requirement.changeId && <Link to={`/change-requests/${requirement.changeId}`}>The change request</Link>}</Fact>
        <Fact term="Last changed">{`${formatTime(requirement.updatedAt)} (version ${requirement.version})`}</Fact>
      </dl>
    </section>
  );
}

function PrioritySection({ requirement }: { requirement: Requirement }) {
  const breakdown = breakdownOf(requirement);
  return (
    <section className="card" aria-labelledby="requirement-priority">
      <h2 id="requirement-priority">Priority</h2>
      <p>
        <PriorityBadge priority={requirement.priority} score={requirement.score} />{' '}
        <span className="hint">
          its SLA sets the due date (<Link to="/patch-settings">patch settings</Link>)
        </span>
      </p>
      {breakdown ? (
        <>
          <p>The most urgent finding of the early warning set it: CVSS × importance factor × exposure factor × exploitation factor = score → priority.</p>
          <PriorityFormula breakdown={breakdown} />
          <BreakdownFacts breakdown={breakdown} />
        </>
      ) : requirement.score !== undefined ? (
        <p>Score {formatScore(requirement.score)}.</p>
      ) : (
        <p className="hint">Set by hand when it was entered from the vendor’s bulletin.</p>
      )}
    </section>
  );
}

export default function PatchRequirementPage() {
  const { patchRequirementId = '' } = useParams();
  const keeper = useKeeper();
  const read = useApiData(() => api().GET('/patch-requirements/{patchRequirementId}', { params: { path: { patchRequirementId } } }), [patchRequirementId]);
  const requirement = read.data?.id === patchRequirementId ? read.data : undefined;
  const missing = read.problem?.status === 404 || read.problem?.status === 400;
  const [acting, setActing] = useState<'test' | 'close'>();
  const [done, setDone] = useState<{ text: string; test?: PatchTest }>();
  // A test asked for moves the requirement to `testing` a moment later (from its event): read again until then.
  const moving = !!done?.test && requirement?.state !== 'testing' && requirement?.testId !== done.test.id;
  const { reload, loading } = read;
  useEffect(() => {
    if (!moving || loading) return;
    const timer = setTimeout(reload, MOVE_MS);
    return () => clearTimeout(timer);
  }, [moving, loading, reload]);
  const actionable = !!requirement && keeper && !moving && TESTABLE_STATES.includes(requirement.state);
  const start = (what: 'test' | 'close') => {
    setDone(undefined);
    setActing(what);
  };
  return (
    <Page
      title={requirement ? `Patch requirement: ${requirement.assetName}` : 'Patch requirement'}
      actions={
        actionable &&
        !acting && (
          <>
            <button type="button" onClick={() => start('test')}>
              Ask for a lab test
            </button>
            <button type="button" className="secondary" onClick={() => start('close')}>
              Close
            </button>
          </>
        )
      }
    >
      <p>
        <Link to="/patch-requirements">All patch requirements</Link>
        {requirement && (
          <>
            {' '}
            · <Link to={`/patch-requirements?asset=${requirement.assetId}`}>This asset’s requirements</Link>
          </>
        )}
      </p>
      {missing ? <p>There is no patch requirement {patchRequirementId} in your organization.</p> : <ProblemBanner problem={read.problem} />}
      {!requirement && read.loading && <Loading what="the patch requirement" />}
      {done && (
        <p role="status" className="notice">
          {done.text}
          {done.test && (
            <>
              {' '}
              <Link to={`/patch-tests/${done.test.id}`}>Open the lab test</Link>
            </>
          )}
        </p>
      )}
      {requirement && acting === 'test' && (
        <TestRequestForm
          requirement={requirement}
          onCancel={() => setActing(undefined)}
          onAsked={(test) => {
            setActing(undefined);
            setDone({ text: 'The lab test is asked for: the tester has a work task.', test });
            read.reload();
          }}
        />
      )}
      {requirement && acting === 'close' && (
        <ClosureForm
          requirement={requirement}
          etag={read.etag}
          onReload={read.reload}
          onCancel={() => setActing(undefined)}
          onClosed={() => {
            setActing(undefined);
            setDone({ text: 'The requirement is closed.' });
            read.reload();
          }}
        />
      )}
      {requirement && (
        <>
          <Summary requirement={requirement} />
          <PrioritySection requirement={requirement} />
        </>
      )}
    </Page>
  );
}
