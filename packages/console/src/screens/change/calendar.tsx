// The change calendar (X.1052 12.2.4): the authorized changes of a week or a month (and what their
// implementation made of them) as an agenda grouped by day, read from the API's calendar index, with the
// freezes in force over the period. The period is in the address (`/change-calendar?period=week&start=2026-05-04`)
// so it can be shared and Back returns to it; the same period downloads as iCalendar for people's calendars.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { act, api, useApiData, type Problem } from '../../api.ts';
import { formatTime } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { CLASS_LABELS, ChangeStateBadge, dayOf, readCalendar, formatWindow, type CalendarItem, type Freeze } from './management-parts.tsx';

type Period = 'week' | 'month';

interface Span {
  period: Period;
  /** Local midnight of the first day (a Monday, or the 1st). */
  start: Date;
  /** Local midnight after the last day. */
  end: Date;
}

function parseDay(text: string | null): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '');
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function spanOf(period: Period, day: Date): Span {
  const [y, m, d] = [day.getFullYear(), day.getMonth(), day.getDate()];
  if (period === 'month') return { period, start: new Date(y, m, 1), end: new Date(y, m + 1, 1) };
  // Weeks begin on Monday.
  const monday = d - ((day.getDay() + 6) % 7);
  return { period, start: new Date(y, m, monday), end: new Date(y, m, monday + 7) };
}

/** The first day of the period before (-1) or after (1). */
function moved(span: Span, by: -1 | 1): Date {
  const { start } = span;
  return span.period === 'month'
    ? new Date(start.getFullYear(), start.getMonth() + by, 1)
    : new Date(start.getFullYear(), start.getMonth(), start.getDate() + 7 * by);
}

const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric' });
const dayName = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const shortDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

const spanTitle = (span: Span) =>
  span.period === 'month' ? monthName.format(span.start) : `Week of ${shortDay.format(span.start)} to ${shortDay.format(new Date(span.end.getTime() - 1))}`;

const address = (period: Period, start: Date) => `?period=${period}&start=${dayOf(start)}`;

/** The changes by the day their window opens in the period (one that opened before it, on its first day). */
function byDay(items: readonly CalendarItem[], span: Span): { day: Date; items: CalendarItem[] }[] {
  const days = new Map<string, { day: Date; items: CalendarItem[] }>();
  for (const item of items) {
    const opens = new Date(Math.max(Date.parse(item.windowStart), span.start.getTime()));
    const day = new Date(opens.getFullYear(), opens.getMonth(), opens.getDate());
    const key = dayOf(day);
    if (!days.has(key)) days.set(key, { day, items: [] });
    days.get(key)!.items.push(item);
  }
  return [...days.values()].sort((a, b) => a.day.getTime() - b.day.getTime());
}

const overlaps = (freeze: Freeze, start: number, end: number) => Date.parse(freeze.start) < end && Date.parse(freeze.end) > start;

/** Fetches the period as iCalendar (the API's text/calendar answer) and saves it as a file. */
function IcsDownload({ query }: { query: { from: string; to: string } }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const download = () => {
    setBusy(true);
    setProblem(undefined);
    void act(api().GET('/change-calendar', { params: { query }, headers: { Accept: 'text/calendar' }, parseAs: 'text' })).then((outcome) => {
      setBusy(false);
      if (outcome.problem) {
        setProblem(outcome.problem);
        return;
      }
      const url = URL.createObjectURL(new Blob([outcome.data], { type: 'text/calendar' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `changes-${query.from.slice(0, 10)}-to-${query.to.slice(0, 10)}.ics`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
  };
  return (
    <>
      <button type="button" className="secondary" onClick={download} disabled={busy}>
        {busy ? 'Preparing the file…' : 'Download for your calendar (.ics)'}
      </button>
      {problem && <ProblemBanner problem={problem} />}
    </>
  );
}

function Freezes({ freezes, more }: { freezes: readonly Freeze[]; more: boolean }) {
  if (!freezes.length) return null;
  return (
    <section aria-labelledby="freezes-heading" className="card">
      <h2 id="freezes-heading">Change freezes in this period</h2>
      <p className="hint">Only emergency changes may be made in a freeze.</p>
      <ul className="freeze-bands">
        {freezes.map((freeze) => (
          <li key={freeze.id} className="freeze-band">
            <strong>Freeze: {freeze.name}</strong>, {formatWindow(freeze.start, freeze.end)} — {freeze.reason}
          </li>
        ))}
      </ul>
      {more && (
        <p className="hint">
          More freezes end later: <Link to="/change-freezes">see them all</Link>.
        </p>
      )}
    </section>
  );
}

function Day({ day, items, freezes }: { day: Date; items: CalendarItem[]; freezes: readonly Freeze[] }) {
  const id = `day-${dayOf(day)}`;
  const next = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
  const frozen = freezes.filter((freeze) => overlaps(freeze, day.getTime(), next.getTime()));
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>{dayName.format(day)}</h2>
      {frozen.map((freeze) => (
        <p key={freeze.id} className="freeze-band">
          In the freeze “{freeze.name}” (until {formatTime(freeze.end)})
        </p>
      ))}
      <ul aria-label={`Changes on ${dayName.format(day)}`}>
        {items.map((item) => (
          <li key={item.id}>
            <Link to={`/change-requests/${item.id}`}>{item.title}</Link> <ChangeStateBadge state={item.state} />
            <br />
            <span className="hint">
              {CLASS_LABELS[item.class]} change · window {formatWindow(item.windowStart, item.windowEnd)} · {item.assetCount}{' '}
              {item.assetCount === 1 ? 'asset' : 'assets'}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function ChangeCalendar() {
  const [search] = useSearchParams();
  const period: Period = search.get('period') === 'month' ? 'month' : 'week';
  // The day asked for: a week that straddles two months shows, as a month, the month of that day.
  const anchor = parseDay(search.get('start')) ?? new Date();
  const span = spanOf(period, anchor);
  const query = { from: span.start.toISOString(), to: span.end.toISOString() };
  const calendar = useApiData(() => readCalendar(query), [query.from, query.to]);
  // The freezes ending after the period starts; those that start before it ends are in force during it.
  const freezeList = useApiData(() => api().GET('/change-freezes', { params: { query: { from: query.from, limit: 100 } } }), [query.from]);
  const freezes = (freezeList.data?.items ?? []).filter((freeze) => freeze.status === 'active' && overlaps(freeze, span.start.getTime(), span.end.getTime()));
  const items = calendar.data?.items ?? [];
  const days = byDay(items, span);
  const other: Period = period === 'week' ? 'month' : 'week';
  return (
    <Page title="Change calendar" actions={<IcsDownload query={query} />}>
      <nav aria-label="Period" className="pager">
        <Link className="button secondary" to={address(period, moved(span, -1))}>
          Previous {period}
        </Link>
        <strong aria-live="polite">{spanTitle(span)}</strong>
        <Link className="button secondary" to={address(period, moved(span, 1))}>
          Next {period}
        </Link>
        <Link className="button secondary" to={address(period, new Date())}>
          This {period}
        </Link>
        <Link className="button secondary" to={address(other, anchor)}>
          Show the {other}
        </Link>
      </nav>
      <p className="hint">
        Authorized changes, and what their implementation made of them, whose window overlaps the period; times are local.{' '}
        <Link to="/change-freezes">Freezes</Link> · <Link to="/change-report">Report</Link>
      </p>
      <ProblemBanner problem={calendar.problem ?? freezeList.problem} />
      <Freezes freezes={freezes} more={!!freezeList.data?.nextCursor} />
      {!calendar.data && calendar.loading && <Loading what="the calendar" />}
      {calendar.data && items.length === 0 && <p className="empty">No authorized change has its window in this {period}.</p>}
      {calendar.data && items.length > 0 && (
        <>
          <p>
            <strong>{items.length}</strong> {items.length === 1 ? 'change' : 'changes'} in this {period}.
          </p>
          {days.map(({ day, items: dayItems }) => (
            <Day key={dayOf(day)} day={day} items={dayItems} freezes={freezes} />
          ))}
        </>
      )}
    </Page>
  );
}
