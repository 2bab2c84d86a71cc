// What the flow engine reads from the ASL: a task's output, a caught rejection or withdrawal, a closed timeout.
import { describe, expect, it } from 'vitest';
import { readLast } from '@ismf/flows/engine';

describe('readLast', () => {
  it('reads nothing at the start of an execution', () => {
    expect(readLast(null)).toBeUndefined();
  });

  it('reads a decision or completion as SendTaskSuccess carried it', () => {
    expect(readLast({ taskId: 'T1', outcome: 'approve', by: 'u1' })).toEqual({ taskId: 'T1', outcome: 'approve', by: 'u1' });
  });

  it('reads a rejection and a withdrawal from the Catch’s Error and Cause', () => {
    const cause = JSON.stringify({ taskId: 'T2', outcome: 'reject', by: 'u2', reason: 'no' });
    expect(readLast({ Error: 'Approval.Rejected', Cause: cause })).toEqual({ taskId: 'T2', outcome: 'reject', by: 'u2', reason: 'no' });
    const withdrawn = JSON.stringify({ taskId: 'T3', outcome: 'withdrawn', by: 'u3', reason: 'later' });
    expect(readLast({ Error: 'Flow.Withdrawn', Cause: withdrawn })).toMatchObject({ taskId: 'T3', outcome: 'withdrawn' });
  });

  it('reads what CloseTimedOutTask answered', () => {
    expect(readLast({ closed: { taskId: 'T4', outcome: 'timed-out' } })).toEqual({ taskId: 'T4', outcome: 'timed-out' });
  });

  it('refuses an error the flow should never hand over', () => {
    expect(() => readLast({ Error: 'States.Runtime', Cause: 'boom' })).toThrow(/unexpected error States.Runtime/);
  });
});
