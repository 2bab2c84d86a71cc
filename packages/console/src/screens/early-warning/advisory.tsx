// One security advisory (X.1052 12.2.1 a): who published it and when, its TLP marking (AMBER and RED said in a
// band at the top), what it is about, the vulnerabilities it names (each linking the vulnerability as every
// source names it), its weaknesses (CWE), every CVSS vector with the base score computed from it (and the
// score the document states where that differs), its references, the newer version that supersedes it, and a
// short-lived link to the raw document as it arrived.
import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, useApiData } from '../../api.ts';
import { formatDate, formatTime } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import {
  AdvisoryStateBadge,
  FORMAT_LABELS,
  KevBadge,
  SEVERITY_LABELS,
  SeverityBadge,
  TLP_MEANING,
  TlpBadge,
  useMay,
  useSourceNames,
  type Advisory,
  type Tlp,
} from './parts.tsx';

type Vulnerability = Schemas['Vulnerability'];
/** A document links its first 20 vulnerabilities (the API's own bound): read them for their identifiers. */
const MAX_VULNERABILITIES = 20;

/** The vulnerabilities an advisory is linked to, read each by id (what the CVE ids link to). */
function useVulnerabilities(ids: readonly string[] | undefined): Vulnerability[] | undefined {
  const key = (ids ?? []).slice(0, MAX_VULNERABILITIES).join(',');
  const [found, setFound] = useState<{ key: string; items: Vulnerability[] }>();
  useEffect(() => {
    if (!key) return;
    let current = true;
    void Promise.all(
      key.split(',').map((vulnerabilityId) => act(api().GET('/vulnerabilities/{vulnerabilityId}', { params: { path: { vulnerabilityId } } }))),
    ).then((outcomes) => {
      if (current) setFound({ key, items: outcomes.flatMap((outcome) => (outcome.data ? [outcome.data] : [])) });
    });
    return () => {
      current = false;
    };
  }, [key]);
  if (!key) return [];
  return found?.key === key ? found.items : undefined;
}

/** An advisory entered by hand (a security officer's, a triaged weakness report) came in no delivery. */
const byHand = (advisory: Advisory) => (advisory.format as string) === 'manual';

/** A restricted marking, said before anything else on the page. */
function TlpBand({ tlp }: { tlp: Tlp }) {
  return (
    <div className={`tlp-band tlp-band-${tlp.toLowerCase()}`} role="note" aria-label={`Marked TLP:${tlp}`}>
      <TlpBadge tlp={tlp} /> <strong>{TLP_MEANING[tlp]}</strong> Your organization shows it only to the roles it allows to see TLP:{tlp} advisories: do not
      forward it beyond them.
    </div>
  );
}

function Summary({ advisory, sourceName, maySources }: { advisory: Advisory; sourceName: string | undefined; maySources: boolean }) {
  return (
    <section className="card" aria-labelledby="advisory-summary">
      <h2 id="advisory-summary">Summary</h2>
      <dl className="facts">
        <dt>Severity</dt>
        <dd>
          <SeverityBadge
            severity={advisory.severity}
            {...(advisory.cvss.length ? { score: Math.max(...advisory.cvss.map((score) => score.baseScore)) } : {})}
          />{' '}
          {advisory.kev && <KevBadge kev />}
        </dd>
        <dt>TLP</dt>
        <dd>
          {advisory.tlp ? (
            <>
              <TlpBadge tlp={advisory.tlp} /> <span className="hint">{TLP_MEANING[advisory.tlp]}</span>
            </>
          ) : (
            'not marked'
          )}
        </dd>
        <dt>Publisher</dt>
        <dd>
          {advisory.publisher.name}
          {advisory.publisher.category && <span className="hint"> ({advisory.publisher.category})</span>}
          {advisory.publisher.namespace && (
            <>
              <br />
              <small className="hint">{advisory.publisher.namespace}</small>
            </>
          )}
        </dd>
        <dt>Document</dt>
        <dd>
          <span className="mono">{advisory.documentId}</span>, version {advisory.documentVersion} ({FORMAT_LABELS[advisory.format] ?? advisory.format}
          {advisory.documentStatus && `, ${advisory.documentStatus}`})
        </dd>
        <dt>Published</dt>
        <dd>{advisory.published ? formatTime(advisory.published) : 'not stated'}</dd>
        <dt>Updated</dt>
        <dd>{advisory.updated ? formatTime(advisory.updated) : 'not stated'}</dd>
        <dt>In the register since</dt>
        <dd>{formatTime(advisory.createdAt)}</dd>
        <dt>State</dt>
        <dd>
          <AdvisoryStateBadge state={advisory.state} />
          {advisory.supersededBy && (
            <>
              {' '}
              — <Link to={`/advisories/${advisory.supersededBy}`}>the newer version</Link>
            </>
          )}
        </dd>
        <dt>Products named</dt>
        <dd>{advisory.productCount}</dd>
        <dt>Came from</dt>
        <dd>
          {maySources ? (
            <>
              <Link to={`/advisory-sources/${advisory.sourceId}`}>{sourceName ?? 'its source'}</Link> ·{' '}
              {byHand(advisory) ? 'entered by hand' : <Link to={`/advisory-deliveries/${advisory.deliveryId}`}>its delivery</Link>}
            </>
          ) : byHand(advisory) ? (
            'entered by hand'
          ) : (
            'a delivery of one of the organization’s sources'
          )}
        </dd>
      </dl>
    </section>
  );
}

function Vulnerabilities({ advisory, vulnerabilities }: { advisory: Advisory; vulnerabilities: Vulnerability[] | undefined }) {
  const of = (cve: string) => vulnerabilities?.find((each) => each.identifier === cve || each.aliases.includes(cve));
  return (
    <section className="card" aria-labelledby="advisory-vulnerabilities">
      <h2 id="advisory-vulnerabilities">Vulnerabilities</h2>
      <p>
        CVE ids:{' '}
        {advisory.cveIds.length === 0
          ? 'none'
          : advisory.cveIds.map((cve, index) => {
              const vulnerability = of(cve);
              return (
                <span key={cve}>
                  {index > 0 && ', '}
                  <Link className="mono" to={vulnerability ? `/vulnerabilities/${vulnerability.id}` : `/advisories?cve=${encodeURIComponent(cve)}`}>
                    {cve}
                  </Link>
                </span>
              );
            })}
      </p>
      {advisory.aliases.length > 0 && (
        <p>
          Also known as: <span className="mono">{advisory.aliases.join(', ')}</span>
        </p>
      )}
      {!vulnerabilities && advisory.vulnerabilityIds.length > 0 && <Loading what="the vulnerabilities" />}
      {vulnerabilities && vulnerabilities.length > 0 && (
        <table>
          <caption>As every source names them</caption>
          <thead>
            <tr>
              <th scope="col">Vulnerability</th>
              <th scope="col">Highest severity</th>
              <th scope="col">Advisories</th>
              <th scope="col">First seen</th>
            </tr>
          </thead>
          <tbody>
            {vulnerabilities.map((vulnerability) => (
              <tr key={vulnerability.id}>
                <th scope="row">
                  <Link to={`/vulnerabilities/${vulnerability.id}`}>{vulnerability.identifier}</Link> <KevBadge kev={vulnerability.kev} />
                </th>
                <td>
                  <SeverityBadge severity={vulnerability.severity} />
                </td>
                <td>
                  {vulnerability.advisories} from {vulnerability.sources.length} source{vulnerability.sources.length === 1 ? '' : 's'}
                </td>
                <td>{formatDate(vulnerability.firstSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {advisory.vulnerabilityIds.length > MAX_VULNERABILITIES && <p className="hint">The first {MAX_VULNERABILITIES} of its vulnerabilities are shown.</p>}
    </section>
  );
}

/** A CWE's page at MITRE, for an id such as CWE-502. */
const cweUrl = (id: string) => (/^CWE-\d+$/.test(id) ? `https://cwe.mitre.org/data/definitions/${id.slice(4)}.html` : undefined);

function Weaknesses({ advisory }: { advisory: Advisory }) {
  if (!advisory.cwes.length) return null;
  return (
    <section className="card" aria-labelledby="advisory-cwes">
      <h2 id="advisory-cwes">Weaknesses (CWE)</h2>
      <ul>
        {advisory.cwes.map((cwe) => (
          <li key={cwe.id}>
            {cweUrl(cwe.id) ? (
              <a href={cweUrl(cwe.id)} rel="noopener noreferrer">
                {cwe.id}
              </a>
            ) : (
              cwe.id
            )}
            {cwe.name && ` — ${cwe.name}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Scores({ advisory }: { advisory: Advisory }) {
  return (
    <section className="card" aria-labelledby="advisory-cvss">
      <h2 id="advisory-cvss">CVSS scores</h2>
      {advisory.cvss.length === 0 ? (
        <p className="empty">The document carries no CVSS vector.</p>
      ) : (
        <table>
          <caption>Each vector with its base score computed from it</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Vector</th>
              <th scope="col">Base score</th>
              <th scope="col">Severity</th>
              <th scope="col">Stated score</th>
              <th scope="col">Scored by</th>
            </tr>
          </thead>
          <tbody>
            {advisory.cvss.map((score, index) => (
              <tr key={`${index}:${score.vector}`}>
                <th scope="row">CVSS {score.version}</th>
                <td>
                  <code className="vector">{score.vector}</code>
                </td>
                <td>{score.baseScore.toFixed(1)}</td>
                <td>{SEVERITY_LABELS[score.severity]}</td>
                <td>{score.statedScore !== undefined ? <span className="badge warn">stated {score.statedScore.toFixed(1)}</span> : '—'}</td>
                <td>{score.source ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {advisory.cvss.some((score) => score.statedScore !== undefined) && (
        <p className="hint">A stated score differs from the one its vector gives: the computed score is the one ISMF ranks by.</p>
      )}
    </section>
  );
}

function References({ advisory }: { advisory: Advisory }) {
  if (!advisory.references.length) return null;
  return (
    <section className="card" aria-labelledby="advisory-references">
      <h2 id="advisory-references">References</h2>
      <ul className="references">
        {advisory.references.map((reference, index) => (
          <li key={`${index}:${reference.url}`}>
            {/^https?:\/\//i.test(reference.url) ? (
              <a href={reference.url} rel="noopener noreferrer">
                {reference.summary ?? reference.url}
              </a>
            ) : (
              <span>{reference.summary ?? reference.url}</span>
            )}
            {reference.category && <span className="hint"> ({reference.category})</span>}
            {reference.summary && (
              <>
                <br />
                <small className="hint mono">{reference.url}</small>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function AdvisoryPage() {
  const { advisoryId = '' } = useParams();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const read = useApiData(() => api().GET('/advisories/{advisoryId}', { params: { path: { advisoryId } } }), [advisoryId]);
  const advisory = read.data;
  const vulnerabilities = useVulnerabilities(advisory?.vulnerabilityIds);
  const maySources = useMay('listAdvisorySources');
  const { names } = useSourceNames();
  const missing = read.problem?.status === 404 || read.problem?.status === 400;
  const restricted = advisory?.tlp === 'AMBER' || advisory?.tlp === 'RED' ? advisory.tlp : undefined;
  return (
    <Page title={advisory ? advisory.title : 'Advisory'}>
      <p>
        <Link to="/advisories">All advisories</Link>
      </p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {missing ? (
        <p>There is no advisory {advisoryId} for you to see: it does not exist in your organization, or its TLP marking keeps it from your roles.</p>
      ) : (
        <ProblemBanner problem={read.problem} />
      )}
      {!advisory && read.loading && <Loading what="the advisory" />}
      {advisory && (
        <>
          {restricted && <TlpBand tlp={restricted} />}
          {advisory.state === 'superseded' && (
            <p className="warning-box">
              <strong>Superseded.</strong>{' '}
              {advisory.supersededBy ? (
                <>
                  A newer version of this document is in the register: <Link to={`/advisories/${advisory.supersededBy}`}>open the current version</Link>.
                </>
              ) : (
                'A newer version of this document is in the register.'
              )}
            </p>
          )}
          <div className="page-actions raw-document">
            <a className="button secondary" href={advisory.rawDocument.url} rel="noopener noreferrer" download>
              Download raw document
            </a>
            <span className="hint">
              the document as it arrived (SHA-256 <code className="digest">{advisory.rawSha256.slice(0, 16)}…</code>); the link works until{' '}
              {formatTime(advisory.rawDocument.expiresAt)}
            </span>
          </div>
          <Summary advisory={advisory} sourceName={names.get(advisory.sourceId)} maySources={maySources} />
          {advisory.description && (
            <section className="card" aria-labelledby="advisory-description">
              <h2 id="advisory-description">Description</h2>
              <p className="prose">{advisory.description}</p>
            </section>
          )}
          <Vulnerabilities advisory={advisory} vulnerabilities={vulnerabilities} />
          <Scores advisory={advisory} />
          <Weaknesses advisory={advisory} />
          <References advisory={advisory} />
        </>
      )}
    </Page>
  );
}
