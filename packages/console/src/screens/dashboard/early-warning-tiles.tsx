// The advisories of the past seven days (GET /advisories from a week ago): how many were published, by
// severity, each figure opening the register filtered so; and, for those who read the deliveries, the
// deliveries of the week that were rejected or partly accepted and need a look. And for everyone, the way to
// report a security weakness (X.1051 13.1.2), with, for those who triage, how many reports await it. And the
// open early warnings by priority (X.1052 12.2.1 b), from their first page of 100 (GET /early-warnings).
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { act, api, type Problem } from '../../api.ts';
import { ProblemBanner } from '../../ui/problem.tsx';
import { Loading } from '../../ui/page.tsx';
import { SEVERITY_LABELS, SEVERITY_ORDER, useKeeper, useMay, type Advisory, type Severity } from '../early-warning/parts.tsx';
import { useOverseer } from '../early-warning/weakness-parts.tsx';
import { PRIORITY_LABELS } from '../early-warning/priority-parts.tsx';
import { PRIORITIES, type Priority } from '@ismf/early-warning/rules';
import { FigureTile, Tile } from './figures.tsx';

const DAYS = 7;
/** The register is read a page of 100 at a time: at most this many pages for the tile. */
const PAGES = 5;
const TITLE = 'Advisories this week';
// The labels say the severity; the colours only repeat it (the badges' colours).
const COLOURS: Record<Severity, string> = { critical: '#a4161a', high: '#b45309', medium: '#8a5a00', low: '#0b4f8a', none: '#4b5563' };

interface Week {
  counts: Record<Severity, number>;
  unscored: number;
  known: number;
  total: number;
  /** More advisories than the tile reads: the figures are a floor. */
  more: boolean;
}

async function readWeek(from: string): Promise<{ week?: Week; problem?: Problem }> {
  const week: Week = { counts: { critical: 0, high: 0, medium: 0, low: 0, none: 0 }, unscored: 0, known: 0, total: 0, more: false };
  let cursor: string | undefined;
  for (let page = 0; page < PAGES; page++) {
    const outcome = await act(api().GET('/advisories', { params: { query: { publishedFrom: from, limit: 100, ...(cursor ? { cursor } : {}) } } }));
    if (outcome.problem) return { problem: outcome.problem };
    for (const advisory of outcome.data.items as Advisory[]) {
      week.total++;
      if (advisory.severity) week.counts[advisory.severity]++;
      else week.unscored++;
      if (advisory.kev) week.known++;
    }
    cursor = outcome.data.nextCursor;
    if (!cursor) return { week };
  }
  return { week: { ...week, more: true } };
}

/** The deliveries of the span in a state that needs a look (newest first: the first page holds the week's). */
async function readNeedingALook(from: string): Promise<{ rejected?: number; partly?: number; problem?: Problem }> {
  const [rejected, partly] = await Promise.all(
    (['rejected', 'partly-accepted'] as const).map((state) => act(api().GET('/advisory-deliveries', { params: { query: { state, limit: 100 } } }))),
  );
  const problem = rejected!.problem ?? partly!.problem;
  if (problem) return { problem };
  const since = (items: { receivedAt: string }[] | undefined) => (items ?? []).filter((delivery) => delivery.receivedAt >= from).length;
  return { rejected: since(rejected!.data?.items), partly: since(partly!.data?.items) };
}

function NeedingALook({ from }: { from: string }) {
  const [read, setRead] = useState<{ rejected?: number; partly?: number; problem?: Problem }>();
  useEffect(() => {
    let current = true;
    void readNeedingALook(from).then((result) => {
      if (current) setRead(result);
    });
    return () => {
      current = false;
    };
  }, [from]);
  if (!read) return <Loading what="the rejected deliveries" />;
  if (read.problem) return <ProblemBanner problem={read.problem} />;
  const { rejected = 0, partly = 0 } = read;
  if (!rejected && !partly) return <p className="hint">No delivery was rejected in the last {DAYS} days.</p>;
  return (
    <p>
      Deliveries needing a look:{' '}
      <Link to="/advisory-deliveries?state=rejected">
        <strong>{rejected}</strong> rejected
      </Link>
      ,{' '}
      <Link to="/advisory-deliveries?state=partly-accepted">
        <strong>{partly}</strong> partly accepted
      </Link>{' '}
      in the last {DAYS} days.
    </p>
  );
}

export function AdvisoriesThisWeekTile() {
  const mayDeliveries = useMay('listAdvisoryDeliveries');
  // The span is fixed when the tile is drawn: a new one on every render would read for ever.
  const [from] = useState(() => new Date(Date.now() - DAYS * 86_400_000).toISOString());
  const [read, setRead] = useState<{ week?: Week; problem?: Problem }>();
  useEffect(() => {
    let current = true;
    void readWeek(from).then((result) => {
      if (current) setRead(result);
    });
    return () => {
      current = false;
    };
  }, [from]);
  const footer = (
    <>
      {mayDeliveries && <NeedingALook from={from} />}
      <p>
        <Link to="/advisories">All advisories</Link>
      </p>
    </>
  );
  if (!read?.week) {
    return (
      <Tile title={TITLE} footer={footer}>
        {read?.problem ? <ProblemBanner problem={read.problem} /> : <Loading what="the week’s advisories" />}
      </Tile>
    );
  }
  const { week } = read;
  const filtered = (query: string) => `/advisories?${query}&publishedFrom=${encodeURIComponent(from)}`;
  const bars = SEVERITY_ORDER.map((severity) => ({
    label: SEVERITY_LABELS[severity],
    value: week.counts[severity],
    href: filtered(`severity=${severity}`),
    colour: COLOURS[severity],
  }));
  const lead = (
    <p>
      <Link to={filtered('').replace('?&', '?')}>
        <strong>
          {week.total}
          {week.more && '+'}
        </strong>{' '}
        new {week.total === 1 ? 'advisory' : 'advisories'}
      </Link>{' '}
      published in the last {DAYS} days
      {week.known > 0 && (
        <>
          , <span className="badge danger">{week.known} known exploited</span>
        </>
      )}
      {week.unscored > 0 && `; ${week.unscored} not scored`}.
    </p>
  );
  return <FigureTile title={TITLE} bars={bars} lead={lead} note={footer} />;
}

/** The reports awaiting triage (the first page of 100 is enough for a tile). */
function AwaitingTriage() {
  const [read, setRead] = useState<{ count?: number; more?: boolean; problem?: Problem }>();
  useEffect(() => {
    let current = true;
    void act(api().GET('/weakness-reports', { params: { query: { state: 'reported', limit: 100 } } })).then((outcome) => {
      if (current) setRead(outcome.problem ? { problem: outcome.problem } : { count: outcome.data.items.length, more: !!outcome.data.nextCursor });
    });
    return () => {
      current = false;
    };
  }, []);
  if (!read) return <Loading what="the reports awaiting triage" />;
  if (read.problem) return <ProblemBanner problem={read.problem} />;
  return (
    <p>
      <Link to="/weakness-reports?state=reported">
        <strong>
          {read.count}
          {read.more && '+'}
        </strong>{' '}
        {read.count === 1 ? 'report awaits' : 'reports await'} triage
      </Link>
      {read.count ? <span className="badge warn">to triage</span> : null}
    </p>
  );
}

export function WeaknessTile() {
  const triager = useKeeper();
  const overseer = useOverseer();
  return (
    <Tile
      title="Security weaknesses"
      footer={
        <p>
          <Link to="/weakness-reports">{overseer ? 'All weakness reports' : 'My weakness reports'}</Link>
        </p>
      }
    >
      <p>Seen something that could be a security weakness? Report it, even when unsure: a security officer looks at every report.</p>
      <p>
        <Link className="button" to="/weakness-reports/new">
          Report a weakness
        </Link>
      </p>
      {triager && <AwaitingTriage />}
    </Tile>
  );
}

const OPEN_TITLE = 'Open early warnings by priority';
// The labels say the priority; the colours only repeat it (the badges' colours).
const PRIORITY_COLOURS: Record<Priority, string> = { critical: '#a4161a', high: '#9a3412', medium: '#8a5a00', low: '#0b4f8a' };

interface OpenWarnings {
  counts: Record<Priority, number>;
  total: number;
  /** More than the first page: the figures are a floor. */
  more: boolean;
}

/** The open early warnings, counted by priority from the first page of 100 (critical first: the urgent ones are all there). */
export function OpenEarlyWarningsTile() {
  const [read, setRead] = useState<{ open?: OpenWarnings; problem?: Problem }>();
  useEffect(() => {
    let current = true;
    void act(api().GET('/early-warnings', { params: { query: { state: 'open', limit: 100 } } })).then((outcome) => {
      if (!current) return;
      if (outcome.problem) {
        setRead({ problem: outcome.problem });
        return;
      }
      const counts: Record<Priority, number> = { critical: 0, high: 0, medium: 0, low: 0 };
      for (const warning of outcome.data.items) if (warning.priority) counts[warning.priority]++;
      setRead({ open: { counts, total: outcome.data.items.length, more: !!outcome.data.nextCursor } });
    });
    return () => {
      current = false;
    };
  }, []);
  const footer = (
    <p>
      <Link to="/early-warnings">All early warnings</Link>
    </p>
  );
  if (!read?.open) {
    return (
      <Tile title={OPEN_TITLE} footer={footer}>
        {read?.problem ? <ProblemBanner problem={read.problem} /> : <Loading what="the open early warnings" />}
      </Tile>
    );
  }
  const { open } = read;
  const bars = PRIORITIES.map((priority) => ({
    label: PRIORITY_LABELS[priority],
    value: open.counts[priority],
    href: `/early-warnings?state=open&priority=${priority}`,
    colour: PRIORITY_COLOURS[priority],
  }));
  const lead = (
    <p>
      <Link to="/early-warnings?state=open">
        <strong>{open.more ? '100+' : open.total}</strong> open early {open.total === 1 && !open.more ? 'warning' : 'warnings'}
      </Link>
      {open.total === 0 ? ': no advisory hits your assets' : open.total === 1 && !open.more ? ' hits your assets' : ' hit your assets'}
      {open.counts.critical > 0 && (
        <>
          {' '}
          <span className="badge danger">{open.counts.critical} critical</span>
        </>
      )}
      {open.more && <span className="hint"> (the figures count the 100 most urgent)</span>}
    </p>
  );
  return <FigureTile title={OPEN_TITLE} bars={bars} lead={lead} note={footer} />;
}
