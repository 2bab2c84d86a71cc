// What the person owes (GET /me/tasks) and the latest decisions on the asset policy (GET /asset-policy-changes).
import { Link } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import { api, useApiData } from '../../api.ts';
import { ProblemBanner } from '../../ui/problem.tsx';
import { Loading } from '../../ui/page.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { Tile } from './figures.tsx';

const SOONEST = 5;

export function MyTasksTile() {
  const tasks = useApiData(() => api().GET('/me/tasks'), []);
  const items = tasks.data?.items ?? [];
  const overdue = items.filter((item) => item.overdue).length;
  return (
    <Tile title="My open tasks" footer={<Link to="/tasks">All my tasks</Link>}>
      <ProblemBanner problem={tasks.problem} />
      {!tasks.data && !tasks.problem && <Loading what="your tasks" />}
      {tasks.data && (
        <>
          <p>
            <strong>{items.length}</strong> open
            {overdue > 0 && (
              <>
                , <span className="badge danger">{overdue} overdue</span>
              </>
            )}
            {tasks.data.teamOverdue && tasks.data.teamOverdue.length > 0 && <>; your team owes {tasks.data.teamOverdue.length} overdue</>}
          </p>
          {items.length === 0 ? (
            <p className="empty">Nothing waits for you.</p>
          ) : (
            <ol aria-label={`The ${Math.min(SOONEST, items.length)} due soonest`}>
              {items.slice(0, SOONEST).map((item) => (
                <li key={item.id}>
                  <Link to={item.link}>{item.title}</Link> <span className="hint">due {formatTime(item.dueAt)}</span>
                  {item.overdue && <span className="badge danger">overdue</span>}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </Tile>
  );
}

type Change = Schemas['AssetPolicyChange'];
const LATEST = 5;

/** The latest changes: the first page of the list newest first. */
const latestChanges = () => api().GET('/asset-policy-changes', { params: { query: { limit: LATEST, sort: '-submitted' } } });

const STATUS_BADGE: Record<Change['status'], string> = {
  'pending-approval': 'warn',
  returned: 'warn',
  approved: 'ok',
  rejected: 'danger',
  expired: 'danger',
  interrupted: 'danger',
  superseded: '',
  withdrawn: '',
};

export function DecisionsTile() {
  const changes = useApiData(latestChanges, []);
  return (
    <Tile title="Recent policy decisions" footer={<Link to="/asset-policy">The asset policy</Link>}>
      <ProblemBanner problem={changes.problem} />
      {!changes.data && !changes.problem && <Loading what="the latest policy changes" />}
      {changes.data?.items.length === 0 && <p className="empty">No change of the asset policy has been proposed.</p>}
      {changes.data && changes.data.items.length > 0 && (
        <ul aria-label="Latest asset policy changes">
          {changes.data.items.map((change) => (
            <li key={change.id}>
              <Link to={`/asset-policy-changes/${change.id}`}>{change.reason}</Link>{' '}
              <span className={`badge ${STATUS_BADGE[change.status]}`}>{change.status}</span>{' '}
              <span className="hint">
                by {personName(change.requestedByPerson, change.requestedBy)}, {formatTime(change.updatedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Tile>
  );
}
