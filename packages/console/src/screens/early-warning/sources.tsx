// The advisory sources (X.1052 12.2.1 a): who sends the organization advisories, in what formats, and how each
// is doing — deliveries, documents accepted and rejected, the last success and failure and how long ago, and
// a flag on a source silent longer than expected. Those who keep sources register a new one.
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { formatTime } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { ago, arrivalText, formatsText, overdue, SOURCE_KIND_LABELS, SourceStatusBadge, useKeeper, type Source } from './parts.tsx';

/** A moment and how long ago, or what stands instead. */
export function When({ at, none = 'never' }: { at: string | undefined; none?: string }) {
  if (!at) return <span className="hint">{none}</span>;
  return (
    <>
      {formatTime(at)}
      <br />
      <small className="hint">{ago(at)}</small>
    </>
  );
}

const columns: Column<Source>[] = [
  {
    header: 'Source',
    rowHeader: true,
    cell: (source) => (
      <>
        <Link to={`/advisory-sources/${source.id}`}>{source.name}</Link>
        {source.vendor && (
          <>
            <br />
            <small className="hint">{source.vendor}</small>
          </>
        )}
      </>
    ),
  },
  { header: 'Kind', cell: (source) => SOURCE_KIND_LABELS[source.kind] },
  {
    header: 'Arrival and formats',
    cell: (source) => (
      <>
        {arrivalText(source)}
        <br />
        <small className="hint">{formatsText(source.formats) || 'no documents (a catalog)'}</small>
      </>
    ),
  },
  {
    header: 'Status',
    cell: (source) => (
      <>
        <SourceStatusBadge status={source.status} />
        {overdue(source) && (
          <>
            {' '}
            <span className="badge warn">Silent longer than expected</span>
          </>
        )}
      </>
    ),
  },
  { header: 'Deliveries', cell: (source) => source.health.deliveries },
  {
    header: 'Documents',
    cell: (source) => (
      <>
        {source.health.accepted} accepted
        <br />
        {source.health.rejected > 0 ? <span className="badge danger">{source.health.rejected} rejected</span> : '0 rejected'}
        {source.health.duplicates > 0 && (
          <>
            <br />
            <small className="hint">{source.health.duplicates} already held</small>
          </>
        )}
      </>
    ),
  },
  { header: 'Last delivery', cell: (source) => <When at={source.health.lastDeliveryAt} /> },
  { header: 'Last success', cell: (source) => <When at={source.health.lastSuccessAt} /> },
  {
    header: 'Last failure',
    cell: (source) => (
      <>
        <When at={source.health.lastFailureAt} none="none" />
        {source.health.lastFailure && (
          <>
            <br />
            <small>{source.health.lastFailure.length > 120 ? `${source.health.lastFailure.slice(0, 120)}…` : source.health.lastFailure}</small>
          </>
        )}
      </>
    ),
  },
];

export default function Sources() {
  const keeper = useKeeper();
  return (
    <Page
      title="Advisory sources"
      actions={
        keeper && (
          <Link className="button" to="/advisory-sources/new">
            New source
          </Link>
        )
      }
    >
      <p>
        The publishers that send your organization security advisories, each to a signed webhook of its own.{' '}
        <Link to="/advisory-deliveries">What they delivered</Link> · <Link to="/advisories">The advisories</Link>
      </p>
      {!keeper && <p className="hint">Administrators and security officers register and change sources.</p>}
      <PagedTable<Source>
        caption="Advisory sources, in the order they were registered"
        columns={columns}
        deps={[]}
        rowKey={(source) => source.id}
        empty="No advisory source is registered yet: register one for each vendor PSIRT or CERT that sends you advisories."
        load={(cursor) => api().GET('/advisory-sources', { params: { query: { limit: 25, ...(cursor ? { cursor } : {}) } } })}
      />
    </Page>
  );
}
