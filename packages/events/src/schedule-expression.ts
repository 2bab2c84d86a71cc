// EventBridge Scheduler expressions, for the local scheduler: rate(value unit) and
// cron(minutes hours day-of-month month day-of-week year), in UTC.

export type Expression = { kind: 'rate'; periodMs: number } | { kind: 'cron'; fields: Set<number>[] };

const UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
// [min, max, names offset by min] per cron field.
const FIELDS: [number, number, string[]?][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12, MONTHS],
  [1, 7, DAYS],
  [1970, 2199],
];

function parseField(text: string, [min, max, names]: [number, number, string[]?]): Set<number> {
  const values = new Set<number>();
  const value = (token: string) => {
    const named = names?.indexOf(token.toUpperCase()) ?? -1;
    const number = named >= 0 ? named + min : Number(token);
    if (!Number.isInteger(number) || number < min || number > max) throw new Error(`${token} is outside ${min}-${max}`);
    return number;
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad step in ${part}`);
    let [from, to] = [min, max];
    if (range !== '*' && range !== '?') {
      const [start, end] = range!.split('-');
      from = value(start!);
      to = end === undefined ? (stepText === undefined ? from : max) : value(end);
    }
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return values;
}

export function parseExpression(expression: string): Expression {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (rate) return { kind: 'rate', periodMs: Number(rate[1]) * UNITS[rate[2]!]! };
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (cron) {
    const parts = cron[1]!.trim().split(/\s+/);
    if (parts.length !== 6) throw new Error(`a cron expression has 6 fields: ${expression}`);
    return { kind: 'cron', fields: parts.map((part, index) => parseField(part, FIELDS[index]!)) };
  }
  throw new Error(`not a schedule expression: ${expression}`);
}

/** Whether a cron expression fires in the UTC minute of `at`. */
export function cronFiresAt(expression: Expression & { kind: 'cron' }, at: Date): boolean {
  const [minutes, hours, days, months, weekdays, years] = expression.fields;
  return (
    minutes!.has(at.getUTCMinutes()) &&
    hours!.has(at.getUTCHours()) &&
    days!.has(at.getUTCDate()) &&
    months!.has(at.getUTCMonth() + 1) &&
    weekdays!.has(at.getUTCDay() + 1) &&
    years!.has(at.getUTCFullYear())
  );
}
