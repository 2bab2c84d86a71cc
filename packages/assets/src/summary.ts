// The register in figures (X.1052 10.2 c–e; GET /assets/summary): how many assets per status, and within
// each status per type, importance and classification; and how many active assets are overdue for review,
// due within 30 days, or current. One aggregate record per tenant, so that the read is one GetItem at any
// register size. It is kept three ways:
// - Changes. The asset events carry what is counted, as it is and (when a counted field changed) as it
//   was (`countedChange`). The `countAssetChanges` consumer sums a batch of events into one set of
//   increments and applies them in ONE UpdateItem (ADD), in one transaction with a marker per event (the
//   store's `countOnce`), so a redelivered event is never counted twice. Increments commute: events may
//   arrive in any order.
// - The calendar. Review states change as days pass, without any event: the daily review job recounts
//   them for its day from the due list (`recountReviewStates`). Between two runs, a change moves an asset
//   between states as of that day (the update is conditional on the record's review day).
// - The nightly recount (`recountSummary`) pages through the whole register, writes the true figures
//   and reports the drift. It writes only if no change was counted while it read (the record's version);
//   else it reads again (a few times), and otherwise reports without correcting.
// The one case neither guard sees: a change committed before a recount read its asset but counted after
// the recount wrote (its event was still on its way) is counted twice; the next recount corrects it and
// reports it as drift.
import { notificationRequested } from '@ismf/events/notification-requested';
import { countOnce, setIfAbsent, type CountRequest, type Increment } from '@ismf/store/counters';
import { getEntity, queryPattern, queryPatternPage } from '@ismf/store/entities';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { assetEntity, assetSummaryCountEntity, assetSummaryEntity } from './entities.ts';
import { ASSET_STATUSES, statusOf, type AssetData, type AssetStatus } from './rules.ts';
import { pause, type Backoff } from '@ismf/core/backoff';

/** The one summary record of a tenant. */
export const SUMMARY_ID = 'register';
export const REVIEW_STATES = ['overdue', 'dueWithin30Days', 'current'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
/** Due within this many days (today included): `dueWithin30Days`. */
export const DUE_SOON_DAYS = 30;
/** The notification kind of a recount that found the figures off. */
export const SUMMARY_DRIFT_NOTIFICATION = 'asset-summary-drift';

export interface Breakdown {
  count: number;
  byType: Record<string, number>;
  byImportance: Record<string, number>;
  byClassification: Record<string, number>;
}

/** One figure the recount found off: where (a JSON Pointer into the summary), as stored, as counted. */
export interface Drift {
  figure: string;
  stored: number;
  counted: number;
}

export interface RecountReport {
  at: string;
  /** Assets read. */
  examined: number;
  /** Figures that were off (the first 50 are listed in `drift`). */
  differences: number;
  drift: Drift[];
  /** Whether figures were off and the recount set them right. */
  corrected: boolean;
}

export interface AssetSummaryData {
  [key: string]: unknown;
  statuses: Record<string, Breakdown>;
  reviewStates: Record<ReviewState, number>;
  /** The day (UTC) the review states are as of. */
  reviewDay?: string;
  /** The change counted last: when it happened, and when it was counted. */
  lastChange?: { occurredAt: string; countedAt: string };
  /** Changes since the last recount that could not be counted (events without the counted fields). */
  uncounted: number;
  recount?: RecountReport;
}

const emptyBreakdown = (): Breakdown => ({ count: 0, byType: {}, byImportance: {}, byClassification: {} });

export function emptySummary(reviewDay?: string): AssetSummaryData {
  return {
    statuses: Object.fromEntries(ASSET_STATUSES.map((status) => [status, emptyBreakdown()])),
    reviewStates: { overdue: 0, dueWithin30Days: 0, current: 0 },
    ...(reviewDay ? { reviewDay } : {}),
    uncounted: 0,
  };
}

// ---- what is counted, and where ----

/** What the summary counts an asset by. */
export interface CountedState {
  type: string;
  importance: number;
  classification: string;
  status: AssetStatus;
  nextReviewDue: string;
}

export const countedState = (data: AssetData): CountedState => ({
  type: data.type,
  importance: data.importance,
  classification: data.classification,
  status: statusOf(data),
  nextReviewDue: data.nextReviewDue,
});

const sameState = (a: CountedState, b: CountedState) =>
  a.type === b.type && a.importance === b.importance && a.classification === b.classification && a.status === b.status && a.nextReviewDue === b.nextReviewDue;

/**
 * The fields an asset event carries for the summary (spread into the event's data): the counted fields
 * as they are, and, when one of them changed, `previous` — what the summary counted the asset as.
 */
export function countedChange(after: AssetData, before?: AssetData) {
  const now = countedState(after);
  const was = before ? countedState(before) : undefined;
  return {
    classification: now.classification,
    status: now.status,
    nextReviewDue: now.nextReviewDue,
    ...(was && !sameState(was, now) ? { previous: was } : {}),
  };
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);
const addDays = (day: string, days: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

/** An active asset's review state on a day: overdue (due before it), due within 30 days (it included), or current. */
export function reviewStateOf(nextReviewDue: string, day: string): ReviewState {
  if (nextReviewDue < day) return 'overdue';
  return nextReviewDue <= addDays(day, DUE_SOON_DAYS) ? 'dueWithin30Days' : 'current';
}

type Path = readonly string[];

/** The figures one asset adds to: its status's count, type, importance and classification; its review state if active. */
function figuresOf(state: CountedState, reviewDay: string | undefined): Path[] {
  const status = ['statuses', state.status];
  const paths: Path[] = [
    [...status, 'count'],
    [...status, 'byType', state.type],
    [...status, 'byImportance', String(state.importance)],
    [...status, 'byClassification', state.classification],
  ];
  if (state.status === 'active' && reviewDay) paths.push(['reviewStates', reviewStateOf(state.nextReviewDue, reviewDay)]);
  return paths;
}

/** A JSON Pointer (RFC 6901) to a figure: how drift names it. */
const pointer = (path: Path) => `/${path.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

type Increments = Map<string, { path: Path; by: number }>;

function increment(increments: Increments, path: Path, by: number): void {
  const key = pointer(path);
  const found = increments.get(key);
  if (found) found.by += by;
  else increments.set(key, { path, by });
}

// ---- counting changes (the consumer) ----

/** An asset event as the consumer hands it over. */
export interface CountableEvent {
  eventId: string;
  detailType: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

function stateAfter(data: Record<string, unknown>): CountedState | undefined {
  const { type, importance, classification, status, nextReviewDue } = data;
  if (typeof type !== 'string' || typeof importance !== 'number' || typeof classification !== 'string') return undefined;
  if (typeof status !== 'string' || typeof nextReviewDue !== 'string') return undefined;
  return { type, importance, classification, status: status as AssetStatus, nextReviewDue };
}

/** Where an asset stands for the review states: its due date while active, nowhere otherwise. */
const reviewKey = (state: CountedState | undefined) => (state?.status === 'active' ? state.nextReviewDue : undefined);

/**
 * A batch of events summed up: one increment per figure (figures that even out are left out), the events
 * that carry too little to count, and whether the sum depends on the review day (an active asset entered,
 * left or moved its due date).
 */
export function sumChanges(events: readonly CountableEvent[], reviewDay: string | undefined) {
  const increments: Increments = new Map();
  let uncounted = 0;
  let needsReviewDay = false;
  for (const event of events) {
    const after = stateAfter(event.data);
    const registered = event.detailType === 'AssetRegistered';
    const before = registered ? undefined : (event.data.previous as CountedState | undefined);
    if (!after || (!registered && !before)) {
      uncounted++;
      continue;
    }
    for (const path of figuresOf(after, reviewDay)) increment(increments, path, 1);
    if (before) for (const path of figuresOf(before, reviewDay)) increment(increments, path, -1);
    if (reviewKey(after) !== reviewKey(before)) needsReviewDay = true;
  }
  for (const [key, { by }] of increments) if (by === 0) increments.delete(key);
  return { increments, uncounted, needsReviewDay };
}

const SYSTEM: WriteContext = { actor: { userId: 'system:countAssetChanges', roles: [] }, operation: 'countAssetChanges' };
/** Markers outlive every redelivery: EventBridge retries for at most 24 hours, a replayed dead letter within days. */
const MARKER_SECONDS = 8 * 86_400;
/** A transaction holds 100 items: the summary and a marker per event. */
const EVENTS_PER_WRITE = 99;
const ATTEMPTS = 15;

/** Conflicts on the one summary record: many writers, so a longer jittered backoff than a single write's. */
const SUMMARY_BACKOFF: Backoff = { baseMs: 10, capMs: 1_000, attempts: ATTEMPTS };

type MarkerData = { eventId: string; detailType: string };

/**
 * The count of a batch: one ADD per figure (and the changes that could not be counted), when it happened,
 * a marker per event; conditional on the record's review day when the sum depends on it.
 */
function counting(
  sum: ReturnType<typeof sumChanges>,
  pending: readonly CountableEvent[],
  reviewDay: string | null,
  lastChange: { occurredAt: string; countedAt: string },
  together?: string,
): CountRequest<MarkerData> {
  const increments: Increment[] = [...sum.increments.values()];
  if (sum.uncounted) increments.push({ path: ['uncounted'], by: sum.uncounted });
  const detailTypes = new Map(together ? [[together, 'AssetRegistered']] : pending.map((event) => [event.eventId, event.detailType]));
  return {
    increments,
    set: { lastChange },
    ...(sum.needsReviewDay ? { require: reviewDay ? { equals: { path: ['reviewDay'], value: reviewDay } } : { absent: ['reviewDay'] } } : {}),
    markers: {
      model: assetSummaryCountEntity,
      ids: together ? [together] : pending.map((event) => event.eventId),
      ttlSeconds: MARKER_SECONDS,
      data: (eventId) => ({ eventId, detailType: detailTypes.get(eventId)! }),
    },
    at: lastChange.countedAt,
  };
}

/**
 * Makes sure the summary record exists with a breakdown for every status, and answers its review day
 * (null: none yet). A tenant's first change creates it empty, as of today; a register that existed before
 * the summary did is counted right by the nightly recount.
 */
async function prepareSummary(tenantId: string, now: Date): Promise<string | null> {
  const stored = await summaryRecord(tenantId);
  if (!stored) {
    const work = new UnitOfWork({ ...SYSTEM, now });
    work.create(assetSummaryEntity, tenantId, SUMMARY_ID, emptySummary(utcDay(now)));
    try {
      await work.commit();
      return utcDay(now);
    } catch (error) {
      if ((error as { status?: number }).status !== 409) throw error;
      return prepareSummary(tenantId, now);
    }
  }
  const missing = ASSET_STATUSES.filter((status) => !stored.data.statuses?.[status]);
  if (missing.length) {
    // A status added to the lifecycle since the record was made: its breakdown, without touching the others.
    await setIfAbsent(
      assetSummaryEntity,
      tenantId,
      SUMMARY_ID,
      missing.map((status) => ({ path: ['statuses', status], value: emptyBreakdown() })),
    );
  }
  return stored.data.reviewDay ?? null;
}

async function countBatch(tenantId: string, batch: readonly CountableEvent[], now: Date, together?: string): Promise<number> {
  let pending = [...batch];
  // Most likely the daily review job has run today; else the record says which day its states are as of.
  let reviewDay: string | null = utcDay(now);
  for (let attempt = 1; pending.length; attempt++) {
    const sum = sumChanges(pending, reviewDay ?? undefined);
    const countedAt = new Date().toISOString();
    const occurredAt = pending.map((event) => event.occurredAt).reduce((latest, at) => (at > latest ? at : latest));
    const result = await countOnce(assetSummaryEntity, tenantId, SUMMARY_ID, counting(sum, pending, reviewDay, { occurredAt, countedAt }, together));
    if (result.outcome === 'counted') return pending.length;
    if (together && result.outcome === 'already-counted') return 0;
    if (attempt >= ATTEMPTS) throw new Error(`the register summary of ${tenantId} could not be counted in ${ATTEMPTS} attempts (${result.outcome})`);
    if (result.outcome === 'already-counted') {
      // Counted already (a redelivery): the rest still counts.
      const counted = new Set(result.ids);
      pending = pending.filter((event) => !counted.has(event.eventId));
    } else if (result.outcome === 'conflict') {
      await pause(SUMMARY_BACKOFF, attempt);
    } else {
      // No record yet, a breakdown missing (a figure's path is invalid), or its review states are as of another day.
      reviewDay = await prepareSummary(tenantId, now);
    }
  }
  return 0;
}

/**
 * Counts the registrations of an import's rows into the summary as one change, under one marker (`batchId`,
 * which their events name as `countedWith`): however many rows, one update. Counted once per batch id.
 */
export async function countRegistrationsTogether(tenantId: string, batchId: string, events: readonly CountableEvent[], now = new Date()): Promise<number> {
  return events.length ? countBatch(tenantId, events, now, batchId) : 0;
}

/** Counts asset events into the tenant's summary: per batch of up to 99 events, one update and a marker each. */
export async function countAssetChanges(tenantId: string, events: readonly CountableEvent[], now = new Date()): Promise<{ counted: number; skipped: number }> {
  let counted = 0;
  for (let start = 0; start < events.length; start += EVENTS_PER_WRITE)
    counted += await countBatch(tenantId, events.slice(start, start + EVENTS_PER_WRITE), now);
  return { counted, skipped: events.length - counted };
}

// ---- the calendar (the daily review job) ----

/**
 * The review states for `day`: overdue and due within 30 days from the due list (active assets only),
 * current as the rest of the active assets. Written only if no change was counted since the summary was
 * read, which is read before the due list (`first`: what the caller read so, in that order).
 */
export async function recountReviewStates(
  ctx: WriteContext,
  tenantId: string,
  day: string,
  first?: { summary: StoredEntity<AssetSummaryData> | undefined; dueSoon: readonly StoredEntity<AssetData>[] },
): Promise<{ reviewStates?: Record<ReviewState, number>; settled: boolean }> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const stored = attempt === 1 && first ? first.summary : await summaryRecord(tenantId);
    // No summary yet: the nightly recount makes it.
    if (!stored) return { settled: true };
    const soon = attempt === 1 && first ? first.dueSoon : await dueSoon(tenantId, day);
    const overdue = soon.filter((asset) => asset.data.nextReviewDue < day).length;
    const dueWithin30Days = soon.length - overdue;
    const reviewStates = { overdue, dueWithin30Days, current: Math.max(0, (stored.data.statuses.active?.count ?? 0) - soon.length) };
    const work = new UnitOfWork(ctx);
    work.update(assetSummaryEntity, stored, { ...stored.data, reviewStates, reviewDay: day });
    try {
      await work.commit();
      return { reviewStates, settled: true };
    } catch (error) {
      if ((error as { status?: number }).status !== 412) throw error;
    }
  }
  return { settled: false };
}

/** The tenant's summary record, if it has one. */
export const summaryRecord = (tenantId: string) => getEntity<AssetSummaryData>(tenantId, assetSummaryEntity.type, SUMMARY_ID);

/** The active assets due for review up to 30 days after `day` (overdue ones included), by due date. */
export const dueSoon = (tenantId: string, day: string) =>
  queryPattern(assetEntity, 'dueBy', tenantId, {}, { upTo: { nextReviewDue: addDays(day, DUE_SOON_DAYS) } });

// ---- the nightly recount ----

function figuresList(data: AssetSummaryData, withReviewStates: boolean): Map<string, number> {
  const figures = new Map<string, number>();
  for (const [status, breakdown] of Object.entries(data.statuses ?? {})) {
    figures.set(pointer(['statuses', status, 'count']), breakdown.count ?? 0);
    for (const dimension of ['byType', 'byImportance', 'byClassification'] as const) {
      for (const [value, count] of Object.entries(breakdown[dimension] ?? {})) figures.set(pointer(['statuses', status, dimension, value]), count);
    }
  }
  if (withReviewStates) for (const state of REVIEW_STATES) figures.set(pointer(['reviewStates', state]), data.reviewStates?.[state] ?? 0);
  return figures;
}

/** Every figure where the stored summary and the recount disagree (review states only when both are of one day). */
export function driftBetween(stored: AssetSummaryData, counted: AssetSummaryData): Drift[] {
  const sameDay = stored.reviewDay !== undefined && stored.reviewDay === counted.reviewDay;
  const was = figuresList(stored, sameDay);
  const is = figuresList(counted, sameDay);
  return [...new Set([...was.keys(), ...is.keys()])]
    .map((figure) => ({ figure, stored: was.get(figure) ?? 0, counted: is.get(figure) ?? 0 }))
    .filter((line) => line.stored !== line.counted)
    .sort((a, b) => a.figure.localeCompare(b.figure));
}

function add(summary: AssetSummaryData, path: Path): void {
  if (path[0] === 'reviewStates') {
    summary.reviewStates[path[1] as ReviewState]++;
    return;
  }
  const breakdown = (summary.statuses[path[1]!] ??= emptyBreakdown());
  if (path[2] === 'count') breakdown.count++;
  else {
    const counts = breakdown[path[2] as 'byType' | 'byImportance' | 'byClassification'];
    counts[path[3]!] = (counts[path[3]!] ?? 0) + 1;
  }
}

export interface RecountResult extends RecountReport {
  /** Reads of the register: another one follows when changes were counted while it read. */
  attempts: number;
  /** The summary did not exist: the recount made it (nothing to compare with). */
  created: boolean;
  /** Whether it wrote: false when changes kept being counted while it read (then it only reports). */
  settled: boolean;
}

const RECOUNT_ATTEMPTS = 3;
/** Assets per page of the recount: a page is at most 1 MB a read, whatever the limit. */
const RECOUNT_PAGE = 1_000;

/**
 * Counts the whole register anew, writes the true figures (review states as of `day`) and reports the
 * drift: on the record (GET /assets/summary shows it), in the answer, and to security officers when the
 * figures were off.
 */
export async function recountSummary(ctx: WriteContext, tenantId: string, day = utcDay(new Date())): Promise<RecountResult> {
  let report: RecountReport | undefined;
  for (let attempt = 1; attempt <= RECOUNT_ATTEMPTS; attempt++) {
    const stored = await summaryRecord(tenantId);
    const counted = emptySummary(day);
    let examined = 0;
    let cursor: string | undefined;
    do {
      const page = await queryPatternPage(assetEntity, 'list', tenantId, {}, { page: { limit: RECOUNT_PAGE, cursor } });
      for (const asset of page.items) {
        examined++;
        for (const path of figuresOf(countedState(asset.data), day)) add(counted, path);
      }
      cursor = page.nextCursor;
    } while (cursor);
    const drift = stored ? driftBetween(stored.data, counted) : [];
    report = { at: new Date().toISOString(), examined, differences: drift.length, drift: drift.slice(0, 50), corrected: drift.length > 0 };
    const data: AssetSummaryData = { ...counted, ...(stored?.data.lastChange ? { lastChange: stored.data.lastChange } : {}), recount: report };
    const work = new UnitOfWork({ ...ctx, reason: 'nightly recount of the register summary' });
    if (stored) work.update(assetSummaryEntity, stored, data);
    else work.create(assetSummaryEntity, tenantId, SUMMARY_ID, data);
    if (drift.length) {
      const off = drift.reduce((total, line) => total + Math.abs(line.counted - line.stored), 0);
      work.event(
        notificationRequested.of(tenantId, {
          kind: SUMMARY_DRIFT_NOTIFICATION,
          recipients: { roles: ['security-officer'] },
          title: `Asset register summary corrected: ${drift.length} figure${drift.length === 1 ? '' : 's'} off`,
          text: `The nightly recount of the asset register (${examined} assets) found ${drift.length} figure${drift.length === 1 ? '' : 's'} of the register summary off by ${off} in all, and corrected them: ${drift
            .slice(0, 5)
            .map((line) => `${line.figure} ${line.stored} → ${line.counted}`)
            .join('; ')}${drift.length > 5 ? '; …' : ''}.`,
          link: '/assets/summary',
        }),
      );
    }
    try {
      await work.commit();
      return { ...report, attempts: attempt, created: !stored, settled: true };
    } catch (error) {
      const status = (error as { status?: number }).status;
      // Changes were counted while the register was read (or a first change made the record): read again.
      if (status !== 412 && status !== 409) throw error;
    }
  }
  return { ...report!, corrected: false, attempts: RECOUNT_ATTEMPTS, created: false, settled: false };
}

// ---- the read ----

const nonZero = (counts: Record<string, number> | undefined) => Object.fromEntries(Object.entries(counts ?? {}).filter(([, count]) => count !== 0));

/** The summary as the API shows it: one read of one record; figures with no asset are left out. */
export async function assetSummary(tenantId: string) {
  const stored = await summaryRecord(tenantId);
  const data = stored?.data ?? emptySummary();
  const statuses = Object.fromEntries(
    ASSET_STATUSES.map((status) => {
      const breakdown = data.statuses?.[status] ?? emptyBreakdown();
      return [
        status,
        {
          count: breakdown.count ?? 0,
          byType: nonZero(breakdown.byType),
          byImportance: nonZero(breakdown.byImportance),
          byClassification: nonZero(breakdown.byClassification),
        },
      ];
    }),
  ) as Record<AssetStatus, Breakdown>;
  return {
    total: Object.values(statuses).reduce((total, breakdown) => total + breakdown.count, 0),
    statuses,
    ...(data.reviewDay ? { reviewStates: { ...data.reviewStates } } : {}),
    uncounted: data.uncounted ?? 0,
    asOf: {
      ...(data.lastChange ? { lastChange: data.lastChange } : {}),
      ...(data.reviewDay ? { reviewStates: data.reviewDay } : {}),
      ...(data.recount ? { recount: data.recount } : {}),
    },
  };
}
