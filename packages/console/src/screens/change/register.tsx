// The change register (X.1052 12.2.4): filters by state, class, asset, origin and window kept in the address
// with the API's own listChangeRequests parameter names (`/change-requests?state=failed` lists the failed
// changes), a page at a time by the API's cursor.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { paths } from '@ismf/api-client/client';
import { CHANGE_CLASSES, CHANGE_STATES } from '@ismf/change/rules';
import { api } from '../../api.ts';
import { Field } from '../../ui/form.tsx';
import { Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { useWho } from '../../session/session.ts';
import {
  CLASS_LABELS,
  REQUESTERS,
  STATE_LABELS,
  StateBadge,
  fromLocalInput,
  holds,
  importanceLabel,
  toLocalInput,
  windowText,
  type ChangeSummary,
} from './request-parts.tsx';

type ListQuery = NonNullable<paths['/change-requests']['get']['parameters']['query']>;

/** The filters, by their names in the API (and so in the URL). */
const FILTERS = ['state', 'class', 'asset', 'origin', 'windowFrom', 'windowTo'] as const;
type Filter = (typeof FILTERS)[number];
type Filters = Partial<Record<Filter, string>>;
const PAGE_SIZE = 25;

const filtersFrom = (search: URLSearchParams): Filters => Object.fromEntries(FILTERS.flatMap((name) => (search.get(name) ? [[name, search.get(name)!]] : [])));

const columns: Column<ChangeSummary>[] = [
  { header: 'Title', rowHeader: true, cell: (change) => <Link to={`/change-requests/${change.id}`}>{change.title}</Link> },
  { header: 'Class', cell: (change) => CLASS_LABELS[change.class] },
  { header: 'State', cell: (change) => <StateBadge state={change.state} /> },
  { header: 'Window', cell: (change) => windowText({ start: change.windowStart, end: change.windowEnd }) },
  { header: 'Assets', cell: (change) => change.assetCount },
  { header: 'Highest importance', cell: (change) => (change.impact.maxImportance ? importanceLabel(change.impact.maxImportance) : '—') },
];

/** The filter form: edited freely, applied to the URL on submit (window times typed locally, kept as ISO UTC). */
function FilterForm({ filters, apply }: { filters: Filters; apply: (filters: Filters) => void }) {
  const [draft, setDraft] = useState<Filters>({ ...filters, windowFrom: toLocalInput(filters.windowFrom), windowTo: toLocalInput(filters.windowTo) });
  const set = (name: Filter) => (value: string) => setDraft((before) => ({ ...before, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply({ ...draft, windowFrom: fromLocalInput(draft.windowFrom ?? ''), windowTo: fromLocalInput(draft.windowTo ?? '') });
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
  const text = (name: Filter, label: string, hint: string, type = 'text') => (
    <Field label={label} hint={hint}>
      {(props) => <input {...props} type={type} value={draft[name] ?? ''} onChange={(event) => set(name)(event.target.value)} />}
    </Field>
  );
  return (
    <form role="search" aria-label="Filter the change register" onSubmit={submit} className="card">
      <div className="filters">
        {select(
          'state',
          'State',
          CHANGE_STATES.map((state) => [state, STATE_LABELS[state]] as const),
        )}
        {select(
          'class',
          'Class',
          CHANGE_CLASSES.map((each) => [each, CLASS_LABELS[each]] as const),
        )}
        {text('asset', 'Asset', 'an asset id: the changes affecting it')}
        {text('origin', 'Origin', '`person`, or area:type:id of the record that asked')}
        {text('windowFrom', 'Window from', 'changes whose window ends after this', 'datetime-local')}
        {text('windowTo', 'Window to', 'changes whose window starts before this', 'datetime-local')}
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

export default function ChangeRegister() {
  const who = useWho();
  const [search, setSearch] = useSearchParams();
  const filters = filtersFrom(search);
  const key = JSON.stringify(filters);
  const apply = (next: Filters) => {
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = next[name]?.trim();
      if (value) params.set(name, value);
    }
    setSearch(params);
  };
  const applied = Object.keys(filters).length;
  return (
    <Page
      title="Changes"
      actions={
        holds(who?.roles, REQUESTERS) && (
          <Link className="button" to="/change-requests/new">
            Request a change
          </Link>
        )
      }
    >
      {/* Remounted when the URL changes (a link, Back): the form shows what is applied. */}
      <FilterForm key={key} filters={filters} apply={apply} />
      {applied > 1 && <p className="hint">Combined filters may answer short or empty pages while more follow: use Next until it is disabled.</p>}
      <PagedTable
        caption={applied ? `Change requests matching ${applied} filter${applied > 1 ? 's' : ''}` : 'Change requests'}
        columns={columns}
        deps={[key]}
        load={(cursor) => api().GET('/change-requests', { params: { query: { ...(filters as ListQuery), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } })}
        rowKey={(change) => change.id}
        empty={applied ? 'No change request matches these filters on this page.' : 'No change has been requested yet.'}
      />
    </Page>
  );
}
