// The advisory register (X.1052 12.2.1 a), newest publication first: filtered by source, CVE id (or any alias:
// every source's advisories of that vulnerability), severity, KEV and publication window, the filters being
// the API's own parameters in the address (`/advisories?severity=critical`). TLP:AMBER and TLP:RED advisories
// are listed only for the roles the organization maps to them: a page may then hold fewer rows.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { SEVERITIES } from '@ismf/early-warning/rules';
import { api } from '../../api.ts';
import { Field } from '../../ui/form.tsx';
import { formatDate } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import {
  AdvisoryStateBadge,
  dayOf,
  isoOfDay,
  KevBadge,
  SEVERITY_LABELS,
  SEVERITY_ORDER,
  SeverityBadge,
  TlpBadge,
  useKeeper,
  useSourceNames,
  type Advisory,
  type Severity,
  type Source,
} from './parts.tsx';

const FILTERS = ['sourceId', 'cve', 'severity', 'kev', 'publishedFrom', 'publishedTo'] as const;
type Filter = (typeof FILTERS)[number];
type Filters = Partial<Record<Filter, string>>;
const PAGE_SIZE = 25;

const filtersFrom = (search: URLSearchParams): Filters => Object.fromEntries(FILTERS.flatMap((name) => (search.get(name) ? [[name, search.get(name)!]] : [])));

/** The filters as the API takes them: only values it would take (a hand-edited address may hold others). */
function queryOf(filters: Filters) {
  return {
    ...(filters.sourceId ? { sourceId: filters.sourceId } : {}),
    ...(filters.cve && filters.cve.length >= 3 ? { cve: filters.cve } : {}),
    ...(filters.severity && (SEVERITIES as readonly string[]).includes(filters.severity) ? { severity: filters.severity as Severity } : {}),
    ...(filters.kev === 'true' || filters.kev === 'false' ? { kev: filters.kev } : {}),
    ...(filters.publishedFrom && !Number.isNaN(Date.parse(filters.publishedFrom)) ? { publishedFrom: new Date(filters.publishedFrom).toISOString() } : {}),
    ...(filters.publishedTo && !Number.isNaN(Date.parse(filters.publishedTo)) ? { publishedTo: new Date(filters.publishedTo).toISOString() } : {}),
  };
}

/** The highest base score of an advisory's vectors, for its severity badge. */
export const topScore = (advisory: Pick<Advisory, 'cvss'>) => (advisory.cvss.length ? Math.max(...advisory.cvss.map((score) => score.baseScore)) : undefined);

const SHOWN_CVES = 3;

export function CveList({ ids }: { ids: readonly string[] }) {
  if (!ids.length) return <span className="hint">none</span>;
  return (
    <>
      {ids.slice(0, SHOWN_CVES).map((id, index) => (
        <span key={id}>
          {index > 0 && ', '}
          <Link to={`/advisories?cve=${encodeURIComponent(id)}`} className="mono nowrap">
            {id}
          </Link>
        </span>
      ))}
      {ids.length > SHOWN_CVES && <span className="hint"> and {ids.length - SHOWN_CVES} more</span>}
    </>
  );
}

function columns(names: ReadonlyMap<string, string>): Column<Advisory>[] {
  return [
    {
      header: 'Advisory',
      rowHeader: true,
      cell: (advisory) => (
        <>
          <Link to={`/advisories/${advisory.id}`}>{advisory.title}</Link>
          <br />
          <small className="hint">
            {advisory.documentId} v{advisory.documentVersion}
          </small>
          {(advisory.tlp === 'AMBER' || advisory.tlp === 'RED') && (
            <>
              {' '}
              <TlpBadge tlp={advisory.tlp} />
            </>
          )}
        </>
      ),
    },
    {
      header: 'Severity',
      cell: (advisory) => (
        <>
          <SeverityBadge severity={advisory.severity} {...(topScore(advisory) !== undefined ? { score: topScore(advisory)! } : {})} />
          {advisory.kev && (
            <>
              {' '}
              <KevBadge kev />
            </>
          )}
        </>
      ),
    },
    { header: 'CVE ids', cell: (advisory) => <CveList ids={advisory.cveIds} /> },
    {
      header: 'Publisher',
      cell: (advisory) => (
        <>
          {advisory.publisher.name}
          {names.get(advisory.sourceId) && names.get(advisory.sourceId) !== advisory.publisher.name && (
            <>
              <br />
              <small className="hint">via {names.get(advisory.sourceId)}</small>
            </>
          )}
        </>
      ),
    },
    { header: 'Published', cell: (advisory) => formatDate(advisory.published ?? advisory.listedAt) },
    { header: 'State', cell: (advisory) => <AdvisoryStateBadge state={advisory.state} /> },
  ];
}

function FilterForm({ filters, sources, apply }: { filters: Filters; sources: readonly Source[] | undefined; apply: (filters: Filters) => void }) {
  const [draft, setDraft] = useState<Filters>({ ...filters, publishedFrom: dayOf(filters.publishedFrom), publishedTo: dayOf(filters.publishedTo) });
  const set = (name: Filter) => (value: string) => setDraft((before) => ({ ...before, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply({ ...draft, cve: draft.cve?.trim(), publishedFrom: isoOfDay(draft.publishedFrom ?? ''), publishedTo: isoOfDay(draft.publishedTo ?? '', true) });
  };
  const select = (name: Filter, label: string, options: readonly (readonly [string, string])[]) => (
    <Field label={label}>
      {(props) => (
        <select {...props} value={draft[name] ?? ''} onChange={(event) => set(name)(event.target.value)}>
          <option value="">Any</option>
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <form role="search" aria-label="Filter the advisories" onSubmit={submit} className="card">
      <div className="filters">
        <Field label="CVE id or alias" hint="CVE-2021-44228, GHSA-…, an OSV id">
          {(props) => <input {...props} type="search" value={draft.cve ?? ''} onChange={(event) => set('cve')(event.target.value)} />}
        </Field>
        {select(
          'severity',
          'Severity',
          SEVERITY_ORDER.map((severity) => [severity, SEVERITY_LABELS[severity]] as const),
        )}
        {select('kev', 'Known exploited (KEV)', [
          ['true', 'Only known exploited'],
          ['false', 'Not known exploited'],
        ])}
        {sources &&
          select(
            'sourceId',
            'Source',
            sources.map((source) => [source.id, source.name] as const),
          )}
        <Field label="Published from">
          {(props) => <input {...props} type="date" value={draft.publishedFrom ?? ''} onChange={(event) => set('publishedFrom')(event.target.value)} />}
        </Field>
        <Field label="Published to">
          {(props) => <input {...props} type="date" value={draft.publishedTo ?? ''} onChange={(event) => set('publishedTo')(event.target.value)} />}
        </Field>
      </div>
      <div className="page-actions">
        <button type="submit">Filter</button>
        <button type="button" className="secondary" onClick={() => apply({})}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

export default function Advisories() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFrom(search);
  const query = queryOf(filters);
  const key = JSON.stringify(filters);
  const { names, sources } = useSourceNames();
  const apply = (next: Filters) => {
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = next[name]?.trim();
      if (value) params.set(name, value);
    }
    setSearch(params);
  };
  const applied = Object.keys(query).length;
  const keeper = useKeeper();
  return (
    <Page
      title="Advisories"
      actions={
        keeper && (
          <Link className="button" to="/advisories/new">
            New advisory
          </Link>
        )
      }
    >
      <p>
        Security advisories accepted from your <Link to="/advisory-sources">sources</Link>, newest publication first. A CVE id finds every source’s advisories
        of that vulnerability.
      </p>
      {/* Remounted when the address changes (a link, Back): the form shows what is applied. */}
      <FilterForm key={key} filters={filters} sources={sources} apply={apply} />
      {applied > 1 && <p className="hint">Combined filters may answer short or empty pages while more follow: use Next until it is disabled.</p>}
      <PagedTable
        caption={applied ? `Advisories matching ${applied} filter${applied > 1 ? 's' : ''}` : 'Advisories, newest first'}
        columns={columns(names)}
        deps={[key]}
        rowKey={(advisory) => advisory.id}
        empty={applied ? 'No advisory matches these filters on this page.' : 'No advisory has been accepted yet.'}
        load={(cursor) => api().GET('/advisories', { params: { query: { ...query, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } })}
      />
    </Page>
  );
}
