// Patch requirements (X.1052 12.2.3 a, c): that an asset needs a fix, soonest due first, a page at a time by
// the API's cursor. Filters by state, priority, overdue and asset are kept in the address with the API's own
// parameter names, so a mail's link (`/patch-requirements?overdue=true`, `?asset=<id>`) opens the list so
// filtered. Overdue requirements say so in words beside their due date. Administrators and security officers
// enter requirements from a vendor bulletin here.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { paths } from '@ismf/api-client/client';
import { PATCH_STATES, PRIORITIES, type PatchState, type Priority } from '@ismf/patches/rules';
import { api } from '../../api.ts';
import { Field } from '../../ui/form.tsx';
import { Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { PRIORITY_LABELS } from '../early-warning/priority-parts.tsx';
import { BulletinForm } from './bulletin-form.tsx';
import { DueDate, FixText, PriorityBadge, STATE_LABELS, StateBadge, useKeeper, type Requirement } from './parts.tsx';

type ListQuery = NonNullable<paths['/patch-requirements']['get']['parameters']['query']>;

interface Filters {
  state?: PatchState;
  priority?: Priority;
  overdue?: boolean;
  asset?: string;
}
const PAGE_SIZE = 25;

/** The filters from the address, each only when it is one the API takes. */
function filtersFrom(search: URLSearchParams): Filters {
  const state = search.get('state');
  const priority = search.get('priority');
  const asset = search.get('asset')?.trim();
  return {
    ...((PATCH_STATES as readonly string[]).includes(state ?? '') ? { state: state as PatchState } : {}),
    ...((PRIORITIES as readonly string[]).includes(priority ?? '') ? { priority: priority as Priority } : {}),
    ...(search.get('overdue') === 'true' ? { overdue: true } : {}),
    ...(asset ? { asset } : {}),
  };
}

const queryOf = (filters: Filters): ListQuery => ({
  ...(filters.state ? { state: filters.state } : {}),
  ...(filters.priority ? { priority: filters.priority } : {}),
  ...(filters.overdue ? { overdue: 'true' as const } : {}),
  ...(filters.asset ? { asset: filters.asset } : {}),
});

const columns: Column<Requirement>[] = [
  {
    header: 'Requirement',
    rowHeader: true,
    cell: (requirement) => (
      <>
        <Link to={`/patch-requirements/${requirement.id}`}>{requirement.summary}</Link>
        <br />
        <small className="hint">
          <FixText fix={requirement} />
        </small>
      </>
    ),
  },
  {
    header: 'Asset',
    cell: (requirement) => (
      <>
        <Link to={`/assets/${requirement.assetId}`}>{requirement.assetName}</Link> <small className="hint">({requirement.assetType})</small>
      </>
    ),
  },
  { header: 'Priority', cell: (requirement) => <PriorityBadge priority={requirement.priority} /> },
  { header: 'State', cell: (requirement) => <StateBadge state={requirement.state} /> },
  { header: 'Due', cell: (requirement) => <DueDate requirement={requirement} /> },
];

/** The filter form: edited freely, applied to the address on submit. */
function FilterForm({ filters, apply }: { filters: Filters; apply: (filters: Filters) => void }) {
  const [draft, setDraft] = useState<{ state: string; priority: string; overdue: boolean; asset: string }>({
    state: filters.state ?? '',
    priority: filters.priority ?? '',
    overdue: !!filters.overdue,
    asset: filters.asset ?? '',
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply({
      ...(draft.state ? { state: draft.state as PatchState } : {}),
      ...(draft.priority ? { priority: draft.priority as Priority } : {}),
      ...(draft.overdue ? { overdue: true } : {}),
      ...(draft.asset.trim() ? { asset: draft.asset.trim() } : {}),
    });
  };
  return (
    <form role="search" aria-label="Filter the patch requirements" onSubmit={submit} className="card">
      <div className="filters">
        <Field label="State">
          {(props) => (
            <select {...props} value={draft.state} onChange={(event) => setDraft((before) => ({ ...before, state: event.target.value }))}>
              <option value="">Any</option>
              {PATCH_STATES.map((state) => (
                <option key={state} value={state}>
                  {STATE_LABELS[state].text}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Priority">
          {(props) => (
            <select {...props} value={draft.priority} onChange={(event) => setDraft((before) => ({ ...before, priority: event.target.value }))}>
              <option value="">Any</option>
              {PRIORITIES.map((priority) => (
                <option key={priority} value={priority}>
                  {PRIORITY_LABELS[priority]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Asset" hint="an asset id: its requirements">
          {(props) => (
            <input {...props} className="mono" value={draft.asset} onChange={(event) => setDraft((before) => ({ ...before, asset: event.target.value }))} />
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={draft.overdue} onChange={(event) => setDraft((before) => ({ ...before, overdue: event.target.checked }))} />
          Overdue only (outstanding and past the due date)
        </label>
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

function captionOf(filters: Filters): string {
  const words = [
    filters.overdue ? 'Overdue patch requirements' : 'Patch requirements',
    filters.state ? `in the state “${STATE_LABELS[filters.state].text.toLowerCase()}”` : '',
    filters.priority ? `of ${PRIORITY_LABELS[filters.priority].toLowerCase()} priority` : '',
    filters.asset ? `of one asset` : '',
  ].filter(Boolean);
  const filtered = !!(filters.state || filters.priority || filters.asset || filters.overdue);
  return `${words.join(' ')}${filtered ? '' : ' still outstanding'}, soonest due first`;
}

export default function PatchRequirements() {
  const keeper = useKeeper();
  const [search, setSearch] = useSearchParams();
  const filters = filtersFrom(search);
  const key = JSON.stringify(filters);
  const [entering, setEntering] = useState(false);
  const [entered, setEntered] = useState<Requirement[]>();
  // Read again after an entry: the new requirements are on the list.
  const [round, setRound] = useState(0);
  const apply = (next: Filters) => {
    const params = new URLSearchParams();
    if (next.state) params.set('state', next.state);
    if (next.priority) params.set('priority', next.priority);
    if (next.overdue) params.set('overdue', 'true');
    if (next.asset) params.set('asset', next.asset);
    setSearch(params);
  };
  const applied = Object.keys(filters).length;
  return (
    <Page
      title="Patch requirements"
      actions={
        keeper &&
        !entering && (
          <button
            type="button"
            onClick={() => {
              setEntered(undefined);
              setEntering(true);
            }}
          >
            Enter from a vendor bulletin
          </button>
        )
      }
    >
      <p>
        Each asset that needs a fix has a requirement: from an approved recommendation of an <Link to="/early-warnings">early warning</Link>, or a vendor
        bulletin entered here. It is tested in the lab, rolled out in a <Link to="/patch-waves">wave</Link> through a change request, and due by your
        organization’s <Link to="/patch-settings">SLA</Link> for its priority.
      </p>
      {entered && (
        <div role="status" className="notice">
          <p>
            {entered.length === 1 ? '1 requirement is entered' : `${entered.length} requirements are entered`} (an asset that already had this fix keeps its
            requirement, merged):
          </p>
          <ul>
            {entered.map((requirement) => (
              <li key={requirement.id}>
                <Link to={`/patch-requirements/${requirement.id}`}>
                  {requirement.assetName}: {requirement.summary}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
      {entering && (
        <BulletinForm
          onCancel={() => setEntering(false)}
          onEntered={(items) => {
            setEntering(false);
            setEntered(items);
            setRound((n) => n + 1);
          }}
        />
      )}
      {/* Remounted when the address changes (a link, Back): the form shows what is applied. */}
      <FilterForm key={key} filters={filters} apply={apply} />
      {applied > 1 && <p className="hint">Combined filters may answer short or empty pages while more follow: use Next until it is disabled.</p>}
      <PagedTable<Requirement>
        caption={captionOf(filters)}
        columns={columns}
        deps={[key, round]}
        rowKey={(requirement) => requirement.id}
        empty={
          filters.overdue
            ? 'No overdue patch requirement on this page.'
            : applied
              ? 'No patch requirement matches these filters on this page.'
              : 'No outstanding patch requirement: nothing waits to be patched.'
        }
        load={(cursor) => api().GET('/patch-requirements', { params: { query: { ...queryOf(filters), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } })}
      />
    </Page>
  );
}
