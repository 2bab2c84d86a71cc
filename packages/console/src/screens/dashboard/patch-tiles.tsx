// The overdue patch requirements (X.1052 12.2.3 c): outstanding and past their due date, counted from the first
// page of 100 (GET /patch-requirements?overdue=true), linking the list so filtered — the address the overdue
// mail gives.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { act, api, type Problem } from '../../api.ts';
import { Loading } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { Tile } from './figures.tsx';

const TITLE = 'Overdue patches';
const OVERDUE = '/patch-requirements?overdue=true';

export function OverduePatchesTile() {
  const [read, setRead] = useState<{ count?: number; critical?: number; more?: boolean; problem?: Problem }>();
  useEffect(() => {
    let current = true;
    void act(api().GET('/patch-requirements', { params: { query: { overdue: 'true', limit: 100 } } })).then((outcome) => {
      if (!current) return;
      setRead(
        outcome.problem
          ? { problem: outcome.problem }
          : {
              count: outcome.data.items.length,
              critical: outcome.data.items.filter((requirement) => requirement.priority === 'critical').length,
              more: !!outcome.data.nextCursor,
            },
      );
    });
    return () => {
      current = false;
    };
  }, []);
  const footer = (
    <p>
      <Link to="/patch-requirements">All patch requirements</Link>
    </p>
  );
  if (read?.count === undefined) {
    return (
      <Tile title={TITLE} footer={footer}>
        {read?.problem ? <ProblemBanner problem={read.problem} /> : <Loading what="the overdue patch requirements" />}
      </Tile>
    );
  }
  const { count, critical = 0, more } = read;
  return (
    <Tile title={TITLE} footer={footer}>
      <p>
        <Link to={OVERDUE}>
          <strong>
            {count}
            {more && '+'}
          </strong>{' '}
          overdue patch {count === 1 && !more ? 'requirement' : 'requirements'}
        </Link>
        {count === 0 ? ': every outstanding patch is within its SLA' : ': outstanding past the due date'}
        {critical > 0 && (
          <>
            {' '}
            <span className="badge danger">{critical} critical</span>
          </>
        )}
      </p>
    </Tile>
  );
}
