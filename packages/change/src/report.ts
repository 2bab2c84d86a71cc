// (f) How changes went, per class, over a period of windows: how many were implemented, partly implemented,
// rolled back or failed their review, the success rate, and the time from request to implementation. Read
// from the calendar index (authorized changes by window start), a page at a time: only the period's changes.
import { problems } from '@ismf/core/problems';
import { queryPatternPage } from '@ismf/store/entities';
import { changeRequestEntity, type ChangeRequestData } from './entities.ts';
import { CHANGE_CLASSES, instant, type ChangeClass } from './rules.ts';

export const MAX_REPORT_DAYS = 366;
const PAGE = 500;

export interface ClassFigures {
  /** Authorized, not implemented yet. */
  authorized: number;
  implemented: number;
  partlyImplemented: number;
  rolledBack: number;
  /** Implemented, then found not effective (or, an emergency change, failing its after-the-fact test). */
  failed: number;
  /** Implemented ones whose review is recorded. */
  reviewed: number;
  /** Implemented ones whose review is past due and not recorded. */
  reviewOverdue: number;
  implementedOutsideWindow: number;
  /** Fully implemented and not failed, of all implementation attempts; absent without any. */
  successRate?: number;
  /** From the request to the end of its implementation, in hours (implementations recorded as ending before their request left out). */
  meanHoursToImplement?: number;
}

const empty = (): ClassFigures => ({
  authorized: 0,
  implemented: 0,
  partlyImplemented: 0,
  rolledBack: 0,
  failed: 0,
  reviewed: 0,
  reviewOverdue: 0,
  implementedOutsideWindow: 0,
});

export async function changeReport(tenantId: string, fromGiven: string, toGiven: string, now = new Date().toISOString()) {
  const from = instant(fromGiven);
  const to = instant(toGiven);
  if (to <= from) throw problems.invalid('the period ends after it starts', [{ path: 'query.to', message: 'after from' }]);
  if (Date.parse(to) - Date.parse(from) > MAX_REPORT_DAYS * 86_400_000) {
    throw problems.invalid(`a report covers at most ${MAX_REPORT_DAYS} days`, [{ path: 'query.to', message: `at most ${MAX_REPORT_DAYS} days after from` }]);
  }
  const figures = Object.fromEntries(CHANGE_CLASSES.map((each) => [each, empty()])) as Record<ChangeClass, ClassFigures>;
  const hours = Object.fromEntries(CHANGE_CLASSES.map((each) => [each, [] as number[]])) as Record<ChangeClass, number[]>;
  let cursor: string | undefined;
  do {
    const page = await queryPatternPage(
      changeRequestEntity,
      'calendar',
      tenantId,
      {},
      { page: { limit: PAGE, ...(cursor ? { cursor } : {}) }, from: { windowStart: from }, before: { windowStart: to } },
    );
    for (const { data, createdAt } of page.items) count(figures[data.class], hours[data.class], data, createdAt, now);
    cursor = page.nextCursor;
  } while (cursor);
  for (const each of CHANGE_CLASSES) {
    const row = figures[each];
    const attempts = row.implemented + row.partlyImplemented + row.rolledBack + row.failed;
    if (attempts) row.successRate = Math.round((row.implemented / attempts) * 1000) / 1000;
    if (hours[each].length) row.meanHoursToImplement = Math.round((hours[each].reduce((sum, value) => sum + value, 0) / hours[each].length) * 10) / 10;
  }
  return { from, to, classes: figures };
}

function count(row: ClassFigures, hours: number[], data: ChangeRequestData, createdAt: string, now: string) {
  const implementation = data.implementation as { end: string; outsideWindow: boolean } | undefined;
  switch (data.state) {
    case 'authorized':
      row.authorized++;
      return;
    case 'implemented':
      row.implemented++;
      break;
    case 'partly-implemented':
      row.partlyImplemented++;
      break;
    case 'rolled-back':
      row.rolledBack++;
      break;
    case 'failed':
      row.failed++;
      break;
    default:
      return;
  }
  if (!implementation) return;
  if (implementation.outsideWindow) row.implementedOutsideWindow++;
  if (data.review) row.reviewed++;
  else if (data.reviewDueAt && data.reviewDueAt < now) row.reviewOverdue++;
  // An implementation recorded as ending before the request was made (a change done first and recorded later)
  // has no time to implement: it is left out of the mean rather than pulling it below zero.
  const taken = (Date.parse(implementation.end) - Date.parse(createdAt)) / 3_600_000;
  if (taken >= 0) hours.push(taken);
}
