// A bar chart over chart.js, for figures people would rather see than read. Loaded lazily (its default
// export is for React.lazy) so chart.js stays out of the first page's JavaScript, and only the bar
// controller, its element, scales and tooltip are registered, so the rest of chart.js is shaken out.
// The canvas is an image named by its numbers; every bar is also a link in the list beside it, so nothing
// is told by colour only and a keyboard reaches what a click on a bar opens.
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface Bar {
  label: string;
  /** The label under the bar, in lines, when the label is too long for it. */
  tick?: string[];
  value: number;
  /** Where a click on the bar goes (its filtered list). */
  href?: string;
  /** A colour that only repeats what the label says (e.g. overdue in red). */
  colour?: string;
}

const BRAND = '#0b4f8a';

/** The chart's text alternative: its title and every bar's number. */
export const describeBars = (title: string, bars: readonly Bar[]) => `${title}: ${bars.map((bar) => `${bar.label} ${bar.value}`).join(', ')}`;

export default function BarChart({ title, bars, horizontal = false }: { title: string; bars: readonly Bar[]; horizontal?: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const navigate = useNavigate();
  const shape = JSON.stringify(bars);
  const go = useRef(navigate);
  useEffect(() => {
    go.current = navigate;
  });
  useEffect(() => {
    if (!canvas.current) return;
    const drawn = JSON.parse(shape) as Bar[];
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: drawn.map((bar) => bar.tick ?? bar.label),
        datasets: [{ label: title, data: drawn.map((bar) => bar.value), backgroundColor: drawn.map((bar) => bar.colour ?? BRAND), borderRadius: 3 }],
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        // No animation: it distracts, and it would photograph half-drawn.
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        scales: {
          x: { ticks: { color: '#1b1f24', precision: 0, maxRotation: 0, autoSkip: false }, grid: { display: horizontal } },
          y: { ticks: { color: '#1b1f24', precision: 0 }, grid: { display: !horizontal }, beginAtZero: true },
        },
        plugins: { tooltip: { enabled: true } },
        onClick: (_event, elements) => {
          const href = drawn[elements[0]?.index ?? -1]?.href;
          if (href) void go.current(href);
        },
        onHover: (event, elements) => {
          const target = event.native?.target as HTMLElement | undefined;
          if (target) target.style.cursor = elements.length && drawn[elements[0]!.index]?.href ? 'pointer' : 'default';
        },
      },
    });
    return () => chart.destroy();
  }, [shape, title, horizontal]);
  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={describeBars(title, bars)} />
    </div>
  );
}
