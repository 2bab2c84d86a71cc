// What people enter by hand (X.1052 12.2.1 a; X.1051 13.1.2): advisories a security officer read elsewhere, and
// security weaknesses anyone of the tenant observed or suspects, triaged by a security officer into an advisory
// or dismissed.
import * as z from 'zod';
import { TENANT_ROLES } from '@ismf/core/roles';
import { ulidSchema } from '@ismf/core/ids';
import { defineOperation } from '@ismf/catalogue/operation';
import { entityMeta, EXAMPLE_ID, EXAMPLE_PERSON, EXAMPLE_TIME, nameSchema, pageOf, pageQuery, personRefSchema } from '@ismf/catalogue/common';
import { manualAdvisoryInputSchema, TRIAGE_OUTCOMES, WEAKNESS_STATES, weaknessReportInputSchema, weaknessTriageSchema } from './entry-rules.ts';
import { advisorySchema, sourceKeepers } from './schemas.ts';
import { weaknessReportEntity } from './weakness-entities.ts';

const AREA = 'early-warning';
const CLAUSES = ['13.1.1', '13.1.2'];
/** Anyone of the tenant reports weaknesses (13.1.2: employees, contractors and third-party users). */
const everyone = { roles: TENANT_ROLES } as const;

export const reportPath = z.strictObject({ reportId: ulidSchema });

export const weaknessReportSchema = z.object({
  ...entityMeta,
  title: z.string(),
  description: z.string(),
  observedAt: z.string().optional(),
  assetIds: z.array(z.string()),
  location: z.string().optional(),
  contact: z.string().optional(),
  state: z.enum(WEAKNESS_STATES).describe('reported: awaits triage; triaged: recorded as an advisory; dismissed: with a reason'),
  reporter: z.string().describe('who reported it (the token subject)'),
  reporterPerson: personRefSchema,
  triage: z
    .object({
      outcome: z.enum(TRIAGE_OUTCOMES),
      by: z.string(),
      byPerson: personRefSchema,
      at: z.string(),
      note: z.string().optional(),
      reason: z.string().optional().describe('why it was dismissed'),
    })
    .optional()
    .describe('who triaged it, when, and how'),
  advisoryId: z.string().optional().describe('the advisory it became (GET /advisories/{id}, for those who read advisories)'),
});
nameSchema(weaknessReportSchema, 'WeaknessReport', 'A security weakness as it was reported, and its triage.');

const exampleAdvisoryEntry = {
  title: 'Cross-site scripting in the RAN element manager’s login page',
  publisher: { name: 'Example Networks PSIRT', category: 'vendor' },
  description: 'A reflected XSS in the login page lets an attacker run script in an operator’s browser.',
  published: '2026-03-02T09:00:00Z',
  documentId: 'EXN-SA-2026-0042',
  cveIds: ['CVE-2026-12345'],
  cwes: [{ id: 'CWE-79', name: 'Improper Neutralization of Input During Web Page Generation' }],
  cvssVectors: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'],
  references: [{ url: 'https://psirt.example.net/advisories/EXN-SA-2026-0042', category: 'self' }],
  tlp: 'GREEN' as const,
};

const exampleManualAdvisory = {
  id: EXAMPLE_ID,
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
  sourceId: 'manual',
  deliveryId: EXAMPLE_ID,
  format: 'manual' as const,
  documentId: 'EXN-SA-2026-0042',
  documentVersion: '1',
  publisher: { name: 'Example Networks PSIRT', category: 'vendor' },
  title: exampleAdvisoryEntry.title,
  description: exampleAdvisoryEntry.description,
  published: '2026-03-02T09:00:00.000Z',
  listedAt: '2026-03-02T09:00:00.000Z',
  cveIds: ['CVE-2026-12345'],
  aliases: [],
  cwes: exampleAdvisoryEntry.cwes,
  cvss: [{ version: '3.1' as const, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', baseScore: 6.1, severity: 'medium' as const }],
  severity: 'medium' as const,
  references: exampleAdvisoryEntry.references,
  tlp: 'GREEN' as const,
  productCount: 0,
  kev: false,
  state: 'current' as const,
  vulnerabilityIds: [EXAMPLE_ID],
  rawSha256: '9b1c…',
};

export const createManualAdvisory = defineOperation({
  name: 'createManualAdvisory',
  area: AREA,
  method: 'POST',
  path: '/advisories',
  summary: 'Enter an advisory by hand',
  description:
    'An announcement read elsewhere (a vendor’s mail, a CERT’s page), entered with the fields of a parsed advisory. Each CVSS vector is scored (one that has no score: 400 naming it); a `sourceId` must be one of the tenant’s sources (422), else the source is `manual`. Without a `documentId` the entry’s own id is the document id; the same document id with a higher `documentVersion` supersedes the older entry, the same id and version again is a 409. The entry is kept as the advisory’s raw document and the advisory stored, linked and announced (AdvisoryAccepted) as any delivered one. Accepts Idempotency-Key.',
  handler: 'functions/early-warning/create-manual-advisory.ts',
  callers: sourceKeepers,
  clauses: CLAUSES,
  access: { table: 'write', objects: 'write' },
  body: manualAdvisoryInputSchema,
  response: advisorySchema,
  successStatus: 201,
  idempotent: true,
  problems: [409, 422],
  examples: { body: exampleAdvisoryEntry, response: exampleManualAdvisory },
});

/** A staff member reports; a security officer (EXAMPLE_PERSON) triages. */
const REPORTER = { id: '01JDQ8R6Z8W4X3N2K1M0P9Q7RM', name: 'Carlos Mendes', email: 'carlos.mendes@acme-telecom.example', jobTitle: 'Field Engineer' };

const exampleReport = {
  id: EXAMPLE_ID,
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
  title: 'Door to the radio site’s equipment room does not latch',
  description: 'The door of the equipment room at site RS-114 stays open unless pushed hard; the alarm did not sound when it stood open.',
  observedAt: '2026-03-02T07:40:00.000Z',
  assetIds: [],
  location: 'radio site RS-114',
  state: 'reported' as const,
  reporter: REPORTER.id,
  reporterPerson: REPORTER,
};

export const createWeaknessReport = defineOperation({
  name: 'createWeaknessReport',
  area: AREA,
  method: 'POST',
  path: '/weakness-reports',
  summary: 'Report a security weakness',
  description:
    'Anyone of the tenant — employees, contractors, third-party users — reports a security weakness they observed or suspect (X.1051 13.1.2): what, when, where, the assets it concerns (at most 20, each an asset of the register: 422 naming the one that is not) and how to reach them. The security officers are told. Accepts Idempotency-Key.',
  handler: 'functions/early-warning/create-weakness-report.ts',
  callers: everyone,
  clauses: ['13.1.2'],
  access: { table: 'write' },
  body: weaknessReportInputSchema,
  response: weaknessReportSchema,
  successStatus: 201,
  idempotent: true,
  problems: [422],
  examples: {
    body: {
      title: exampleReport.title,
      description: exampleReport.description,
      observedAt: '2026-03-02T07:40:00Z',
      location: 'radio site RS-114',
    },
    response: exampleReport,
  },
});

export const listWeaknessReports = defineOperation({
  name: 'listWeaknessReports',
  area: AREA,
  method: 'GET',
  path: '/weakness-reports',
  summary: 'List weakness reports',
  description:
    'Weakness reports, newest first, of one state or all: every report for security officers, administrators and auditors; for anyone else only the reports they made.',
  handler: 'functions/early-warning/list-weakness-reports.ts',
  callers: everyone,
  clauses: ['13.1.2'],
  access: { table: 'read' },
  patterns: [weaknessReportEntity.patterns.list, weaknessReportEntity.patterns.byReporter, weaknessReportEntity.patterns.byState],
  query: pageQuery.extend({ state: z.enum(WEAKNESS_STATES).optional().describe('reported: what awaits triage') }),
  response: pageOf(weaknessReportSchema),
  successStatus: 200,
  sort: 'newest first',
  examples: { response: { items: [exampleReport] } },
});

export const getWeaknessReport = defineOperation({
  name: 'getWeaknessReport',
  area: AREA,
  method: 'GET',
  path: '/weakness-reports/{reportId}',
  summary: 'Get a weakness report',
  description:
    'One report and its triage. Someone else’s report is not there (404), except for security officers, administrators and auditors. Its history: GET /audit?entity=weakness-report:{id}.',
  handler: 'functions/early-warning/get-weakness-report.ts',
  callers: everyone,
  clauses: ['13.1.2'],
  access: { table: 'read' },
  params: reportPath,
  response: weaknessReportSchema,
  successStatus: 200,
  examples: { response: exampleReport },
});

export const triageWeaknessReport = defineOperation({
  name: 'triageWeaknessReport',
  area: AREA,
  method: 'POST',
  path: '/weakness-reports/{reportId}/triage',
  summary: 'Triage a weakness report',
  description:
    'A security officer decides once what a report is: `advisory` records it as an advisory entered by hand (the body of POST /advisories without `documentId`: the report’s id is its document id), `dismissed` needs a reason. The reporter may not triage their own report (403: separation of duties); a report triaged already answers 409. The reporter is told the outcome. Needs If-Match with the report’s version.',
  handler: 'functions/early-warning/triage-weakness-report.ts',
  callers: sourceKeepers,
  clauses: CLAUSES,
  access: { table: 'write', objects: 'write' },
  params: reportPath,
  body: weaknessTriageSchema,
  response: weaknessReportSchema,
  successStatus: 200,
  versioned: true,
  problems: [409, 422],
  examples: {
    body: { outcome: 'dismissed', reason: 'The door was replaced on 1 March; the report predates the work order’s closure.' },
    response: {
      ...exampleReport,
      version: 2,
      state: 'dismissed',
      triage: {
        outcome: 'dismissed',
        by: EXAMPLE_PERSON.id,
        byPerson: EXAMPLE_PERSON,
        at: EXAMPLE_TIME,
        reason: 'The door was replaced on 1 March; the report predates the work order’s closure.',
      },
    },
  },
});
