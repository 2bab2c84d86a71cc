// The asset register: search, filters and sort in the URL with the API's own listAssets parameter names (the
// dashboard's tiles link to `/assets?importance=5&reviewState=overdue`), a page at a time by the API's cursor.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { paths } from '@ismf/api-client/client';
import { ASSET_SORTS, ASSET_STATUSES, ASSET_TYPES, IMPORTANCE_NAMES, type AssetSort } from '@ismf/assets/rules';
import { act, api, newIdempotencyKey, type Problem } from '../../api.ts';
import { Field } from '../../ui/form.tsx';
import { formatDate, personName } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { useWho } from '../../session/session.ts';
import { EXPORTERS, KEEPERS, REGISTRARS, ReviewBadge, StatusBadge, TYPE_LABELS, holds, importanceLabel, useAssetPolicy, type Asset } from './shared.tsx';

type ListQuery = NonNullable<paths['/assets']['get']['parameters']['query']>;

/** The filters, by their names in the API (and so in the URL). */
const FILTERS = ['q', 'type', 'importance', 'classification', 'category', 'businessProcess', 'owner', 'label', 'reviewState', 'status', 'sort'] as const;
type Filter = (typeof FILTERS)[number];
type Filters = Partial<Record<Filter, string>>;

const SORT_LABELS: Record<AssetSort, string> = {
  registered: 'Registration (oldest first)',
  name: 'Name A–Z',
  '-name': 'Name Z–A',
  importance: 'Importance (least first)',
  '-importance': 'Importance (most first)',
  nextReview: 'Next review (soonest first)',
};
const REVIEW_STATES = { overdue: 'Overdue', due: 'Due (by today)', current: 'Current' } as const;
const PAGE_SIZE = 25;

const filtersFrom = (search: URLSearchParams): Filters => Object.fromEntries(FILTERS.flatMap((name) => (search.get(name) ? [[name, search.get(name)!]] : [])));

/** The URL's filters as the API's query (a malformed value goes as it is: the API's 400 names it). */
function listQuery(filters: Filters): ListQuery {
  const { importance, ...rest } = filters;
  return { ...(rest as Omit<ListQuery, 'importance'>), ...(importance ? { importance: Number(importance) } : {}) };
}

const columns: Column<Asset>[] = [
  { header: 'Name', rowHeader: true, cell: (asset) => <Link to={`/assets/${asset.id}`}>{asset.name}</Link> },
  { header: 'Type', cell: (asset) => TYPE_LABELS[asset.type] },
  { header: 'Importance', cell: (asset) => importanceLabel(asset.importance) },
  { header: 'Classification', cell: (asset) => asset.classification },
  { header: 'Owner', cell: (asset) => personName(asset.ownerPerson, asset.owner) },
  {
    header: 'Next review',
    cell: (asset) =>
      asset.status === 'active' ? (
        <>
          {formatDate(asset.nextReviewDue)} <ReviewBadge asset={asset} />
        </>
      ) : (
        'not reviewed'
      ),
  },
  { header: 'Status', cell: (asset) => <StatusBadge status={asset.status} /> },
];

/** The filter form: edited freely, applied to the URL on submit (a new URL shows the list from its first page). */
function FilterForm({ filters, apply }: { filters: Filters; apply: (filters: Filters) => void }) {
  const [draft, setDraft] = useState<Filters>(filters);
  const policy = useAssetPolicy();
  const set = (name: Filter) => (value: string) => setDraft((before) => ({ ...before, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const text = (name: Filter, label: string, hint?: string) => (
    <Field label={label} {...(hint ? { hint } : {})}>
      {(props) => <input {...props} type={name === 'q' ? 'search' : 'text'} value={draft[name] ?? ''} onChange={(event) => set(name)(event.target.value)} />}
    </Field>
  );
  const select = (name: Filter, label: string, options: readonly (readonly [string, string])[], any = 'Any') => {
    const current = draft[name] ?? '';
    // A value only the URL knows (the dashboard's) is still offered, so that the form shows what is applied.
    const all = current && !options.some(([value]) => value === current) ? [...options, [current, current] as const] : options;
    return (
      <Field label={label}>
        {(props) => (
          <select {...props} value={current} onChange={(event) => set(name)(event.target.value)}>
            <option value="">{any}</option>
            {all.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  };
  const categories = [...new Set(policy?.categories.filter((category) => !draft.type || category.type === draft.type).map((category) => category.name) ?? [])];
  return (
    <form role="search" aria-label="Search the register" onSubmit={submit} className="card">
      <div className="filters">
        {text('q', 'Name begins with')}
        {select(
          'type',
          'Type',
          ASSET_TYPES.map((type) => [type, TYPE_LABELS[type]] as const),
        )}
        {select(
          'importance',
          'Importance',
          ([5, 4, 3, 2, 1] as const).map((level) => [String(level), `${level} · ${IMPORTANCE_NAMES[level]}`] as const),
        )}
        {select(
          'classification',
          'Classification',
          (policy?.classificationLevels ?? []).map((level) => [level.name, level.name] as const),
        )}
        {categories.length
          ? select(
              'category',
              'Category',
              categories.map((name) => [name, name] as const),
            )
          : text('category', 'Category')}
        {policy?.businessProcesses.length
          ? select(
              'businessProcess',
              'Business process',
              policy.businessProcesses.map((name) => [name, name] as const),
            )
          : text('businessProcess', 'Business process')}
        {text('label', 'Label')}
        {text('owner', 'Owner (user id)')}
        {select('reviewState', 'Review', Object.entries(REVIEW_STATES))}
        {select(
          'status',
          'Status',
          [...ASSET_STATUSES, 'all'].map((status) => [status, status] as const),
          'Active (default)',
        )}
        {select(
          'sort',
          'Sort by',
          ASSET_SORTS.map((sort) => [sort, SORT_LABELS[sort]] as const),
          'Registration (default)',
        )}
      </div>
      <div className="page-actions">
        <button type="submit">Search</button>
        <button type="button" className="secondary" onClick={() => apply({})}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

/** Starts an export job of the register as filtered (the filters the export kind takes) and opens the job. */
function ExportButton({ filters }: { filters: Filters }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const start = () => {
    setBusy(true);
    setProblem(undefined);
    const { type, category, classification, importance, owner, reviewState } = filters;
    const parameters = {
      format: 'csv',
      ...Object.fromEntries(Object.entries({ type, category, classification, owner, reviewState }).filter(([, value]) => value)),
      ...(importance ? { importance: Number(importance) } : {}),
    };
    void act(api().POST('/jobs', { params: { header: { 'Idempotency-Key': newIdempotencyKey() } }, body: { kind: 'asset-export', parameters } })).then(
      (outcome) => {
        setBusy(false);
        if (outcome.problem) setProblem(outcome.problem);
        else void navigate(`/jobs/${outcome.data.id}`);
      },
    );
  };
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={start}
        disabled={busy}
        title="a CSV of the register, by type, category, classification, importance, owner and review state"
      >
        {busy ? 'Starting the export…' : 'Export'}
      </button>
      {problem && (
        <div className="export-problem">
          <ProblemBanner problem={problem} />
        </div>
      )}
    </>
  );
}

export default function Register() {
  const who = useWho();
  const [search, setSearch] = useSearchParams();
  const filters = filtersFrom(search);
  const key = JSON.stringify(filters);
  const apply = (next: Filters) => {
    const params = new URLSearchParams();
    // A name search reads the name index: it sorts by name only (the API refuses any other sort with it).
    if (next.q?.trim() && next.sort && next.sort !== 'name' && next.sort !== '-name') next = { ...next, sort: undefined };
    for (const name of FILTERS) {
      const value = next[name]?.trim();
      if (value) params.set(name, value);
    }
    setSearch(params);
  };
  const applied = Object.keys(filters).filter((name) => name !== 'sort').length;
  return (
    <Page
      title="Assets"
      actions={
        <>
          {holds(who?.roles, REGISTRARS) && (
            <Link className="button" to="/assets/new">
              Register an asset
            </Link>
          )}
          {holds(who?.roles, KEEPERS) && (
            <Link className="button secondary" to="/assets/import">
              Import
            </Link>
          )}
          {holds(who?.roles, EXPORTERS) && <ExportButton filters={filters} />}
        </>
      }
    >
      {/* Remounted when the URL changes (a link, Back): the form shows what is applied. */}
      <FilterForm key={key} filters={filters} apply={apply} />
      <PagedTable
        caption={applied ? `Assets matching ${applied} filter${applied > 1 ? 's' : ''}` : 'Assets'}
        columns={columns}
        deps={[key]}
        load={(cursor) => api().GET('/assets', { params: { query: { ...listQuery(filters), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } })}
        rowKey={(asset) => asset.id}
        empty={applied ? 'No asset matches these filters on this page.' : 'No assets are registered yet.'}
      />
    </Page>
  );
}
