import { registry } from '@ismf/app/areas';
import { describe, expect, it } from 'vitest';
import { cronFiresAt, parseExpression } from '@ismf/events/schedule-expression';

const { jobs: scheduledJobs } = registry;

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

  it('reads each cron field into the values it names: lists, ranges, steps, month and day names, wildcards', () => {
    const weekdays = parseExpression('cron(0/15 8-17 ? * MON-FRI *)');
    if (weekdays.kind !== 'cron') throw new Error('cron expected');
    const [minutes, hours, days, months, weekdayField, years] = weekdays.fields.map((field) => [...field].sort((x, y) => x - y));
    expect(minutes).toEqual([0, 15, 30, 45]);
    expect(hours).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(days).toEqual(Array.from({ length: 31 }, (_, index) => index + 1));
    expect(months).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    expect(weekdayField).toEqual([2, 3, 4, 5, 6]); // MON=2 … FRI=6, as in Scheduler (SUN=1)
    expect(years).toHaveLength(2199 - 1970 + 1);
    const quarterly = parseExpression('cron(0 0 1 JAN,APR,JUL,OCT ? 2027)');
    if (quarterly.kind !== 'cron') throw new Error('cron expected');
    expect([...quarterly.fields[3]!]).toEqual([1, 4, 7, 10]);
    expect([...quarterly.fields[5]!]).toEqual([2027]);
  });

  it('refuses what Scheduler would refuse, saying why', () => {
    const refusals: [string, RegExp][] = [
      ['rate(1 fortnight)', /not a schedule expression: rate\(1 fortnight\)/],
      ['cron(61 * * * ? *)', /61 is outside 0-59/],
      ['cron(* * * *)', /a cron expression has 6 fields/],
      ['every hour', /not a schedule expression: every hour/],
      ['cron(0 0 32 * ? *)', /32 is outside 1-31/],
      ['cron(0 0 ? FOO ? *)', /FOO is outside 1-12/],
      ['cron(0/0 * * * ? *)', /bad step in 0\/0/],
    ];
    for (const [bad, why] of refusals) expect(() => parseExpression(bad), bad).toThrow(why);
  });

  it('knows every declared job’s expression, and when each fires', () => {
    const parsed = new Map(scheduledJobs.map((job) => [job.name, parseExpression(job.expression)]));
    expect([...parsed.keys()].sort()).toEqual([
      'advisory-pull',
      'asset-review-due',
      'asset-summary-recount',
      'change-review-due',
      'change-window-notice',
      'continue-stalled-jobs',
      'epss-refresh',
      'notification-digest',
      'patch-overdue',
      'seal-audit-digest',
    ]);
    expect(parsed.get('seal-audit-digest')).toEqual({ kind: 'rate', periodMs: 3_600_000 });
    expect(parsed.get('continue-stalled-jobs')).toEqual({ kind: 'rate', periodMs: 600_000 });
    expect(parsed.get('change-window-notice')).toEqual({ kind: 'rate', periodMs: 3_600_000 });
    expect(parsed.get('advisory-pull')).toEqual({ kind: 'rate', periodMs: 900_000 });
    // The minutes of a day (and of a leap day) at which each daily job fires, in UTC.
    const firings = (name: string, day: string) => {
      const expression = parsed.get(name)!;
      if (expression.kind !== 'cron') throw new Error(`${name}: cron expected`);
      const start = Date.parse(`${day}T00:00:00Z`);
      return Array.from({ length: 1440 }, (_, minute) => new Date(start + minute * 60_000))
        .filter((at) => cronFiresAt(expression, at))
        .map((at) => at.toISOString().slice(11, 16));
    };
    for (const day of ['2026-11-29', '2028-02-29']) {
      expect(firings('asset-review-due', day), day).toEqual(['06:00']);
      expect(firings('notification-digest', day), day).toEqual(['07:00']);
      expect(firings('change-review-due', day), day).toEqual(['06:00']);
      expect(firings('patch-overdue', day), day).toEqual(['07:00']);
      expect(firings('epss-refresh', day), day).toEqual(['05:30']);
    }
  });
});
