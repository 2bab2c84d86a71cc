import { describe, expect, it } from 'vitest';
import { cronFiresAt, parseExpression } from '@ismf/events/schedule-expression';
import { scheduledJobs } from '@ismf/events/schedules';

describe('schedule expressions', () => {
  it('reads rates', () => {
    expect(parseExpression('rate(1 hour)')).toEqual({ kind: 'rate', periodMs: 3_600_000 });
    expect(parseExpression('rate(5 minutes)')).toEqual({ kind: 'rate', periodMs: 300_000 });
    expect(parseExpression('rate(7 days)')).toEqual({ kind: 'rate', periodMs: 7 * 86_400_000 });
  });

  it('fires crons in the right UTC minutes', () => {
    const daily = parseExpression('cron(30 6 * * ? *)');
    if (daily.kind !== 'cron') throw new Error('cron expected');
    expect(cronFiresAt(daily, new Date('2026-11-29T06:30:00Z'))).toBe(true);
    expect(cronFiresAt(daily, new Date('2026-11-29T06:31:00Z'))).toBe(false);
    const weekdays = parseExpression('cron(0/15 8-17 ? * MON-FRI *)');
    if (weekdays.kind !== 'cron') throw new Error('cron expected');
    expect(cronFiresAt(weekdays, new Date('2026-11-30T08:45:00Z'))).toBe(true); // a Monday
    expect(cronFiresAt(weekdays, new Date('2026-11-29T08:45:00Z'))).toBe(false); // a Sunday
    expect(cronFiresAt(weekdays, new Date('2026-11-30T18:00:00Z'))).toBe(false);
    const quarterly = parseExpression('cron(0 0 1 JAN,APR,JUL,OCT ? *)');
    if (quarterly.kind !== 'cron') throw new Error('cron expected');
    expect(cronFiresAt(quarterly, new Date('2027-04-01T00:00:00Z'))).toBe(true);
    expect(cronFiresAt(quarterly, new Date('2027-05-01T00:00:00Z'))).toBe(false);
  });

  it('refuses what Scheduler would refuse', () => {
    for (const bad of ['rate(1 fortnight)', 'cron(61 * * * ? *)', 'cron(* * * *)', 'every hour', 'cron(0 0 32 * ? *)']) {
      expect(() => parseExpression(bad), bad).toThrow();
    }
  });

  it('knows every declared job’s expression', () => {
    for (const job of scheduledJobs) expect(() => parseExpression(job.expression)).not.toThrow();
  });
});
