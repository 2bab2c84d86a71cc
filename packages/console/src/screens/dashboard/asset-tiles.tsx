// The register in figures (GET /assets/summary): one read shared by the tiles that show it. Each figure
// opens the register filtered by the listAssets query parameter that counts it (importance, type,
// reviewState, status), so the number on the tile is the number of rows the list shows.
import { createContext, use, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ASSET_STATUSES, ASSET_TYPES, IMPORTANCE_NAMES } from '@ismf/assets/rules';
import type { Schemas } from '@ismf/api-client/client';
import { api, useApiData, type ApiData } from '../../api.ts';
import { ProblemBanner } from '../../ui/problem.tsx';
import { Loading } from '../../ui/page.tsx';
import { formatDate, formatTime } from '../../ui/format.ts';
import { FigureTile, Tile } from './figures.tsx';

type Summary = Schemas['AssetSummary'];

const SummaryContext = createContext<ApiData<Summary> | undefined>(undefined);

/** Reads the summary once for all its tiles; rendered only for roles that may read it. */
export function AssetSummaryProvider({ children }: { children: ReactNode }) {
  const summary = useApiData(() => api().GET('/assets/summary'), []);
  return <SummaryContext value={summary}>{children}</SummaryContext>;
}

/** The summary, or what to show instead while it loads or when it was refused. */
function useSummary(): { summary: Summary; fallback?: undefined } | { summary?: undefined; fallback: ReactNode } {
  const read = use(SummaryContext);
  if (read?.data) return { summary: read.data };
  if (read?.problem) return { fallback: <ProblemBanner problem={read.problem} /> };
  return { fallback: <Loading what="the register's figures" /> };
}

const assets = (query: string) => `/assets?${query}`;
const COLOURS = { overdue: '#a4161a', due: '#8a5a00', current: '#1a6b34' };

export function RegisterTile() {
  const { summary, fallback } = useSummary();
  if (!summary) return <Tile title="Asset register">{fallback}</Tile>;
  return (
    <Tile title="Asset register">
      <p>
        <Link to="/assets">
          <strong>{summary.total}</strong> assets
        </Link>{' '}
        registered, <strong>{summary.statuses.active.count}</strong> of them active.
      </p>
      <dl className="facts" aria-label="Assets by status">
        {ASSET_STATUSES.map((status) => (
          <StatusFigure key={status} status={status} count={summary.statuses[status].count} />
        ))}
      </dl>
      <p className="hint">
        Counted {formatTime(summary.asOf.lastChange?.countedAt)}
        {summary.uncounted > 0 && `; ${summary.uncounted} changes await the nightly recount`}
        {summary.asOf.recount?.corrected && `; the recount of ${formatTime(summary.asOf.recount.at)} corrected ${summary.asOf.recount.differences} figures`}.
      </p>
    </Tile>
  );
}

function StatusFigure({ status, count }: { status: string; count: number }) {
  return (
    <>
      <dt>
        <Link to={assets(`status=${status}`)}>{status}</Link>
      </dt>
      <dd>{count}</dd>
    </>
  );
}

export function ImportanceTile() {
  const { summary, fallback } = useSummary();
  if (!summary) return <Tile title="Active assets by importance">{fallback}</Tile>;
  const counts = summary.statuses.active.byImportance;
  const bars = ([5, 4, 3, 2, 1] as const).map((level) => ({
    label: `${level} ${IMPORTANCE_NAMES[level]}`,
    tick: [String(level), IMPORTANCE_NAMES[level]],
    value: counts[String(level)] ?? 0,
    href: assets(`importance=${level}`),
  }));
  return <FigureTile title="Active assets by importance" bars={bars} />;
}

export function TypeTile() {
  const { summary, fallback } = useSummary();
  if (!summary) return <Tile title="Active assets by type">{fallback}</Tile>;
  const counts = summary.statuses.active.byType;
  const bars = ASSET_TYPES.map((type) => ({ label: type, value: counts[type] ?? 0, href: assets(`type=${type}`) }));
  return <FigureTile title="Active assets by type" bars={bars} horizontal />;
}

export function ReviewTile() {
  const { summary, fallback } = useSummary();
  if (!summary) return <Tile title="Asset reviews">{fallback}</Tile>;
  const states = summary.reviewStates;
  if (!states) {
    return (
      <Tile title="Asset reviews">
        <p className="empty">The review job has not counted the review states yet: they are counted daily.</p>
      </Tile>
    );
  }
  // The labels say the state; the colours only repeat it.
  const bars = [
    { label: 'overdue', value: states.overdue, href: assets('reviewState=overdue'), colour: COLOURS.overdue },
    { label: 'due within 30 days', tick: ['due within', '30 days'], value: states.dueWithin30Days, href: assets('reviewState=due'), colour: COLOURS.due },
    { label: 'current', value: states.current, href: assets('reviewState=current'), colour: COLOURS.current },
  ];
  return <FigureTile title="Asset reviews" bars={bars} note={<p className="hint">As of {formatDate(summary.asOf.reviewStates)}.</p>} />;
}
