// What the decision and work task screens show alike: the task's facts and the snapshot it is about.
import type { Schemas } from '@ismf/api-client/client';
import { roleName } from '../../ui/roles.ts';
import { formatTime, personName } from '../../ui/format.ts';

type Task = Schemas['TaskDetail'];

export const TASK_STATUS: Record<Task['status'], string> = {
  pending: 'open',
  approved: 'approved',
  rejected: 'rejected',
  returned: 'returned for revision',
  completed: 'completed',
  expired: 'expired',
  interrupted: 'interrupted',
  withdrawn: 'withdrawn (its subject was withdrawn)',
};

export const isOverdue = (task: Pick<Task, 'status' | 'dueAt'>) => task.status === 'pending' && new Date(task.dueAt).getTime() < Date.now();

export function TaskFacts({ task }: { task: Task }) {
  return (
    <section className="card" aria-labelledby="task-facts">
      <h2 id="task-facts">The {task.kind === 'decision' ? 'decision' : 'task'}</h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span className={`badge ${task.status === 'pending' ? 'warn' : ''}`}>{TASK_STATUS[task.status]}</span>
        </dd>
        <dt>Step</dt>
        <dd>{task.step}</dd>
        {task.kind === 'decision' ? (
          <>
            <dt>Decided by</dt>
            <dd>
              a {roleName(task.role)}
              {task.escalationLevel > 0 && ` (escalated ${task.escalationLevel}×)`}
              {task.escalationChain.length > 1 &&
                `; escalates to ${
                  task.escalationChain
                    .slice(task.escalationLevel + 1)
                    .map(roleName)
                    .join(', ') || 'no one'
                }`}
            </dd>
          </>
        ) : (
          <>
            <dt>Assigned to</dt>
            <dd>{personName(task.assigneePerson, task.assignee)}</dd>
          </>
        )}
        <dt>Requested by</dt>
        <dd>{personName(task.requestedByPerson, task.requestedBy)}</dd>
        <dt>Current version by</dt>
        <dd>{personName(task.authorPerson, task.author)}</dd>
        {task.excluded.length > 0 && (
          <>
            <dt>May not decide</dt>
            <dd>{task.excluded.map((entry) => `${personName(entry.userPerson, entry.userId)} (${entry.why})`).join('; ')}</dd>
          </>
        )}
        <dt>Opened</dt>
        <dd>{formatTime(task.openedAt)}</dd>
        <dt>Due</dt>
        <dd>
          {formatTime(task.dueAt)} {isOverdue(task) && <span className="badge danger">overdue</span>}
        </dd>
      </dl>
    </section>
  );
}

interface Returned {
  step?: string;
  by?: string;
  reason?: string;
  at?: string;
}

/** The subject as the task shows it: its reason, a revision's note and the return it answers. */
export function Snapshot({ task }: { task: Task }) {
  const snapshot = (task.snapshot ?? {}) as { reason?: unknown; revisionNote?: unknown; returned?: Returned };
  return (
    <>
      {typeof snapshot.reason === 'string' && (
        <p>
          <strong>Reason given:</strong> {snapshot.reason}
        </p>
      )}
      {typeof snapshot.revisionNote === 'string' && (
        <p>
          <strong>Revision note:</strong> {snapshot.revisionNote}
        </p>
      )}
      {snapshot.returned && (
        <p className="notice">
          <strong>Returned</strong> at the step “{snapshot.returned.step}” on {formatTime(snapshot.returned.at)}: “{snapshot.returned.reason}”
        </p>
      )}
      {task.snapshotDownload && (
        <p>
          The subject is large: <a href={task.snapshotDownload.url}>download its snapshot</a> (the link works until{' '}
          {formatTime(task.snapshotDownload.expiresAt)}).
        </p>
      )}
    </>
  );
}
