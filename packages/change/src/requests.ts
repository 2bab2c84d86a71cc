// (a) Change requests: opened by a person (POST /change-requests) or by another area's ChangeRequested event,
// with the affected assets, the reason, the requested window and a class; more assets added while the
// request is a draft or returned; the register filtered by state, class, asset, origin and window.
import * as z from 'zod';
import { digest } from '@ismf/core/canonical';
import { newId } from '@ismf/core/ids';
import { problems, type FieldError } from '@ismf/core/problems';
import { existingKeyedChildren } from '@ismf/store/batch-write';
import { entityView, getEntities, getEntity, queryPatternPage, requireEntity, type PageRequest, type PatternFilter } from '@ismf/store/entities';
import { runIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { personNames } from '@ismf/store/people-names';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import {
  changeAssetEntity,
  changeRequestEntity,
  changeTemplateEntity,
  type ChangeOrigin,
  type ChangeRequestData,
  type ChangeTemplateData,
} from './entities.ts';
import { changeRequested, changeRequestOpened, MAX_EVENT_ASSETS } from './events.ts';
import { affectedAssets, appendAssets, changeAssetItems, chunks, EMPTY_IMPACT, requireAffectedAssets, withAssets } from './impact.ts';
import {
  CALENDAR_STATES,
  EDITABLE_STATES,
  instant,
  MAX_ASSETS_PER_CHANGE,
  MAX_COMPONENTS,
  normalWindow,
  windowHours,
  type ChangeClass,
  type ChangeRequestInput,
  type ChangeSettings,
  type ChangeState,
  type ComponentRef,
  type TestAssignee,
} from './rules.ts';
import { changeSettings } from './settings.ts';

export const CHANGE_REQUEST = changeRequestEntity.type;

export interface ChangeCaller {
  userId: string;
  roles: readonly string[];
}

/** Change requests as the API shows them: the requester and the plan's author named (one directory read for the page). */
export async function requestViews(tenantId: string, entities: readonly StoredEntity<ChangeRequestData>[]) {
  const byWhom = (data: ChangeRequestData) => [
    ...data.tests.map((test) => test.by),
    (data.implementation as { by?: string } | undefined)?.by,
    (data.review as { by?: string } | undefined)?.by,
  ];
  const planned = (data: ChangeRequestData) => [data.plan?.implementer, assigneeOf(data.plan?.labTest), assigneeOf(data.plan?.onSiteTest), data.reviewer];
  const names = await personNames(tenantId, {
    subjects: entities.flatMap((entity) => [entity.data.requestedBy, entity.data.author, ...byWhom(entity.data)]),
    users: entities.flatMap((entity) => planned(entity.data)),
  });
  const named = (id: string | undefined) => (id ? names.user(id) : undefined);
  return entities.map((entity) => {
    const { plan, tests, implementation, review, reviewer } = entity.data;
    // The people the plan names (directory users) and who did each step (token subjects), beside their ids.
    const people = plan
      ? {
          planPeople: {
            implementer: named(plan.implementer)!,
            ...(assigneeOf(plan.labTest) ? { labTester: named(assigneeOf(plan.labTest)) } : {}),
            ...(assigneeOf(plan.onSiteTest) ? { onSiteTester: named(assigneeOf(plan.onSiteTest)) } : {}),
          },
        }
      : {};
    const by = <T extends { by?: string }>(record: T | undefined) => (record?.by ? { ...record, byPerson: names.subject(record.by) } : record);
    return {
      ...entityView(entity),
      requestedByPerson: names.subject(entity.data.requestedBy),
      authorPerson: names.subject(entity.data.author),
      ...people,
      tests: tests.map((test) => by(test)),
      ...(implementation ? { implementation: by(implementation as { by?: string }) } : {}),
      ...(review ? { review: by(review as { by?: string }) } : {}),
      ...(reviewer ? { reviewerPerson: names.user(reviewer) } : {}),
    };
  });
}

/** The person a test is given to, if a person (not a role). */
const assigneeOf = (who: TestAssignee | undefined) => (who && 'assignee' in who ? who.assignee : undefined);

export const requestView = async (tenantId: string, entity: StoredEntity<ChangeRequestData>) => (await requestViews(tenantId, [entity]))[0]!;

/** What the register lists of a request: without the plan, tests and decisions (GET /change-requests/{id} has them). */
export function requestSummary(view: Awaited<ReturnType<typeof requestView>>) {
  const {
    plan: _plan,
    planPeople: _people,
    tests: _tests,
    authorization: _authorization,
    implementation: _implementation,
    review: _review,
    components: _components,
    ...summary
  } = view;
  return summary;
}

export async function requireRequest(tenantId: string, id: string): Promise<StoredEntity<ChangeRequestData>> {
  return requireEntity<ChangeRequestData>(tenantId, CHANGE_REQUEST, id, `change request ${id}`);
}

export async function getChangeRequest(tenantId: string, id: string) {
  return requestView(tenantId, await requireRequest(tenantId, id));
}

/** Who shapes a request (its assets, its plan): its requester, the plan's author, a security officer or an administrator. */
export function mayShape(request: StoredEntity<ChangeRequestData>, caller: ChangeCaller): boolean {
  return (
    caller.userId === request.data.requestedBy ||
    caller.userId === request.data.author ||
    caller.roles.includes('admin') ||
    caller.roles.includes('security-officer')
  );
}

/** A request being shaped: at the version the caller names, in draft or returned, and theirs to shape. */
export function requireShapeable(request: StoredEntity<ChangeRequestData>, expectedVersion: number, caller: ChangeCaller): void {
  if (!mayShape(request, caller))
    throw problems.forbidden('only the requester, the plan’s author, a security officer or an administrator shapes a change request');
  if (request.version !== expectedVersion) throw problems.stale(`change request ${request.id} is at version ${request.version}, not ${expectedVersion}`);
  if (!EDITABLE_STATES.includes(request.data.state))
    throw problems.conflict(`a change request is shaped while draft or returned; this one is ${request.data.state}`);
}

/** The template a class needs: standard follows an approved template of the tenant, the others none. */
async function templateProblem(tenantId: string, changeClass: ChangeClass, templateId: string | undefined, path: string): Promise<FieldError | undefined> {
  if (changeClass === 'standard' && !templateId) return { path, message: 'a standard change follows an approved change template: name it' };
  if (changeClass !== 'standard' && templateId) return { path, message: 'only a standard change follows a template' };
  if (!templateId) return undefined;
  const template = await getEntity<ChangeTemplateData>(tenantId, changeTemplateEntity.type, templateId);
  if (!template) return { path, message: 'no change template of this tenant has this id' };
  if (template.data.status !== 'approved') return { path, message: `the template is ${template.data.status}, not approved` };
  return undefined;
}

/** A window no longer than the tenant allows. */
function windowProblem(window: { start: string; end: string }, settings: ChangeSettings, path: string): FieldError | undefined {
  const hours = windowHours(window);
  return hours > settings.maxWindowHours
    ? { path: `${path}.end`, message: `the window is ${Math.ceil(hours)} hours long; the tenant allows at most ${settings.maxWindowHours}` }
    : undefined;
}

/** Components name assets of the request (those given, or those it has). */
function componentProblems(components: readonly ComponentRef[] | undefined, assets: ReadonlySet<string>, path: string): FieldError[] {
  return (components ?? []).flatMap((component, index) =>
    assets.has(component.assetId) ? [] : [{ path: `${path}.${index}.assetId`, message: 'not one of the request’s affected assets' }],
  );
}

function opened(tenantId: string, id: string, data: ChangeRequestData, assets: readonly string[]) {
  return changeRequestOpened.of(tenantId, {
    changeId: id,
    class: data.class,
    state: data.state === 'refused' ? 'refused' : 'draft',
    origin: data.origin,
    originKey: data.originKey,
    assetCount: assets.length,
    assets: assets.slice(0, MAX_EVENT_ASSETS),
    assetsTruncated: assets.length > MAX_EVENT_ASSETS,
  });
}

interface Opening {
  title: string;
  reason: string;
  class: ChangeClass;
  origin: ChangeOrigin;
  templateId?: string;
  components?: ComponentRef[];
  requestedBy: string;
  requestedWindow: { start: string; end: string };
}

const originKeyOf = (origin: ChangeOrigin) => ('person' in origin ? 'person' : `${origin.area}:${origin.type}:${origin.id}`);

function openingData(opening: Opening, state: ChangeState): ChangeRequestData {
  return {
    title: opening.title,
    reason: opening.reason,
    class: opening.class,
    origin: opening.origin,
    originKey: originKeyOf(opening.origin),
    ...(opening.templateId ? { templateId: opening.templateId } : {}),
    requestedBy: opening.requestedBy,
    author: opening.requestedBy,
    requestedWindow: opening.requestedWindow,
    windowStart: opening.requestedWindow.start,
    windowEnd: opening.requestedWindow.end,
    state,
    assetCount: 0,
    ...(opening.components?.length ? { components: opening.components } : {}),
    planVersion: 0,
    impact: EMPTY_IMPACT,
    tests: [],
    conflicts: [],
  };
}

/**
 * Opens a draft request with these (checked) assets under the id given: the request with its first chunk of
 * affected assets and the ChangeRequestOpened event in one transaction, then the other chunks. A retry (the
 * same id, from an Idempotency-Key or an event id) finds the request and completes what is missing.
 */
async function openDraft(
  ctx: WriteContext,
  tenantId: string,
  id: string,
  opening: Opening,
  assetIds: readonly string[],
  /** Told whether this call created the request (a concurrent retry found it created). */
  created: (yes: boolean) => void = () => undefined,
) {
  const existing = await getEntity<ChangeRequestData>(tenantId, CHANGE_REQUEST, id);
  const assets = await requireAffectedAssets(tenantId, assetIds);
  const items = await changeAssetItems(tenantId, id, opening.requestedWindow, assets);
  let request = existing;
  if (!request) {
    const [first = [], ...rest] = chunks(items);
    const work = new UnitOfWork(ctx);
    const data = withAssets(work, tenantId, id, openingData(opening, 'draft'), first);
    request = work.create(changeRequestEntity, tenantId, id, data);
    work.event(opened(tenantId, id, data, assetIds));
    try {
      await work.commit();
      created(true);
    } catch (error) {
      // A concurrent retry opened it first: go on from what it wrote.
      if ((error as { status?: number }).status !== 409) throw error;
      request = (await getEntity<ChangeRequestData>(tenantId, CHANGE_REQUEST, id))!;
    }
    if (rest.length === 0) return request;
  }
  return appendAssets(ctx, tenantId, request, items);
}

/** POST /change-requests: a person's request, a draft. Everything is checked before anything is written. */
export async function createChangeRequest(ctx: WriteContext, tenantId: string, input: ChangeRequestInput, idempotency?: IdempotencyRequest) {
  // Up to 100 assets may take two transactions: the key is claimed first and the request's id derived from it.
  // Concurrent retries with the key all complete the same request; only the one that created it answers 201.
  let creator = false;
  const result = await runIdempotent(tenantId, ctx.operation, idempotency, async (base) => {
    const settings = await changeSettings(tenantId);
    const window = normalWindow(input.requestedWindow);
    const errors = [
      await templateProblem(tenantId, input.class, input.templateId, 'body.templateId'),
      windowProblem(window, settings, 'body.requestedWindow'),
      ...componentProblems(input.components, new Set(input.assets), 'body.components'),
    ].filter((error): error is FieldError => error !== undefined);
    if (errors.length) throw problems.unprocessable('the change request cannot be opened as given', errors);
    const id = base ?? newId();
    const opening: Opening = {
      title: input.title,
      reason: input.reason,
      class: input.class,
      origin: { person: ctx.actor.userId },
      ...(input.templateId ? { templateId: input.templateId } : {}),
      ...(input.components?.length ? { components: input.components } : {}),
      requestedBy: ctx.actor.userId,
      requestedWindow: window,
    };
    return requestView(tenantId, await openDraft(ctx, tenantId, id, opening, input.assets, (yes) => (creator = yes)));
  });
  return { response: result.response, replayed: result.replayed || !creator };
}

/** POST /change-requests/{id}/affected-assets: more assets (up to 100 a call, 10,000 a request) while draft or returned. */
export async function addAffectedAssets(
  ctx: WriteContext,
  tenantId: string,
  id: string,
  expectedVersion: number,
  input: { assets: string[]; components?: ComponentRef[] },
  caller: ChangeCaller,
) {
  const before = await requireRequest(tenantId, id);
  requireShapeable(before, expectedVersion, caller);
  if (before.data.assetCount + input.assets.length > MAX_ASSETS_PER_CHANGE) {
    throw problems.unprocessable(`a change request affects at most ${MAX_ASSETS_PER_CHANGE} assets`, [
      { path: 'body.assets', message: `it has ${before.data.assetCount}; ${input.assets.length} more would exceed ${MAX_ASSETS_PER_CHANGE}` },
    ]);
  }
  const components = input.components ?? [];
  const present = await existingKeyedChildren(changeAssetEntity, tenantId, id, [
    ...new Set([...input.assets, ...components.map((component) => component.assetId)]),
  ]);
  const errors: FieldError[] = input.assets.flatMap((assetId, index) =>
    present.has(assetId) ? [{ path: `body.assets.${index}`, message: 'already one of the request’s affected assets' }] : [],
  );
  errors.push(...componentProblems(components, new Set([...input.assets, ...present]), 'body.components'));
  if ((before.data.components?.length ?? 0) + components.length > MAX_COMPONENTS)
    errors.push({ path: 'body.components', message: `a request names at most ${MAX_COMPONENTS} components` });
  if (errors.length) throw problems.unprocessable('these assets cannot be added', errors);
  const assets = await requireAffectedAssets(tenantId, input.assets);
  const items = await changeAssetItems(tenantId, id, { start: before.data.windowStart, end: before.data.windowEnd }, assets);
  let start = before;
  if (components.length) {
    // The components go with the first chunk, in the request's next version.
    const [first = [], ...rest] = chunks(items);
    const work = new UnitOfWork(ctx);
    start = work.update(
      changeRequestEntity,
      before,
      withAssets(work, tenantId, id, { ...before.data, components: [...(before.data.components ?? []), ...components] }, first),
    );
    await work.commit();
    if (rest.length === 0) return requestView(tenantId, start);
  }
  return requestView(tenantId, await appendAssets(ctx, tenantId, start, items));
}

// ---- the ChangeRequested consumer ----

type RequestedData = z.output<typeof changeRequested.data>;

/** What is wrong with an event's request, as data (never thrown): the first thing found, with the field. */
async function eventRefusal(tenantId: string, data: RequestedData, settings: ChangeSettings): Promise<{ reason: string; field: string } | undefined> {
  const refusal = (error: FieldError | undefined) => (error ? { reason: error.message, field: error.path } : undefined);
  for (const end of ['start', 'end'] as const) {
    if (!z.iso.datetime().safeParse(data.requestedWindow[end]).success) return { reason: 'not an ISO 8601 UTC datetime', field: `data.requestedWindow.${end}` };
  }
  const window = normalWindow(data.requestedWindow);
  if (window.end <= window.start) return { reason: 'the window ends before it starts', field: 'data.requestedWindow.end' };
  const found =
    refusal(windowProblem(window, settings, 'data.requestedWindow')) ??
    refusal(await templateProblem(tenantId, data.class, data.templateId, 'data.templateId')) ??
    refusal(componentProblems(data.components, new Set(data.assets), 'data.components')[0]);
  if (found) return found;
  const twice = data.assets.findIndex((id, index) => data.assets.indexOf(id) !== index);
  if (twice >= 0) return { reason: 'the asset is named twice', field: `data.assets.${twice}` };
  const { errors } = await affectedAssets(tenantId, data.assets, 'data.assets');
  return refusal(errors[0]);
}

/**
 * Opens a request from another area's ChangeRequested event: a draft, or — when the event names an asset the
 * tenant does not have, a template it has not approved, or an impossible window — a request recorded as
 * refused, with the reason and the field, and no affected assets. Bad data never throws (the event would go to
 * the dead-letter queue); faults do. Once per event: the event id is the idempotency key, so a redelivery finds
 * the request it opened.
 */
export async function openFromEvent(ctx: WriteContext, tenantId: string, eventId: string, data: RequestedData) {
  const key = { key: `event-${eventId}`, requestHash: digest(data) };
  return runIdempotent(tenantId, 'changeRequested', key, async (base) => {
    const id = base!;
    const settings = await changeSettings(tenantId);
    const refusal = await eventRefusal(tenantId, data, settings);
    const opening: Opening = {
      title: data.title,
      reason: data.reason,
      class: data.class,
      origin: data.origin,
      ...(data.templateId ? { templateId: data.templateId } : {}),
      ...(!refusal && data.components?.length ? { components: data.components } : {}),
      requestedBy: data.requestedBy ?? `system:${data.origin.area}`,
      requestedWindow: refusal ? data.requestedWindow : normalWindow(data.requestedWindow),
    };
    if (!refusal) return { id, state: 'draft' as const, version: (await openDraft(ctx, tenantId, id, opening, data.assets)).version };
    if (await getEntity(tenantId, CHANGE_REQUEST, id)) return { id, state: 'refused' as const };
    const work = new UnitOfWork({ ...ctx, reason: `refused: ${refusal.field}: ${refusal.reason}` });
    const refused = { ...openingData(opening, 'refused'), refusal };
    work.create(changeRequestEntity, tenantId, id, refused);
    work.event(opened(tenantId, id, refused, []));
    await work.commit();
    return { id, state: 'refused' as const };
  });
}

// ---- the register ----

export interface RegisterFilters {
  state?: ChangeState;
  class?: ChangeClass;
  asset?: string;
  origin?: string;
  windowFrom?: string;
  windowTo?: string;
  /** Implemented changes whose review is still owed (`owed`), or past due (`overdue`). */
  review?: 'owed' | 'overdue';
}

/**
 * The register. One index serves each list, chosen by the filters: an asset's changes (its affected-asset items,
 * then their requests), a window (the calendar, for the states on it), an origin, a state, a class, else all in
 * request order. The other filters narrow the page it reads, so a page may hold fewer items than `limit`.
 */
export async function listChangeRequests(tenantId: string, filters: RegisterFilters, page: PageRequest) {
  const from = filters.windowFrom ? instant(filters.windowFrom) : undefined;
  const to = filters.windowTo ? instant(filters.windowTo) : undefined;
  if (from && to && to <= from) throw problems.invalid('the window filter ends after it starts', [{ path: 'query.windowTo', message: 'not after windowFrom' }]);
  const where: Record<string, string> = {
    ...(filters.state ? { state: filters.state } : {}),
    ...(filters.class ? { class: filters.class } : {}),
    ...(filters.origin ? { originKey: filters.origin } : {}),
  };
  const now = new Date().toISOString();
  const reviewOwed = (data: ChangeRequestData) =>
    !filters.review || (data.implementation !== undefined && data.review === undefined && (filters.review === 'owed' || data.reviewDueAt! < now));
  const matches = (data: ChangeRequestData) =>
    Object.entries(where).every(([field, value]) => data[field] === value) &&
    (!from || data.windowEnd > from) &&
    (!to || data.windowStart < to) &&
    reviewOwed(data);
  // A window that overlaps [from, to) starts at most maxWindowHours before `from`.
  const earliest = async () => (from ? new Date(Date.parse(from) - (await changeSettings(tenantId)).maxWindowHours * 3_600_000).toISOString() : undefined);
  const range = async () => {
    const start = await earliest();
    return { ...(start ? { from: { windowStart: start } } : {}), ...(to ? { before: { windowStart: to } } : {}) };
  };
  let entities: StoredEntity<ChangeRequestData>[];
  let nextCursor: string | undefined;
  if (filters.asset) {
    const result = await queryPatternPage(changeAssetEntity, 'byAsset', tenantId, { assetId: filters.asset }, { ...(await range()), page });
    const found = await getEntities(
      tenantId,
      result.items.map((item) => ({ type: CHANGE_REQUEST, id: item.data.changeId })),
    );
    entities = result.items.flatMap((item) => found<ChangeRequestData>(CHANGE_REQUEST, item.data.changeId) ?? []);
    nextCursor = result.nextCursor;
  } else {
    const filter = (omit: string): PatternFilter => {
      const rest = Object.fromEntries(Object.entries(where).filter(([field]) => field !== omit));
      return Object.keys(rest).length ? { where: rest } : {};
    };
    let result;
    if (filters.review) {
      // Soonest due first; `overdue`: due before now.
      const due = filters.review === 'overdue' ? { before: { reviewDueAt: now } } : {};
      result = await queryPatternPage(changeRequestEntity, 'reviewOwed', tenantId, {}, { ...due, ...filter(''), page });
    } else if ((from || to) && (!filters.state || CALENDAR_STATES.includes(filters.state))) {
      result = await queryPatternPage(changeRequestEntity, 'calendar', tenantId, {}, { ...(await range()), ...filter(''), page });
    } else if (filters.origin) {
      result = await queryPatternPage(changeRequestEntity, 'byOrigin', tenantId, { originKey: filters.origin }, { ...filter('originKey'), page });
    } else if (filters.state) {
      result = await queryPatternPage(changeRequestEntity, 'byState', tenantId, { state: filters.state }, { ...filter('state'), page });
    } else if (filters.class) {
      result = await queryPatternPage(changeRequestEntity, 'byClass', tenantId, { class: filters.class }, { ...filter('class'), page });
    } else {
      result = await queryPatternPage(changeRequestEntity, 'list', tenantId, {}, { page });
    }
    entities = result.items;
    nextCursor = result.nextCursor;
  }
  const views = await requestViews(
    tenantId,
    entities.filter((entity) => matches(entity.data)),
  );
  return { items: views.map(requestSummary), ...(nextCursor ? { nextCursor } : {}) };
}
