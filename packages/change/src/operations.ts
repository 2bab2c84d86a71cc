// Security change management (X.1052 12.2.4 a–f; X.1051 7.1, 12.4, 12.5; 10.1.2): change requests with their
// affected assets and plan, freezes, the change calendar and the tenant's settings. The flow's steps
// (submission, tests, authorization, implementation, review) are declared beside the flow.
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/ids';
import { defineOperation } from '@ismf/catalogue/operation';
import { entityMeta, EXAMPLE_ID, EXAMPLE_PERSON, EXAMPLE_TIME, nameSchema, pageOf, pageQuery, personRefSchema } from '@ismf/catalogue/common';
import { dependencyEntity } from '@ismf/assets/entities';
import {
  ASSET_ID,
  changeRequestPath,
  changeRequestSchema,
  changeRequestSummarySchema,
  examplePlan,
  exampleRequest,
  freezeKeepers,
  freezePath,
  overseers,
  readers,
  requesters,
  settingsKeepers,
} from './change-schema.ts';
import { changeAssetEntity, changeFreezeEntity, changeRequestEntity } from './entities.ts';
import {
  affectedAssetsInputSchema,
  CHANGE_CLASSES,
  CHANGE_STATES,
  changePlanSchema,
  changeFreezeInputSchema,
  changeRequestInputSchema,
  changeSettingsSchema,
  freezeEndSchema,
  DEFAULT_CHANGE_SETTINGS,
} from './rules.ts';

export { changeRequestSchema } from './change-schema.ts';

const CLAUSES = ['12.5.1', '10.1.2'];
const { tests: _tests, ...exampleSummary } = exampleRequest;

export const createChangeRequest = defineOperation({
  name: 'createChangeRequest',
  area: 'change',
  method: 'POST',
  path: '/change-requests',
  summary: 'Request a change',
  description:
    'Opens a draft change request: title, reason, class (standard: follows an approved change template named by templateId; normal; emergency), the affected assets (1 to 100; more through …/affected-assets), the components where known, and the requested window (no longer than the tenant’s maxWindowHours). Each affected asset must be an asset of the tenant that is neither disposed of nor merged; its importance, business process and the assets that depend on it are read from the register and summed into the request’s impact (422 naming each bad entry; nothing is stored). Accepts Idempotency-Key.',
  handler: 'functions/change/create-change-request.ts',
  callers: requesters,
  clauses: CLAUSES,
  access: { table: 'write' },
  patterns: [dependencyEntity.patterns.dependents],
  body: changeRequestInputSchema,
  response: changeRequestSchema,
  successStatus: 201,
  idempotent: true,
  examples: {
    body: { title: exampleRequest.title, reason: exampleRequest.reason, class: 'normal', assets: [ASSET_ID], requestedWindow: exampleRequest.requestedWindow },
    response: exampleRequest,
  },
});

export const listChangeRequests = defineOperation({
  name: 'listChangeRequests',
  area: 'change',
  method: 'GET',
  path: '/change-requests',
  summary: 'List change requests',
  description:
    'The change register. Filters: `state`, `class`, `asset` (the changes affecting an asset), `origin` (`<area>:<type>:<id>` of the record that asked, or `person`), and a window, `windowFrom`/`windowTo` (changes whose window overlaps it). One index serves each list, chosen in this order: asset (by window start), `review` (`owed` or `overdue`: implemented changes whose post-implementation review is not recorded, soonest due first), window (the calendar: authorized changes and what became of them, unless `state` names another state), origin, state, class, else every request. The other filters narrow the page that index reads, so combined filters may answer shorter pages — even empty ones — while `nextCursor` says more may follow: follow it until it is absent.',
  handler: 'functions/change/list-change-requests.ts',
  callers: readers,
  clauses: CLAUSES,
  access: { table: 'read' },
  patterns: [
    changeRequestEntity.patterns.list,
    changeRequestEntity.patterns.byState,
    changeRequestEntity.patterns.byClass,
    changeRequestEntity.patterns.byOrigin,
    changeRequestEntity.patterns.calendar,
    changeRequestEntity.patterns.reviewOwed,
    changeAssetEntity.patterns.byAsset,
  ],
  query: pageQuery.extend({
    state: z.enum(CHANGE_STATES).optional(),
    class: z.enum(CHANGE_CLASSES).optional(),
    asset: ulidSchema.optional().describe('an asset: the changes that affect it'),
    origin: z.string().min(1).max(200).optional().describe('`<area>:<type>:<id>`, or `person`'),
    windowFrom: z.iso.datetime().optional().describe('changes whose window ends after this'),
    windowTo: z.iso.datetime().optional().describe('changes whose window starts before this'),
    review: z
      .enum(['owed', 'overdue'])
      .optional()
      .describe('implemented changes whose post-implementation review is still owed, or past due (soonest due first)'),
  }),
  response: pageOf(changeRequestSummarySchema),
  successStatus: 200,
  sort: 'by request (id); with an asset or a window, by window start',
  examples: { response: { items: [exampleSummary] } },
});

export const getChangeRequest = defineOperation({
  name: 'getChangeRequest',
  area: 'change',
  method: 'GET',
  path: '/change-requests/{changeRequestId}',
  summary: 'Get a change request',
  description:
    'A change request with its plan, impact summary, tests, decisions (its flow), implementation and review, the requester and the plan’s author named. The ETag is the version a step on it names in If-Match.',
  handler: 'functions/change/get-change-request.ts',
  callers: readers,
  clauses: CLAUSES,
  access: { table: 'read' },
  params: changeRequestPath,
  response: changeRequestSchema,
  successStatus: 200,
  examples: { response: exampleRequest },
});

const affectedAssetSchema = z.object({
  changeId: z.string(),
  assetId: z.string(),
  assetName: z.string().describe('as registered when it was added'),
  type: z.string(),
  importance: z.number().int(),
  businessProcess: z.string().optional(),
  owner: z.string().describe('the asset owner’s directory user id'),
  ownerPerson: personRefSchema,
  dependents: z.number().int().describe('how many assets depended on it when it was added'),
  dependentAssets: z.array(z.object({ id: z.string(), name: z.string() })).describe('the first 10 assets that depend on it now'),
  windowStart: z.string(),
  windowEnd: z.string(),
});
nameSchema(affectedAssetSchema, 'ChangeAffectedAsset', 'An asset a change affects, with its importance, business process, owner and dependents.');

const exampleAffected = {
  changeId: EXAMPLE_ID,
  assetId: ASSET_ID,
  assetName: 'HSS cluster A',
  type: 'physical',
  importance: 5,
  businessProcess: 'Voice',
  owner: EXAMPLE_PERSON.id,
  ownerPerson: EXAMPLE_PERSON,
  dependents: 2,
  dependentAssets: [{ id: '01JDQ8R6Z8W4X3N2K1M0P9Q7S1', name: 'Mobile voice service' }],
  windowStart: exampleRequest.windowStart,
  windowEnd: exampleRequest.windowEnd,
};

export const listChangeAffectedAssets = defineOperation({
  name: 'listChangeAffectedAssets',
  area: 'change',
  method: 'GET',
  path: '/change-requests/{changeRequestId}/affected-assets',
  summary: 'List a change’s affected assets',
  description:
    'The scope of impact, asset by asset: each affected asset with its importance, the business process it serves, its owner, and the assets that depend on it (how many when added, and the first ten now, from the dependency index) — computed, not typed in.',
  handler: 'functions/change/list-change-affected-assets.ts',
  callers: readers,
  clauses: CLAUSES,
  access: { table: 'read' },
  patterns: [dependencyEntity.patterns.dependents],
  params: changeRequestPath,
  query: pageQuery,
  response: pageOf(affectedAssetSchema),
  successStatus: 200,
  sort: 'by asset id',
  examples: { response: { items: [exampleAffected] } },
});

export const addChangeAffectedAssets = defineOperation({
  name: 'addChangeAffectedAssets',
  area: 'change',
  method: 'POST',
  path: '/change-requests/{changeRequestId}/affected-assets',
  summary: 'Add affected assets to a change',
  description:
    'More affected assets (1 to 100 a call, 10,000 a request) while the request is draft or returned, by its requester, the plan’s author, a security officer or an administrator. Each is checked as on creation (422 naming each bad entry, or one already affected; nothing is stored) and added with the impact summary, in transactions of up to 90 assets. Needs If-Match with the request’s version.',
  handler: 'functions/change/add-change-affected-assets.ts',
  callers: requesters,
  clauses: CLAUSES,
  access: { table: 'write' },
  patterns: [dependencyEntity.patterns.dependents],
  params: changeRequestPath,
  body: affectedAssetsInputSchema,
  response: changeRequestSchema,
  successStatus: 200,
  problems: [409, 422],
  versioned: true,
  examples: { body: { assets: ['01JDQ8R6Z8W4X3N2K1M0P9Q7S3'] }, response: { ...exampleRequest, assetCount: 2, version: 2 } },
});

export const putChangePlan = defineOperation({
  name: 'putChangePlan',
  area: 'change',
  method: 'PUT',
  path: '/change-requests/{changeRequestId}/plan',
  summary: 'Write a change plan',
  description:
    'The plan’s next version, while the request is draft or returned, by its requester, the plan’s author, a security officer or an administrator (who becomes its author): steps, effectiveness check, rollback, service continuity, window, service impact, lab and on-site test (a person or a role), test data protection, implementer. Refused (422 naming the field; nothing stored): a window longer than the tenant allows; no rollback or no on-site test when an affected asset has importance 4 or 5; a window in a change freeze unless the change is an emergency (the detail names the freeze); an implementer or tester who is no active user of the tenant. The request’s window becomes the plan’s. Needs If-Match with the request’s version.',
  handler: 'functions/change/put-change-plan.ts',
  callers: requesters,
  clauses: [...CLAUSES, '12.5.2', '12.4.2'],
  access: { table: 'write' },
  patterns: [changeFreezeEntity.patterns.byEnd],
  params: changeRequestPath,
  body: changePlanSchema,
  response: changeRequestSchema,
  successStatus: 200,
  problems: [409, 422],
  versioned: true,
  examples: { body: examplePlan, response: { ...exampleRequest, plan: examplePlan, planVersion: 1, version: 2 } },
});

const freezeSchema = z.object({
  ...entityMeta,
  name: z.string(),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  reason: z.string(),
  status: z.enum(['active', 'cancelled']).describe('an ended (cancelled) freeze no longer refuses windows'),
  createdBy: z.string(),
  createdByPerson: personRefSchema,
  cancelledBy: z.string().optional(),
  cancelledByPerson: personRefSchema.optional(),
  cancelledAt: z.iso.datetime().optional(),
});
nameSchema(freezeSchema, 'ChangeFreeze', 'A period in which no change but an emergency may be made.');

const exampleFreeze = {
  id: EXAMPLE_ID,
  name: 'Year-end freeze',
  start: '2026-12-20T00:00:00.000Z',
  end: '2027-01-03T00:00:00.000Z',
  reason: 'peak traffic and reduced staffing over the holidays',
  status: 'active' as const,
  createdBy: EXAMPLE_PERSON.id,
  createdByPerson: EXAMPLE_PERSON,
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};

export const createChangeFreeze = defineOperation({
  name: 'createChangeFreeze',
  area: 'change',
  method: 'POST',
  path: '/change-freezes',
  summary: 'Declare a change freeze',
  description: 'A period in which change windows are refused unless the change is an emergency. Accepts Idempotency-Key.',
  handler: 'functions/change/create-change-freeze.ts',
  callers: freezeKeepers,
  clauses: CLAUSES,
  access: { table: 'write' },
  body: changeFreezeInputSchema,
  response: freezeSchema,
  successStatus: 201,
  idempotent: true,
  examples: { body: { name: exampleFreeze.name, start: exampleFreeze.start, end: exampleFreeze.end, reason: exampleFreeze.reason }, response: exampleFreeze },
});

export const listChangeFreezes = defineOperation({
  name: 'listChangeFreezes',
  area: 'change',
  method: 'GET',
  path: '/change-freezes',
  summary: 'List change freezes',
  description: 'The freezes in force or to come: those that end at or after `from` (every one not ended, without it), soonest end first.',
  handler: 'functions/change/list-change-freezes.ts',
  callers: readers,
  clauses: CLAUSES,
  access: { table: 'read' },
  patterns: [changeFreezeEntity.patterns.byEnd],
  query: pageQuery.extend({ from: z.iso.datetime().optional().describe('freezes ending at or after this') }),
  response: pageOf(freezeSchema),
  successStatus: 200,
  sort: 'by end, soonest first',
  examples: { response: { items: [exampleFreeze] } },
});

export const getChangeFreeze = defineOperation({
  name: 'getChangeFreeze',
  area: 'change',
  method: 'GET',
  path: '/change-freezes/{freezeId}',
  summary: 'Get a change freeze',
  description: 'One freeze, in force or ended (with who ended it).',
  handler: 'functions/change/get-change-freeze.ts',
  callers: readers,
  clauses: CLAUSES,
  access: { table: 'read' },
  params: freezePath,
  response: freezeSchema,
  successStatus: 200,
  examples: { response: exampleFreeze },
});

export const endChangeFreeze = defineOperation({
  name: 'endChangeFreeze',
  area: 'change',
  method: 'POST',
  path: '/change-freezes/{freezeId}/cancellation',
  summary: 'End a change freeze',
  description:
    'Ends (cancels) a freeze, with a reason: it no longer refuses windows and leaves the list; the freeze itself stays, with who ended it, when and why, in its history. One already ended answers 409. Needs If-Match with its version.',
  handler: 'functions/change/end-change-freeze.ts',
  callers: freezeKeepers,
  clauses: CLAUSES,
  access: { table: 'write' },
  params: freezePath,
  body: freezeEndSchema,
  response: freezeSchema,
  successStatus: 200,
  problems: [409],
  versioned: true,
  examples: {
    body: { reason: 'the launch moved to next quarter' },
    response: {
      ...exampleFreeze,
      status: 'cancelled',
      cancelledBy: EXAMPLE_PERSON.id,
      cancelledByPerson: EXAMPLE_PERSON,
      cancelledAt: EXAMPLE_TIME,
      version: 2,
    },
  },
});

const calendarSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      class: z.enum(CHANGE_CLASSES),
      state: z.enum(CHANGE_STATES),
      windowStart: z.string(),
      windowEnd: z.string(),
      assetCount: z.number().int(),
      link: z.string().describe('the change request’s address'),
    }),
  ),
});
nameSchema(calendarSchema, 'ChangeCalendar', 'The changes on the calendar whose window overlaps the span asked for.');

export const getChangeCalendar = defineOperation({
  name: 'getChangeCalendar',
  area: 'change',
  method: 'GET',
  path: '/change-calendar',
  summary: 'The change calendar',
  description:
    'Authorized changes (and what their implementation made of them) whose window overlaps [from, to), by window start, read from an index. `to` after `from`, at most 366 days later (422 naming `query.to`). With `Accept: text/calendar`, an RFC 5545 iCalendar document (one VEVENT per change, UID `<changeId>@ismf`) to subscribe a calendar to.',
  handler: 'functions/change/get-change-calendar.ts',
  callers: readers,
  clauses: CLAUSES,
  access: { table: 'read' },
  patterns: [changeRequestEntity.patterns.calendar],
  query: z.strictObject({ from: z.iso.datetime().describe('the span’s start'), to: z.iso.datetime().describe('its end (exclusive)') }),
  response: calendarSchema,
  responseMediaTypes: {
    'text/calendar': { type: 'string', description: 'an RFC 5545 iCalendar document (VCALENDAR with one VEVENT per change), lines ending CRLF' },
  },
  successStatus: 200,
  problems: [422],
  sort: 'by window start',
  examples: {
    response: {
      items: [
        {
          id: EXAMPLE_ID,
          title: exampleRequest.title,
          class: 'normal',
          state: 'authorized',
          windowStart: exampleRequest.windowStart,
          windowEnd: exampleRequest.windowEnd,
          assetCount: 1,
          link: `/change-requests/${EXAMPLE_ID}`,
        },
      ],
    },
  },
});

const settingsView = changeSettingsSchema.extend({
  version: z.number().int().min(0).describe('0 while the tenant works with the defaults; send it in If-Match to change them'),
  updatedAt: z.iso.datetime().optional(),
});
nameSchema(settingsView, 'ChangeSettings', 'The tenant’s change management settings.');

export const getChangeSettings = defineOperation({
  name: 'getChangeSettings',
  area: 'change',
  method: 'GET',
  path: '/change-settings',
  summary: 'Get the change management settings',
  description:
    'The emergency authorizer role, the review periods (emergency and post-implementation), the longest change window, how long before a window the owners of affected assets are told, and the authorization quorum per class. Version 0 is the defaults.',
  handler: 'functions/change/get-change-settings.ts',
  callers: overseers,
  clauses: [...CLAUSES, '10.1.3'],
  access: { table: 'read' },
  response: settingsView,
  successStatus: 200,
  examples: { response: { ...DEFAULT_CHANGE_SETTINGS, version: 0 } },
});

export const putChangeSettings = defineOperation({
  name: 'putChangeSettings',
  area: 'change',
  method: 'PUT',
  path: '/change-settings',
  summary: 'Set the change management settings',
  description: 'Replaces the settings (a field left out takes its default). Needs If-Match with their version (`"0"` while the defaults apply).',
  handler: 'functions/change/put-change-settings.ts',
  callers: settingsKeepers,
  clauses: [...CLAUSES, '10.1.3'],
  access: { table: 'write' },
  body: changeSettingsSchema,
  response: settingsView,
  successStatus: 200,
  versioned: true,
  examples: {
    body: { ...DEFAULT_CHANGE_SETTINGS, maxWindowHours: 48 },
    response: { ...DEFAULT_CHANGE_SETTINGS, maxWindowHours: 48, version: 1, updatedAt: EXAMPLE_TIME },
  },
});
