// One early warning (X.1052 12.2.1 b): the advisory it comes from (its TLP marking said in a band at the top),
// its priority broken down as the formula that gives it, the vulnerabilities with KEV and CVSS, the most urgent
// affected assets, every finding a page at a time (what matched, the installed and the fixed versions, the
// advisory's own words for the range), the matches a VEX statement or a fixed version suppressed, what could
// not be decided and waits for review, and its printable report for the asset owners. Each finding is triaged
// by a person (state, VEX justification, reason), counted off the still exposed when settled; the
// recommendations say what to do (proposed from the advisory, or a person's); the early warning downloads as
// a CycloneDX VEX document. Its tracking follows the patch requirements its approved recommendations became,
// per recommendation, and how many assets are still exposed.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { act, api, useApiData, type Problem } from '../../api.ts';
import { formatTime } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { FORMAT_LABELS, KevBadge, SEVERITY_LABELS, TLP_MEANING, TlpBadge, useMay } from './parts.tsx';
import {
  BreakdownFacts,
  EarlyWarningStateBadge,
  formatScore,
  PriorityBadge,
  PriorityFormula,
  TlpBand,
  type EarlyWarning,
  type Finding,
} from './priority-parts.tsx';
import { Recommendations } from './recommendation-parts.tsx';
import { findingLabel, TriageForm, TriageSummary, useMayTriage } from './triage-parts.tsx';
import { PatchTracking } from '../patches/tracking.tsx';

const FINDINGS_PAGE = 25;

const cveLink = (id: string) => `/advisories?cve=${encodeURIComponent(id)}`;

/** A document id as a file name: what a file system would refuse replaced. */
const fileName = (id: string) => id.replace(/[^A-Za-z0-9._-]+/g, '_');

/** Hands a file of the browser's own (an object URL) to the person: opened in a new tab, or saved under `download`. */
function follow(url: string, download?: string) {
  const link = document.createElement('a');
  link.href = url;
  if (download) link.download = download;
  else {
    link.target = '_blank';
    link.rel = 'noopener';
  }
  document.body.append(link);
  link.click();
  link.remove();
  // The new tab has read it by then.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The report as the API writes it for print (GET …/report with Accept: text/html), read with the session's
 * token and handed to the browser as a file of its own: opened in a new tab, or saved. The CycloneDX VEX
 * document (GET …/vex) the same way, saved as `<document id>.vex.cdx.json`.
 */
function ReportActions({ warning }: { warning: EarlyWarning }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const fetchReport = async (): Promise<string | undefined> => {
    setBusy(true);
    setProblem(undefined);
    const outcome = await act(
      api().GET('/early-warnings/{earlyWarningId}/report', {
        params: { path: { earlyWarningId: warning.id } },
        headers: { Accept: 'text/html' },
        parseAs: 'text',
      }),
    );
    setBusy(false);
    if (outcome.problem) {
      setProblem(outcome.problem);
      return undefined;
    }
    return URL.createObjectURL(new Blob([outcome.data as unknown as string], { type: 'text/html' }));
  };
  // The early warning as a CycloneDX 1.5 VEX document (GET …/vex), saved as the API wrote it.
  const saveVex = async () => {
    setBusy(true);
    setProblem(undefined);
    const outcome = await act(
      api().GET('/early-warnings/{earlyWarningId}/vex', {
        params: { path: { earlyWarningId: warning.id } },
        parseAs: 'text',
      }),
    );
    setBusy(false);
    if (outcome.problem) {
      setProblem(outcome.problem);
      return;
    }
    const url = URL.createObjectURL(new Blob([outcome.data as unknown as string], { type: 'application/vnd.cyclonedx+json' }));
    follow(url, `${fileName(warning.documentId)}.vex.cdx.json`);
  };
  const open = () => void fetchReport().then((url) => url && follow(url));
  const save = () => void fetchReport().then((url) => url && follow(url, `early-warning-${fileName(warning.documentId)}.html`));
  return (
    <>
      <button type="button" className="secondary" onClick={open} disabled={busy}>
        {busy ? 'Preparing the report…' : 'Printable report'}
      </button>
      <button type="button" className="secondary" onClick={save} disabled={busy}>
        Save the report (.html)
      </button>
      <button type="button" className="secondary" onClick={() => void saveVex()} disabled={busy}>
        Download VEX (CycloneDX)
      </button>
      {problem && <ProblemBanner problem={problem} />}
    </>
  );
}

function Summary({ warning }: { warning: EarlyWarning }) {
  const { counts } = warning;
  return (
    <section className="card" aria-labelledby="warning-summary">
      <h2 id="warning-summary">Summary</h2>
      <dl className="facts">
        <dt>Priority</dt>
        <dd>
          <PriorityBadge priority={warning.priority} score={warning.score} /> {warning.kev && <KevBadge kev />}
        </dd>
        <dt>State</dt>
        <dd>
          <EarlyWarningStateBadge state={warning.state} />{' '}
          <span className="hint">{warning.state === 'open' ? 'it hits assets of the register' : 'it hits nothing of the register'}</span>
        </dd>
        <dt>TLP</dt>
        <dd>
          {warning.tlp ? (
            <>
              <TlpBadge tlp={warning.tlp} /> <span className="hint">{TLP_MEANING[warning.tlp]}</span>
            </>
          ) : (
            'not marked'
          )}
        </dd>
        <dt>Publisher</dt>
        <dd>{warning.publisher}</dd>
        <dt>Document</dt>
        <dd>
          <span className="mono">{warning.documentId}</span>, version {warning.documentVersion} ({FORMAT_LABELS[warning.format] ?? warning.format}) ·{' '}
          <Link to={`/advisories/${warning.advisoryId}`}>The advisory</Link>
        </dd>
        <dt>Matched</dt>
        <dd>{formatTime(warning.matchedAt)}</dd>
        <dt>Affected assets</dt>
        <dd>{counts.assets}</dd>
        <dt>Findings</dt>
        <dd>
          {counts.findings} affected, {counts.suppressed} suppressed, {counts.review} for review
        </dd>
        <dt>Still exposed</dt>
        <dd>
          {counts.exposed} of {counts.findings} affected <span className="hint">(not triaged as not affected, false positive or resolved)</span>
        </dd>
        <dt>Triaged</dt>
        <dd>
          {counts.triaged} of {counts.findings} affected
        </dd>
        <dt>Products named</dt>
        <dd>
          {counts.products}
          {counts.unresolved > 0 && <span className="hint"> ({counts.unresolved} could not be resolved to a package or a vendor product)</span>}
        </dd>
      </dl>
    </section>
  );
}

function PrioritySection({ warning }: { warning: EarlyWarning }) {
  const maySettings = useMay('getEarlyWarningSettings');
  return (
    <section className="card" aria-labelledby="warning-priority">
      <h2 id="warning-priority">Priority</h2>
      {warning.breakdown ? (
        <>
          <p>The most urgent finding sets the priority: CVSS × importance factor × exposure factor × exploitation factor = score → priority.</p>
          <PriorityFormula breakdown={warning.breakdown} />
          <BreakdownFacts breakdown={warning.breakdown} />
          <p className="hint">
            The factors and the thresholds of each priority are your organization’s
            {maySettings ? (
              <>
                {' '}
                <Link to="/early-warning-settings">early-warning settings</Link>
              </>
            ) : (
              ' early-warning settings'
            )}
            .
          </p>
        </>
      ) : (
        <p className="empty">It hits no asset: it has no priority.</p>
      )}
    </section>
  );
}

function Vulnerabilities({ warning }: { warning: EarlyWarning }) {
  return (
    <section className="card" aria-labelledby="warning-vulnerabilities">
      <h2 id="warning-vulnerabilities">Vulnerabilities</h2>
      {warning.vulnerabilities.length === 0 ? (
        <p className="empty">The advisory names no vulnerability id.</p>
      ) : (
        <table>
          <caption>The vulnerabilities of the advisory, with KEV and CVSS</caption>
          <thead>
            <tr>
              <th scope="col">Vulnerability</th>
              <th scope="col">Known exploited</th>
              <th scope="col">CVSS base score</th>
            </tr>
          </thead>
          <tbody>
            {warning.vulnerabilities.map((vulnerability) => (
              <tr key={vulnerability.id}>
                <th scope="row">
                  <Link className="mono" to={cveLink(vulnerability.id)}>
                    {vulnerability.id}
                  </Link>
                </th>
                <td>{vulnerability.kev ? <KevBadge kev /> : 'no'}</td>
                <td>{vulnerability.cvss !== undefined ? formatScore(vulnerability.cvss) : <span className="hint">not scored</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {warning.exploitation && <p>Exploitation as the advisory states it: {warning.exploitation}</p>}
      {warning.cvss.length > 0 && (
        <ul>
          {warning.cvss.map((score, index) => (
            <li key={`${index}:${score.vector}`}>
              CVSS {score.version} <code className="vector">{score.vector}</code>: {score.baseScore.toFixed(1)} ({SEVERITY_LABELS[score.severity]})
              {score.source && <span className="hint"> scored by {score.source}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AffectedAssets({ warning }: { warning: EarlyWarning }) {
  return (
    <section className="card" aria-labelledby="warning-assets">
      <h2 id="warning-assets">Affected assets</h2>
      {warning.assets.length === 0 ? (
        <p className="empty">No asset of the register is affected.</p>
      ) : (
        <table>
          <caption>The most urgent affected assets{warning.counts.assets > warning.assets.length ? `: the first ${warning.assets.length}` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col">Priority</th>
              <th scope="col">Vulnerabilities</th>
            </tr>
          </thead>
          <tbody>
            {warning.assets.map((asset) => (
              <tr key={asset.assetId}>
                <th scope="row">
                  <Link to={`/assets/${asset.assetId}`}>{asset.name}</Link>
                </th>
                <td>
                  <PriorityBadge priority={asset.priority} score={asset.score} />
                </td>
                <td className="mono">{asset.vulnerabilities.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const findingColumns: Column<Finding>[] = [
  {
    header: 'Asset',
    rowHeader: true,
    cell: (finding) => (
      <>
        <Link to={`/assets/${finding.assetId}`}>{finding.assetName}</Link>
        {finding.outcome === 'suppressed' && (
          <>
            {' '}
            <span className="badge ok">Suppressed</span>
          </>
        )}
      </>
    ),
  },
  { header: 'Vulnerability', cell: (finding) => <span className="mono nowrap">{finding.vulnerability}</span> },
  {
    header: 'Matched',
    cell: (finding) => (
      <>
        {finding.matches.map((match, index) => (
          <div key={`${index}:${match.product}`}>
            {match.name} <span className="hint">({match.via === 'component' ? 'SBOM component' : 'vendor product'})</span>
            {match.purl && (
              <>
                <br />
                <code>{match.purl}</code>
              </>
            )}
          </div>
        ))}
      </>
    ),
  },
  { header: 'Installed', cell: (finding) => finding.matches.map((match) => match.version ?? '—').join(', ') },
  {
    header: 'Affected versions',
    cell: (finding) =>
      finding.matches.some((match) => match.range) ? (
        finding.matches.map((match) => match.range ?? '—').join('; ')
      ) : (
        <span className="hint">as the advisory’s product: {finding.matches.map((match) => match.product).join(', ')}</span>
      ),
  },
  { header: 'Fixed in', cell: (finding) => (finding.fixedVersions.length ? finding.fixedVersions.join(', ') : <span className="hint">no fix named</span>) },
  { header: 'Priority', cell: (finding) => <PriorityBadge priority={finding.priority} score={finding.score} /> },
  { header: 'Triage', cell: (finding) => <TriageSummary finding={finding} /> },
];

/** The findings, each triaged by a person in a form under the table; the page is read again after each. */
function Findings({ warning, etag, onChanged, onReload }: { warning: EarlyWarning; etag: string | undefined; onChanged: () => void; onReload: () => void }) {
  const mayTriage = useMayTriage();
  const [triaging, setTriaging] = useState<Finding>();
  const [saved, setSaved] = useState<string>();
  const columns: Column<Finding>[] = mayTriage
    ? [
        ...findingColumns,
        {
          header: 'Action',
          cell: (finding) =>
            finding.outcome === 'affected' ? (
              <button
                type="button"
                className="secondary"
                aria-label={`Triage ${findingLabel(finding)}`}
                aria-expanded={triaging?.assetId === finding.assetId && triaging.vulnerability === finding.vulnerability}
                onClick={() => {
                  setSaved(undefined);
                  setTriaging(finding);
                }}
              >
                Triage
              </button>
            ) : null,
        },
      ]
    : findingColumns;
  return (
    <section className="card" aria-labelledby="warning-findings">
      <h2 id="warning-findings">Findings</h2>
      {saved && (
        <p role="status" className="notice">
          The triage of {saved} is saved.
        </p>
      )}
      <PagedTable<Finding>
        caption="Every affected asset × vulnerability: what matched, installed and fixed versions"
        columns={columns}
        deps={[warning.id, warning.version]}
        rowKey={(finding) => `${finding.assetId}:${finding.vulnerability}`}
        empty="No finding: no asset is affected."
        load={(cursor) =>
          api().GET('/early-warnings/{earlyWarningId}/findings', {
            params: { path: { earlyWarningId: warning.id }, query: { limit: FINDINGS_PAGE, ...(cursor ? { cursor } : {}) } },
          })
        }
      />
      {triaging && (
        <TriageForm
          key={`${triaging.assetId}:${triaging.vulnerability}`}
          warning={warning}
          etag={etag}
          finding={triaging}
          onReload={onReload}
          onCancel={() => setTriaging(undefined)}
          onDone={(finding) => {
            setTriaging(undefined);
            setSaved(findingLabel(finding));
            onChanged();
          }}
        />
      )}
    </section>
  );
}

function Suppressed({ warning }: { warning: EarlyWarning }) {
  if (!warning.suppressed.length) return null;
  return (
    <section className="card" aria-labelledby="warning-suppressed">
      <h2 id="warning-suppressed">Suppressed</h2>
      <table>
        <caption>Matches a VEX statement (not affected) or an installed fixed version suppressed, with the justification</caption>
        <thead>
          <tr>
            <th scope="col">Asset</th>
            <th scope="col">Vulnerability</th>
            <th scope="col">Justification</th>
          </tr>
        </thead>
        <tbody>
          {warning.suppressed.map((entry) => (
            <tr key={`${entry.assetId}:${entry.vulnerability}`}>
              <th scope="row">
                <Link to={`/assets/${entry.assetId}`}>{entry.assetName}</Link>
              </th>
              <td className="mono">{entry.vulnerability}</td>
              <td>{entry.justification}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ForReview({ warning }: { warning: EarlyWarning }) {
  if (!warning.review.length) return null;
  return (
    <section className="card" aria-labelledby="warning-review">
      <h2 id="warning-review">For review</h2>
      <p>What could not be decided by the rules: look at each by hand.</p>
      <table>
        <caption>Undecided matches, with the reason</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Asset</th>
            <th scope="col">Vulnerability</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {warning.review.map((entry, index) => (
            <tr key={`${index}:${entry.product}:${entry.assetId ?? ''}`}>
              <th scope="row">{entry.product}</th>
              <td>{entry.assetId ? <Link to={`/assets/${entry.assetId}`}>{entry.assetName ?? entry.assetId}</Link> : '—'}</td>
              <td className="mono">{entry.vulnerability ?? '—'}</td>
              <td>{entry.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export default function EarlyWarningPage() {
  const { earlyWarningId = '' } = useParams();
  const read = useApiData(() => api().GET('/early-warnings/{earlyWarningId}', { params: { path: { earlyWarningId } } }), [earlyWarningId]);
  const warning = read.data?.id === earlyWarningId ? read.data : undefined;
  const missing = read.problem?.status === 404 || read.problem?.status === 400;
  const restricted = warning?.tlp === 'AMBER' || warning?.tlp === 'RED' ? warning.tlp : undefined;
  return (
    <Page title={warning ? `Early warning: ${warning.title}` : 'Early warning'} actions={warning && <ReportActions warning={warning} />}>
      <p>
        <Link to="/early-warnings">All early warnings</Link>
        {warning && (
          <>
            {' '}
            · <Link to={`/advisories/${warning.advisoryId}`}>Open the advisory</Link>
          </>
        )}
      </p>
      {missing ? (
        <p>There is no early warning {earlyWarningId} for you to see: it does not exist in your organization, or its TLP marking keeps it from your roles.</p>
      ) : (
        <ProblemBanner problem={read.problem} />
      )}
      {!warning && read.loading && <Loading what="the early warning" />}
      {warning && (
        <>
          {restricted && <TlpBand tlp={restricted} />}
          <Summary warning={warning} />
          <PrioritySection warning={warning} />
          <Vulnerabilities warning={warning} />
          <AffectedAssets warning={warning} />
          <Findings warning={warning} etag={read.etag} onChanged={read.reload} onReload={read.reload} />
          <Recommendations warning={warning} etag={read.etag} onChanged={read.reload} onReload={read.reload} />
          <PatchTracking warning={warning} />
          <Suppressed warning={warning} />
          <ForReview warning={warning} />
        </>
      )}
    </Page>
  );
}
