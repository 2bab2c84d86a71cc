// The tenant's jobs the person may see (their own and those of kinds their roles start), newest first, a
// page at a time; filtered by state and kind through the URL, so a filtered list can be linked to.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api.ts';
import { Field } from '../../ui/form.tsx';
import { Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { JOB_STATES, percentDone, StateBadge, type Job } from './job-state.tsx';

const columns: Column<Job>[] = [
  { header: 'Job', rowHeader: true, cell: (job) => <Link to={`/jobs/${job.id}`}>{job.kind}</Link> },
  { header: 'State', cell: (job) => <StateBadge state={job.state} /> },
  {
    header: 'Progress',
    cell: (job) => {
      const percent = percentDone(job);
      return percent === undefined ? `${job.progress.rowsDone} rows` : `${percent} %`;
    },
  },
  { header: 'Started by', cell: (job) => personName(job.startedByPerson, job.startedBy) },
  { header: 'When', cell: (job) => formatTime(job.startedAt ?? job.queuedAt ?? job.createdAt) },
];

const isState = (value: string | null): value is Job['state'] => (JOB_STATES as readonly string[]).includes(value ?? '');

export default function Jobs() {
  const [search, setSearch] = useSearchParams();
  const stateParam = search.get('state');
  const state = isState(stateParam) ? stateParam : undefined;
  const kind = search.get('kind') ?? '';
  const [kindTyped, setKindTyped] = useState(kind);
  const filter = (next: { state?: string; kind?: string }) => {
    const params = new URLSearchParams();
    const nextState = next.state ?? state ?? '';
    const nextKind = next.kind ?? kind;
    if (nextState) params.set('state', nextState);
    if (nextKind) params.set('kind', nextKind);
    setSearch(params);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    filter({ kind: kindTyped.trim() });
  };
  return (
    <Page title="Jobs">
      <form className="filters" onSubmit={submit} aria-label="Filter jobs">
        <Field label="State">
          {(props) => (
            <select {...props} value={state ?? ''} onChange={(event) => filter({ state: event.target.value })}>
              <option value="">any</option>
              {JOB_STATES.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Kind">
          {(props) => <input {...props} value={kindTyped} placeholder="e.g. asset-export" onChange={(event) => setKindTyped(event.target.value)} />}
        </Field>
        <button type="submit">Filter</button>
      </form>
      <PagedTable<Job>
        caption="Jobs, newest first"
        columns={columns}
        deps={[state, kind]}
        rowKey={(job) => job.id}
        empty="No jobs match."
        load={(cursor) =>
          api().GET('/jobs', { params: { query: { limit: 25, ...(state ? { state } : {}), ...(kind ? { kind } : {}), ...(cursor ? { cursor } : {}) } } })
        }
      />
    </Page>
  );
}
