// How a job's state and progress read, in the list and on the job's own screen.
import type { Schemas } from '@ismf/api-client/client';

export type Job = Schemas['Job'];
export const JOB_STATES = ['waiting-for-upload', 'queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
/** States a job still moves on from by itself. */
export const MOVING: readonly Job['state'][] = ['queued', 'running'];

const BADGE: Record<Job['state'], string> = {
  'waiting-for-upload': 'warn',
  queued: '',
  running: '',
  succeeded: 'ok',
  failed: 'danger',
  cancelled: 'warn',
};

export function StateBadge({ state }: { state: Job['state'] }) {
  return <span className={`badge ${BADGE[state]}`}>{state}</span>;
}

/** Percent done, when the total is known (an ended job that succeeded is whole). */
export function percentDone(job: Job): number | undefined {
  if (job.state === 'succeeded') return 100;
  const total = job.progress.rowsTotal;
  if (!total) return undefined;
  return Math.min(100, Math.floor((job.progress.rowsDone / total) * 100));
}
