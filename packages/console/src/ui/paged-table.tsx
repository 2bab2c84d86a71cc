// A list of a large register, a page at a time: the API's cursor paging, never the whole register in the
// browser. "Next" follows the API's nextCursor; "Previous" goes back through the cursors already seen.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { act, type Problem } from '../api.ts';
import { ProblemBanner } from './problem.tsx';

export interface Column<T> {
  header: string;
  cell: (item: T) => ReactNode;
  /** Row header (the record's name): tables read by screen readers name each row by it. */
  rowHeader?: boolean;
}

export interface PageAnswer<T> {
  data?: { items: T[]; nextCursor?: string };
  error?: unknown;
  response: Response;
}

export function PagedTable<T>({
  caption,
  columns,
  load,
  deps,
  rowKey,
  empty,
}: {
  caption: string;
  columns: Column<T>[];
  /** Reads one page from a cursor (undefined: the first page). */
  load: (cursor: string | undefined) => Promise<PageAnswer<T>>;
  /** When these change the list starts again from its first page (filters, sort). */
  deps: readonly unknown[];
  rowKey: (item: T) => string;
  empty: string;
}) {
  const key = JSON.stringify(deps);
  // The cursors walked so far, for this list's filters only: new filters start again from the first page.
  const [trail, setTrail] = useState<{ key: string; cursors: (string | undefined)[] }>({ key, cursors: [undefined] });
  const cursors = trail.key === key ? trail.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];
  const pageKey = JSON.stringify([key, cursor ?? null]);
  const [result, setResult] = useState<{ key: string; items?: T[]; next?: string; problem?: Problem }>();
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });
  useEffect(() => {
    let current = true;
    void act(loader.current(cursor)).then((outcome) => {
      if (!current) return;
      setResult({
        key: pageKey,
        ...(outcome.data ? { items: outcome.data.items, ...(outcome.data.nextCursor ? { next: outcome.data.nextCursor } : {}) } : {}),
        ...(outcome.problem ? { problem: outcome.problem } : {}),
      });
    });
    return () => {
      current = false;
    };
  }, [pageKey, cursor]);
  const loading = result?.key !== pageKey;
  const page = result?.items ? { items: result.items, next: result.next } : undefined;
  const problem = result?.problem;
  const move = (next: (string | undefined)[]) => setTrail({ key, cursors: next });
  return (
    <div className="paged-table" aria-busy={loading}>
      <ProblemBanner problem={problem} />
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page?.items.map((item) => (
            <tr key={rowKey(item)}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th key={column.header} scope="row">
                    {column.cell(item)}
                  </th>
                ) : (
                  <td key={column.header}>{column.cell(item)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {page && page.items.length === 0 && !loading && <p className="empty">{empty}</p>}
      {loading && <p role="status">Loading…</p>}
      <nav className="pager" aria-label={`${caption}: pages`}>
        <button type="button" disabled={cursors.length < 2 || loading} onClick={() => move(cursors.slice(0, -1))}>
          Previous
        </button>
        <span>Page {cursors.length}</span>
        <button type="button" disabled={!page?.next || loading} onClick={() => move([...cursors, page!.next])}>
          Next
        </button>
      </nav>
    </div>
  );
}
