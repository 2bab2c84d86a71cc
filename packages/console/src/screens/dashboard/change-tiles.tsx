// The changes of the coming seven days (GET /change-calendar from now): how many, and the next windows to open,
// each linking its change; the calendar shows the rest.
import { useState } from 'react';
import { Link } from 'react-router';
import { useApiData } from '../../api.ts';
import { ProblemBanner } from '../../ui/problem.tsx';
import { Loading } from '../../ui/page.tsx';
import { ChangeStateBadge, formatWindow, readCalendar } from '../change/management-parts.tsx';
import { Tile } from './figures.tsx';

const DAYS = 7;
const NEXT = 3;

export function ChangesThisWeekTile() {
  // The span is fixed when the tile is drawn: a new one on every render would read for ever.
  const [span] = useState(() => {
    const now = Date.now();
    return { from: new Date(now).toISOString(), to: new Date(now + DAYS * 86_400_000).toISOString() };
  });
  const calendar = useApiData(() => readCalendar(span), [span.from]);
  const items = calendar.data?.items ?? [];
  return (
    <Tile title="Changes this week" footer={<Link to="/change-calendar">The change calendar</Link>}>
      <ProblemBanner problem={calendar.problem} />
      {!calendar.data && !calendar.problem && <Loading what="the coming changes" />}
      {calendar.data && (
        <>
          <p>
            <strong>{items.length}</strong> {items.length === 1 ? 'change has its window' : 'changes have their window'} in the next {DAYS} days.
          </p>
          {items.length === 0 ? (
            <p className="empty">No authorized change is planned for the coming week.</p>
          ) : (
            <ol aria-label={`The next ${Math.min(NEXT, items.length)} windows`}>
              {items.slice(0, NEXT).map((item) => (
                <li key={item.id}>
                  <Link to={`/change-requests/${item.id}`}>{item.title}</Link> <ChangeStateBadge state={item.state} />{' '}
                  <span className="hint">{formatWindow(item.windowStart, item.windowEnd)}</span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </Tile>
  );
}
