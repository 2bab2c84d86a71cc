// How changes went (X.1052 12.2.4 f): per class, for the changes whose window starts in a period (the last 90
// days unless the address says otherwise: `/change-report?from=2026-01-01&to=2026-03-31`), how many were
// implemented, partly, rolled back or failed their review, how many were reviewed or are overdue, the success
// rate and the mean time from request to implementation. The failed and rolled-back changes themselves open
// in the register, filtered by the API's own state parameter.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CHANGE_CLASSES } from '@ismf/change/rules';
import type { Schemas } from '@ismf/api-client/client';
import { api, useApiData } from '../../api.ts';
import { Field } from '../../ui/form.tsx';
import { formatDate } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { CLASS_LABELS, dayOf } from './management-parts.tsx';

type Figures = Schemas['ChangeReport']['classes']['normal'];

const DEFAULT_DAYS = 90;

const ROWS: { key: keyof Figures; label: string; format?: (value: number | undefined) => string }[] = [
  { key: 'authorized', label: 'Authorized, not implemented yet' },
  { key: 'implemented', label: 'Implemented' },
  { key: 'partlyImplemented', label: 'Partly implemented' },
  { key: 'rolledBack', label: 'Rolled back' },
  { key: 'failed', label: 'Failed (found not effective in review)' },
  { key: 'reviewed', label: 'Reviewed' },
  { key: 'reviewOverdue', label: 'Review overdue' },
  { key: 'implementedOutsideWindow', label: 'Implemented outside the window' },
  { key: 'successRate', label: 'Success rate', format: (value) => (value === undefined ? '—' : `${Math.round(value * 1000) / 10} %`) },
  { key: 'meanHoursToImplement', label: 'Mean time to implement', format: (value) => (value === undefined ? '—' : `${value} h`) },
];

const isDay = (text: string | null): text is string => !!text && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(new Date(`${text}T00:00:00`).getTime());

/** Local midnight of a day, as the API takes it. */
const startOf = (day: string) => new Date(`${day}T00:00:00`).toISOString();
/** Local midnight after a day: the period includes its last day. */
const endOf = (day: string) => {
  const next = new Date(`${day}T00:00:00`);
  next.setDate(next.getDate() + 1);
  return next.toISOString();
};

function PeriodForm({ from, to, apply }: { from: string; to: string; apply: (from: string, to: string) => void }) {
  const [draft, setDraft] = useState({ from, to });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft.from, draft.to);
  };
  return (
    <form onSubmit={submit} aria-label="Period of the report" className="card">
      <div className="filters">
        <Field label="Windows from">
          {(props) => <input {...props} type="date" value={draft.from} onChange={(event) => setDraft((before) => ({ ...before, from: event.target.value }))} />}
        </Field>
        <Field label="To (inclusive)">
          {(props) => <input {...props} type="date" value={draft.to} onChange={(event) => setDraft((before) => ({ ...before, to: event.target.value }))} />}
        </Field>
        <button type="submit">Show</button>
      </div>
    </form>
  );
}

export default function ChangeReport() {
  const [search, setSearch] = useSearchParams();
  const today = new Date();
  const to = isDay(search.get('to')) ? search.get('to')! : dayOf(today);
  const from = isDay(search.get('from')) ? search.get('from')! : dayOf(new Date(today.getFullYear(), today.getMonth(), today.getDate() - DEFAULT_DAYS));
  const query = { from: startOf(from), to: endOf(to) };
  const report = useApiData(() => api().GET('/change-report', { params: { query } }), [query.from, query.to]);
  const apply = (nextFrom: string, nextTo: string) => setSearch(new URLSearchParams({ from: nextFrom, to: nextTo }));
  const classes = report.data?.classes;
  return (
    <Page title="Change report">
      <p>
        How the changes whose window starts in the period went, per class. <Link to="/change-calendar">The change calendar</Link>
      </p>
      {/* Drawn anew when the address changes (a link, Back): the form shows the period applied. */}
      <PeriodForm key={`${from}:${to}`} from={from} to={to} apply={apply} />
      <ProblemBanner problem={report.problem} />
      {!classes && report.loading && <Loading what="the report" />}
      {classes && (
        <table aria-busy={report.loading}>
          <caption>
            Changes with windows from {formatDate(from)} to {formatDate(to)}, by class
          </caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              {CHANGE_CLASSES.map((each) => (
                <th key={each} scope="col">
                  {CLASS_LABELS[each]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {CHANGE_CLASSES.map((each) => (
                  <td key={each}>{row.format ? row.format(classes[each][row.key]) : (classes[each][row.key] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="lists-heading">
        <h2 id="lists-heading">The changes behind the figures</h2>
        <ul>
          <li>
            <Link to="/change-requests?state=failed">Failed changes</Link>
          </li>
          <li>
            <Link to="/change-requests?state=rolled-back">Rolled-back changes</Link>
          </li>
          <li>
            <Link to="/change-requests?state=partly-implemented">Partly implemented changes</Link>
          </li>
        </ul>
      </section>
    </Page>
  );
}
