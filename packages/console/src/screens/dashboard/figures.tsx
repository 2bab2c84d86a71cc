// A tile of figures: its heading, a chart (chart.js, loaded only when a tile draws one) and the same figures
// as links to the lists they count, so each figure reads as text and opens its filtered list by keyboard.
import { lazy, Suspense, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { Bar } from '../../ui/chart.tsx';

const BarChart = lazy(() => import('../../ui/chart.tsx'));

export function Tile({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  const id = `tile-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className="card" aria-labelledby={id}>
      {/* The card's own padding is the space above the heading. */}
      <h2 id={id} style={{ marginTop: 0 }}>
        {title}
      </h2>
      {children}
      {footer}
    </section>
  );
}

export function FigureTile({
  title,
  bars,
  note,
  horizontal,
  lead,
}: {
  title: string;
  bars: readonly Bar[];
  note?: ReactNode;
  horizontal?: boolean;
  /** What the figures add up to, said before them. */
  lead?: ReactNode;
}) {
  return (
    <Tile title={title} footer={note}>
      {lead}
      <Suspense fallback={<div className="chart-box" />}>
        <BarChart title={title} bars={bars} {...(horizontal ? { horizontal } : {})} />
      </Suspense>
      <dl className="facts" aria-label={`${title}: figures`}>
        {bars.map((bar) => (
          <Figure key={bar.label} bar={bar} />
        ))}
      </dl>
    </Tile>
  );
}

function Figure({ bar }: { bar: Bar }) {
  return (
    <>
      <dt>{bar.href ? <Link to={bar.href}>{bar.label}</Link> : bar.label}</dt>
      <dd>{bar.value}</dd>
    </>
  );
}
