// Weakness reports (X.1051 13.1.2), newest first. Security officers, administrators and auditors see every
// report — for those who triage, the queue of reports awaiting triage first; everyone else sees the reports
// they made and what became of them. The state is the API's own parameter in the address.
import { Link, useSearchParams } from 'react-router';
import { WEAKNESS_STATES, type WeaknessState } from '@ismf/early-warning/rules';
import { api } from '../../api.ts';
import { formatTime, personName } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { useKeeper } from './parts.tsx';
import { useOverseer, WEAKNESS_STATE_LABELS, WeaknessStateBadge, type WeaknessReport } from './weakness-parts.tsx';

const TABS: readonly (WeaknessState | 'all')[] = [...WEAKNESS_STATES, 'all'];
const TAB_LABELS: Record<WeaknessState | 'all', string> = {
  reported: 'Awaiting triage',
  triaged: 'Recorded as advisories',
  dismissed: 'Dismissed',
  all: 'All',
};

export default function WeaknessReports() {
  const overseer = useOverseer();
  const triager = useKeeper();
  const [search] = useSearchParams();
  const asked = search.get('state');
  // Those who triage open on their queue; everyone else on all of their own reports.
  const tab: WeaknessState | 'all' = TABS.includes(asked as WeaknessState) ? (asked as WeaknessState | 'all') : triager ? 'reported' : 'all';
  const state = tab === 'all' ? undefined : tab;
  const columns: Column<WeaknessReport>[] = [
    { header: 'Weakness', rowHeader: true, cell: (report) => <Link to={`/weakness-reports/${report.id}`}>{report.title}</Link> },
    { header: 'State', cell: (report) => <WeaknessStateBadge state={report.state} /> },
    { header: 'Reported', cell: (report) => formatTime(report.createdAt) },
    ...(overseer ? [{ header: 'By', cell: (report: WeaknessReport) => personName(report.reporterPerson, report.reporter) }] : []),
    { header: 'Where', cell: (report) => report.location ?? '—' },
  ];
  return (
    <Page
      title={overseer ? 'Weakness reports' : 'My weakness reports'}
      actions={
        <Link className="button" to="/weakness-reports/new">
          Report a weakness
        </Link>
      }
    >
      <p>
        {overseer
          ? 'Security weaknesses the people of the organization observed or suspect. A security officer triages each: recorded as an advisory, or dismissed with a reason the reporter is told.'
          : 'The security weaknesses you reported, and what the security officers decided.'}
      </p>
      <nav aria-label="Reports by state" className="tabs">
        <ul>
          {TABS.map((each) => (
            <li key={each}>
              <Link to={`/weakness-reports?state=${each}`} aria-current={each === tab ? 'page' : undefined}>
                {TAB_LABELS[each]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <PagedTable<WeaknessReport>
        caption={tab === 'all' ? 'Reports, newest first' : `${WEAKNESS_STATE_LABELS[tab].text}, newest first`}
        columns={columns}
        deps={[tab]}
        rowKey={(report) => report.id}
        empty={tab === 'reported' ? 'No report awaits triage.' : overseer ? 'No report here.' : 'You have not reported a weakness here.'}
        load={(cursor) => api().GET('/weakness-reports', { params: { query: { ...(state ? { state } : {}), limit: 25, ...(cursor ? { cursor } : {}) } } })}
      />
    </Page>
  );
}
