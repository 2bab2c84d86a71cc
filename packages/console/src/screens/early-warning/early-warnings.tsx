// Early warnings (X.1052 12.2.1 b): what each accepted advisory means to the organization's assets, critical
// first and newest first within a priority. Open ones hit assets; those with no impact hit nothing of the
// register and are kept apart. The state and the priority are the API's own parameters in the address
// (`/early-warnings?state=open&priority=critical`). TLP:AMBER and TLP:RED ones are listed only for the roles the
// organization maps to them: a page may then hold fewer rows.
import { Link, useSearchParams } from 'react-router';
import { PRIORITIES, type Priority } from '@ismf/early-warning/rules';
import { api } from '../../api.ts';
import { formatTime } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { KevBadge, TlpBadge } from './parts.tsx';
import { PRIORITY_LABELS, PriorityBadge, STATE_LABELS, type EarlyWarning } from './priority-parts.tsx';

const STATES: readonly EarlyWarning['state'][] = ['open', 'no-impact'];
const PAGE_SIZE = 25;

const columns: Column<EarlyWarning>[] = [
  {
    header: 'Priority',
    cell: (warning) => <PriorityBadge priority={warning.priority} {...(warning.score !== undefined ? { score: warning.score } : {})} />,
  },
  {
    header: 'Early warning',
    rowHeader: true,
    cell: (warning) => (
      <>
        <Link to={`/early-warnings/${warning.id}`}>{warning.title}</Link>
        <br />
        <small className="hint">
          <span className="mono">{warning.documentId}</span> v{warning.documentVersion} · {warning.publisher}
        </small>
        {(warning.tlp === 'AMBER' || warning.tlp === 'RED') && (
          <>
            {' '}
            <TlpBadge tlp={warning.tlp} />
          </>
        )}
      </>
    ),
  },
  {
    header: 'Affected assets',
    cell: (warning) => (
      <>
        {warning.counts.assets}
        {warning.counts.review > 0 && (
          <>
            <br />
            <small className="hint">{warning.counts.review} for review</small>
          </>
        )}
      </>
    ),
  },
  { header: 'Known exploited', cell: (warning) => (warning.kev ? <KevBadge kev /> : <span className="hint">no</span>) },
  { header: 'Matched', cell: (warning) => formatTime(warning.matchedAt) },
];

export default function EarlyWarnings() {
  const [search] = useSearchParams();
  const state: EarlyWarning['state'] = search.get('state') === 'no-impact' ? 'no-impact' : 'open';
  const asked = search.get('priority');
  const priority = state === 'open' && (PRIORITIES as readonly string[]).includes(asked ?? '') ? (asked as Priority) : undefined;
  const link = (next: { state: EarlyWarning['state']; priority?: Priority | undefined }) =>
    `/early-warnings?state=${next.state}${next.priority ? `&priority=${next.priority}` : ''}`;
  const caption =
    state === 'no-impact'
      ? 'Advisories with no impact on the register, newest first'
      : priority
        ? `Open early warnings of ${PRIORITY_LABELS[priority].toLowerCase()} priority, newest first`
        : 'Open early warnings, critical first';
  return (
    <Page title="Early warnings">
      <p>
        Each <Link to="/advisories">advisory</Link> accepted is matched to your assets: their SBOM components and the vendor products they run. An early warning
        says which assets it hits and how urgent it is: the highest CVSS score × the asset’s importance × its exposure × whether it is exploited.
      </p>
      <nav aria-label="Early warnings by state" className="tabs">
        <ul>
          {STATES.map((each) => (
            <li key={each}>
              <Link to={link({ state: each })} aria-current={each === state ? 'page' : undefined}>
                {STATE_LABELS[each]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {state === 'open' && (
        <nav aria-label="Open early warnings by priority" className="tabs">
          <ul>
            <li>
              <Link to={link({ state })} aria-current={!priority ? 'page' : undefined}>
                Every priority
              </Link>
            </li>
            {PRIORITIES.map((each) => (
              <li key={each}>
                <Link to={link({ state, priority: each })} aria-current={each === priority ? 'page' : undefined}>
                  {PRIORITY_LABELS[each]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <PagedTable<EarlyWarning>
        caption={caption}
        columns={state === 'open' ? columns : columns.filter((column) => column.header !== 'Priority')}
        deps={[state, priority]}
        rowKey={(warning) => warning.id}
        empty={
          state === 'no-impact'
            ? 'No advisory has been found to miss every asset yet.'
            : priority
              ? `No open early warning of ${PRIORITY_LABELS[priority].toLowerCase()} priority on this page.`
              : 'No open early warning: no advisory hits your assets.'
        }
        load={(cursor) =>
          api().GET('/early-warnings', {
            params: { query: { state, ...(priority ? { priority } : {}), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
          })
        }
      />
    </Page>
  );
}
