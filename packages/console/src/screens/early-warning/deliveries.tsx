// The advisory deliveries (X.1052 12.2.1 a), newest first: what each source sent and what became of it. The
// filters are the API's own parameters in the address (`/advisory-deliveries?state=rejected` is what needs a
// look), a page at a time by the API's cursor.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DELIVERY_STATES, type DeliveryState } from '@ismf/early-warning/rules';
import { api } from '../../api.ts';
import { Field } from '../../ui/form.tsx';
import { Page } from '../../ui/page.tsx';
import { PagedTable } from '../../ui/paged-table.tsx';
import { deliveryColumns } from './delivery-parts.tsx';
import { DELIVERY_STATE_LABELS, useSourceNames, type Source } from './parts.tsx';

interface Filters {
  state?: DeliveryState;
  sourceId?: string;
}

function filtersFrom(search: URLSearchParams): Filters {
  const state = search.get('state');
  const sourceId = search.get('sourceId');
  return {
    ...(state && (DELIVERY_STATES as readonly string[]).includes(state) ? { state: state as DeliveryState } : {}),
    ...(sourceId ? { sourceId } : {}),
  };
}

function FilterForm({ filters, sources, apply }: { filters: Filters; sources: readonly Source[] | undefined; apply: (filters: Filters) => void }) {
  const [state, setState] = useState(filters.state ?? '');
  const [sourceId, setSourceId] = useState(filters.sourceId ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply({ ...(state ? { state: state as DeliveryState } : {}), ...(sourceId ? { sourceId } : {}) });
  };
  return (
    <form role="search" aria-label="Filter the deliveries" onSubmit={submit} className="card">
      <div className="filters">
        <Field label="State">
          {(props) => (
            <select {...props} value={state} onChange={(event) => setState(event.target.value)}>
              <option value="">Any</option>
              {DELIVERY_STATES.map((each) => (
                <option key={each} value={each}>
                  {DELIVERY_STATE_LABELS[each].text}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Source">
          {(props) => (
            <select {...props} value={sourceId} onChange={(event) => setSourceId(event.target.value)}>
              <option value="">Any</option>
              {sources?.map((source) => (
                <option key={source.id} value={source.id}>
                  {source.name}
                </option>
              ))}
              {sourceId && !sources?.some((source) => source.id === sourceId) && <option value={sourceId}>{sourceId}</option>}
            </select>
          )}
        </Field>
        <div className="page-actions">
          <button type="submit">Filter</button>
          <button type="button" className="secondary" onClick={() => apply({})}>
            Clear filters
          </button>
        </div>
      </div>
    </form>
  );
}

export default function Deliveries() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFrom(search);
  const key = JSON.stringify(filters);
  const { names, sources } = useSourceNames();
  const apply = (next: Filters) => setSearch(new URLSearchParams(Object.entries(next).filter(([, value]) => value) as [string, string][]));
  const applied = Object.keys(filters).length;
  const caption = [
    filters.state ? `${DELIVERY_STATE_LABELS[filters.state].text.toLowerCase()} deliveries` : 'Deliveries',
    filters.sourceId ? ` of ${names.get(filters.sourceId) ?? 'one source'}` : '',
    ', newest first',
  ].join('');
  return (
    <Page title="Advisory deliveries">
      <p>
        What the sources sent, as it arrived, and what became of each document. <Link to="/advisory-deliveries?state=rejected">Rejected</Link> and{' '}
        <Link to="/advisory-deliveries?state=partly-accepted">partly accepted</Link> deliveries need a look: the sender may have a broken document.
      </p>
      <FilterForm key={key} filters={filters} sources={sources} apply={apply} />
      <PagedTable
        caption={caption.charAt(0).toUpperCase() + caption.slice(1)}
        columns={deliveryColumns(names)}
        deps={[key]}
        rowKey={(delivery) => delivery.id}
        empty={applied ? 'No delivery matches these filters.' : 'Nothing has been delivered yet.'}
        load={(cursor) => api().GET('/advisory-deliveries', { params: { query: { ...filters, limit: 25, ...(cursor ? { cursor } : {}) } } })}
      />
    </Page>
  );
}
