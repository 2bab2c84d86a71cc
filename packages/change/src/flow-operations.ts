// The steps of a change once planned (X.1052 12.2.4 c–f): submission into its flow (tests and authorization
// run as the flow's tasks: /tasks/{id}/completion, /approvals/{id}/decision), withdrawal, the implementation
// record, the post-implementation review and the report; and the change templates standard changes follow.
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/ids';
import { TENANT_ROLES } from '@ismf/core/roles';
import { defineOperation } from '@ismf/catalogue/operation';
import { entityMeta, EXAMPLE_ID, EXAMPLE_PERSON, EXAMPLE_TIME, nameSchema, pageOf, pageQuery, personRefSchema } from '@ismf/catalogue/common';
import { dependencyEntity } from '@ismf/assets/entities';
import { changeRequestPath, changeRequestSchema, examplePlan, exampleRequest, overseers, readers, requesters, REQUESTER } from './change-schema.ts';
import { changeFreezeEntity, changeRequestEntity, changeTemplateEntity } from './entities.ts';
import { CHANGE_CLASSES } from './rules.ts';
import { changeTemplateInputSchema, implementationSchema, reviewSchema } from './step-rules.ts';

const CLAUSES = ['12.5.1', '10.1.2'];
/** Anyone who may be named implementer, or manage one: every tenant role but the auditor's. */
const implementers = { roles: TENANT_ROLES.filter((role) => role !== 'auditor') };
const authorized = { ...exampleRequest, plan: examplePlan, planVersion: 1, state: 'authorized' as const, flowId: EXAMPLE_ID, version: 6 };
const implementation = {
  start: '2026-12-05T01:10:00.000Z',
  end: '2026-12-05T03:40:00.000Z',
  outcome: 'implemented' as const,
  notes: 'firmware 21.4 on all HSS nodes; traffic restored at 03:35',
};

export const submitChangeRequest = defineOperation({
  name: 'submitChangeRequest',
  area: 'change',
  method: 'POST',
  path: '/change-requests/{changeRequestId}/submission',
  summary: 'Submit a change request',
  description:
    'Sends a planned draft into the flow of its class: a normal change to its lab test, its on-site test where the plan asks for one, then authorization by management in charge of operations (the tenant’s role and quorum; the planner and testers may not authorize); an emergency change to authorization first, within four hours before it escalates; a standard change is authorized at once by its approved template (its assets of the template’s types only). The plan is held to the tenant’s rules again (assets added since may need a rollback and an on-site test; a freeze may have been declared): 422 naming `plan.<field>`. Needs If-Match.',
  handler: 'functions/change/submit-change-request.ts',
  callers: requesters,
  clauses: [...CLAUSES, '10.1.3'],
  access: { table: 'write' },
  patterns: [changeFreezeEntity.patterns.byEnd],
  params: changeRequestPath,
  response: changeRequestSchema,
  successStatus: 200,
  problems: [409, 422],
  versioned: true,
  examples: { response: { ...authorized, state: 'submitted', version: 3 } },
});

export const withdrawChangeRequest = defineOperation({
  name: 'withdrawChangeRequest',
  area: 'change',
  method: 'POST',
  path: '/change-requests/{changeRequestId}/withdrawal',
  summary: 'Withdraw a change request',
  description: 'The requester (or an administrator) withdraws a change while it is tested or authorized: its open task ends, and the request is `withdrawn`.',
  handler: 'functions/change/withdraw-change-request.ts',
  callers: requesters,
  clauses: CLAUSES,
  access: { table: 'write' },
  params: changeRequestPath,
  body: z.strictObject({ reason: z.string().trim().min(1).max(2000).describe('why; kept in the audit trail') }),
  response: changeRequestSchema,
  successStatus: 200,
  problems: [409],
  examples: { body: { reason: 'the vendor withdrew the firmware' }, response: { ...authorized, state: 'withdrawn' } },
});

export const recordChangeImplementation = defineOperation({
  name: 'recordChangeImplementation',
  area: 'change',
  method: 'POST',
  path: '/change-requests/{changeRequestId}/implementation',
  summary: 'Record a change’s implementation',
  description:
    'The implementer the plan names (or an administrator) records start, end and outcome — implemented, rolled back, partly implemented — once, for an authorized change (409 otherwise, nothing stored). Work outside the authorized window is flagged (`implementation.outsideWindow`) and the security officers told. The post-implementation review falls due after the tenant’s reviewDays (emergencyReviewDays for an emergency change), owed by the implementer’s manager; after a change of assets that applications run on, those applications are listed for a technical review (`technicalReviewsDue`). ChangeImplemented is announced and each affected asset’s history shows the change. Needs If-Match.',
  handler: 'functions/change/record-change-implementation.ts',
  callers: implementers,
  clauses: [...CLAUSES, '12.5.2'],
  access: { table: 'write' },
  patterns: [dependencyEntity.patterns.dependents],
  params: changeRequestPath,
  body: implementationSchema,
  response: changeRequestSchema,
  successStatus: 200,
  problems: [409],
  versioned: true,
  examples: {
    body: implementation,
    response: {
      ...authorized,
      state: 'implemented',
      implementation: { ...implementation, outsideWindow: false, by: REQUESTER, byPerson: EXAMPLE_PERSON, recordedAt: EXAMPLE_TIME },
      reviewDueAt: '2026-12-12T03:40:00.000Z',
      version: 7,
    },
  },
});

export const recordChangeReview = defineOperation({
  name: 'recordChangeReview',
  area: 'change',
  method: 'POST',
  path: '/change-requests/{changeRequestId}/review',
  summary: 'Review an implemented change',
  description:
    'The post-implementation review, by the implementer’s manager (without one in the directory, a security officer; an administrator always): was the change effective, did it cause negative impact (what degraded, which incidents)? Each application listed in `technicalReviewsDue` needs its technical review; an emergency change needs its after-the-fact test. A negative impact announces ChangeCausedNegativeImpact; a change found not effective becomes `failed`. Once; needs If-Match.',
  handler: 'functions/change/record-change-review.ts',
  // The implementer's manager may hold any role; who may review is the change's (mayReview).
  callers: implementers,
  clauses: [...CLAUSES, '12.5.2', '12.4.2'],
  access: { table: 'write' },
  params: changeRequestPath,
  body: reviewSchema,
  response: changeRequestSchema,
  successStatus: 200,
  problems: [409, 422],
  versioned: true,
  examples: {
    body: { effective: true, negativeImpact: false, notes: 'attach success back at 99.7 % within the hour' },
    response: {
      ...authorized,
      state: 'implemented',
      review: { effective: true, negativeImpact: false, notes: 'attach success back at 99.7 %', by: REQUESTER, byPerson: EXAMPLE_PERSON, at: EXAMPLE_TIME },
      version: 8,
    },
  },
});

const figures = z.object({
  authorized: z.number().int().describe('authorized, not implemented yet'),
  implemented: z.number().int(),
  partlyImplemented: z.number().int(),
  rolledBack: z.number().int(),
  failed: z.number().int().describe('implemented, then found not effective in review'),
  reviewed: z.number().int(),
  reviewOverdue: z.number().int(),
  implementedOutsideWindow: z.number().int(),
  successRate: z.number().optional().describe('fully implemented and effective, of all implementation attempts (0 to 1)'),
  meanHoursToImplement: z.number().optional().describe('from the request to the end of its implementation'),
});
const reportSchema = z.object({
  from: z.string(),
  to: z.string(),
  classes: z.object(Object.fromEntries(CHANGE_CLASSES.map((each) => [each, figures])) as Record<(typeof CHANGE_CLASSES)[number], typeof figures>),
});
nameSchema(reportSchema, 'ChangeReport', 'How changes went per class over a period of windows: outcomes, success rate, time to implement.');
const exampleFigures = {
  authorized: 1,
  implemented: 8,
  partlyImplemented: 1,
  rolledBack: 1,
  failed: 0,
  reviewed: 9,
  reviewOverdue: 1,
  implementedOutsideWindow: 0,
  successRate: 0.8,
  meanHoursToImplement: 52.5,
};

export const getChangeReport = defineOperation({
  name: 'getChangeReport',
  area: 'change',
  method: 'GET',
  path: '/change-report',
  summary: 'Report how changes went',
  description:
    'Per class, for the changes whose window starts in [from, to) (at most 366 days): authorized and not implemented, implemented, partly implemented, rolled back, failed, reviewed, reviews overdue, implemented outside the window, the success rate and the mean hours from request to implementation. The failed, rolled-back and unreviewed changes themselves are listed by GET /change-requests?state=…',
  handler: 'functions/change/get-change-report.ts',
  callers: overseers,
  clauses: CLAUSES,
  access: { table: 'read' },
  patterns: [changeRequestEntity.patterns.calendar],
  query: z.strictObject({ from: z.iso.datetime().describe('the period’s start'), to: z.iso.datetime().describe('its end, after from') }),
  response: reportSchema,
  successStatus: 200,
  examples: {
    response: {
      from: '2026-09-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      classes: { standard: exampleFigures, normal: exampleFigures, emergency: exampleFigures },
    },
  },
});

const templateSchema = z.object({
  ...entityMeta,
  ...changeTemplateInputSchema.shape,
  status: z.enum(['pending-approval', 'returned', 'approved', 'rejected', 'expired', 'interrupted', 'withdrawn', 'superseded']),
  requestedBy: z.string(),
  requestedByPerson: personRefSchema,
  author: z.string(),
  authorPerson: personRefSchema,
  flowId: z.string().optional().describe('its approval flow'),
  revisionNote: z.string().optional(),
  returnReason: z.string().optional(),
  rejectionReason: z.string().optional(),
});
nameSchema(templateSchema, 'ChangeTemplate', 'A standard change’s template: its steps and rollback, approved once through the flow.');
const exampleTemplate = {
  id: EXAMPLE_ID,
  name: 'Antivirus definition update',
  description: 'the daily signature update of the endpoint protection, vendor-signed',
  steps: ['download the signed definitions', 'push to the endpoint group', 'verify the version on a sample'],
  rollback: ['push the previous definitions'],
  assetTypes: ['software' as const],
  status: 'approved' as const,
  requestedBy: REQUESTER,
  requestedByPerson: EXAMPLE_PERSON,
  author: REQUESTER,
  authorPerson: EXAMPLE_PERSON,
  flowId: EXAMPLE_ID,
  version: 3,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};
const templatePath = z.strictObject({ changeTemplateId: ulidSchema });

export const createChangeTemplate = defineOperation({
  name: 'createChangeTemplate',
  area: 'change',
  method: 'POST',
  path: '/change-templates',
  summary: 'Propose a change template',
  description:
    'Proposes a template for standard changes: its steps, rollback and the asset types it may touch. A security officer checks it and a manager approves it (the flow at `flowId`); only an approved template carries standard changes. Accepts Idempotency-Key.',
  handler: 'functions/change/create-change-template.ts',
  callers: { roles: ['admin', 'security-officer', 'manager'] },
  clauses: CLAUSES,
  access: { table: 'write' },
  body: changeTemplateInputSchema,
  response: templateSchema,
  successStatus: 201,
  idempotent: true,
  examples: {
    body: { name: exampleTemplate.name, description: exampleTemplate.description, steps: exampleTemplate.steps, rollback: exampleTemplate.rollback },
    response: { ...exampleTemplate, status: 'pending-approval', version: 1 },
  },
});

export const listChangeTemplates = defineOperation({
  name: 'listChangeTemplates',
  area: 'change',
  method: 'GET',
  path: '/change-templates',
  summary: 'List change templates',
  description: 'The tenant’s change templates, approved or under decision, oldest first.',
  handler: 'functions/change/list-change-templates.ts',
  callers: readers,
  clauses: CLAUSES,
  access: { table: 'read' },
  patterns: [changeTemplateEntity.patterns.list],
  query: pageQuery,
  response: pageOf(templateSchema),
  successStatus: 200,
  sort: 'by proposal (id)',
  examples: { response: { items: [exampleTemplate] } },
});

export const getChangeTemplate = defineOperation({
  name: 'getChangeTemplate',
  area: 'change',
  method: 'GET',
  path: '/change-templates/{changeTemplateId}',
  summary: 'Get a change template',
  description: 'A change template and where its approval stands.',
  handler: 'functions/change/get-change-template.ts',
  callers: readers,
  clauses: CLAUSES,
  access: { table: 'read' },
  params: templatePath,
  response: templateSchema,
  successStatus: 200,
  examples: { response: exampleTemplate },
});
