// Early warnings (X.1052 12.2.1 b): what each advisory means to the tenant's assets, by priority; one with its
// findings; its report for the asset owners and the security officer.
import * as z from 'zod';
import { defineOperation } from '@ismf/catalogue/operation';
import { EXAMPLE_ID, EXAMPLE_TIME, nameSchema, pageOf, pageQuery, personRefSchema } from '@ismf/catalogue/common';
import { ulidSchema } from '@ismf/core/ids';
import { earlyWarningEntity } from './match-entities.ts';
import { PRIORITIES } from './priority-rules.ts';
import { findingTriageSchema, TRIAGE_STATES, VEX_JUSTIFICATIONS } from './triage-rules.ts';
import { RECOMMENDATION_KINDS, RECOMMENDATION_STATES, recommendationsInputSchema } from './recommendation-rules.ts';
import { advisoryReaders } from './schemas.ts';
import { SEVERITIES, TLP_LABELS } from './documents/summary.ts';

const AREA = 'early-warning';
const CLAUSES = ['12.6.1', '13.1.1'];
export const earlyWarningPath = z.strictObject({ earlyWarningId: ulidSchema });

const REVIEW_STATUSES = ['pending-approval', 'approved', 'rejected', 'returned', 'withdrawn', 'expired', 'interrupted'] as const;
const reviewMarkSchema = z.object({
  reviewId: z.string(),
  flowId: z.string().describe('GET /flows/{flowId}: its steps and decisions'),
  status: z.enum(REVIEW_STATUSES),
  at: z.iso.datetime(),
});

const breakdownSchema = z
  .object({
    priority: z.enum(PRIORITIES),
    score: z.number(),
    cvss: z.number(),
    cvssAssumed: z.boolean().describe('no CVSS score was given: the tenant’s `unscored` value stands in'),
    importance: z.object({ level: z.number().int(), factor: z.number() }),
    exposure: z.object({ level: z.string(), factor: z.number() }),
    exploitation: z.object({
      level: z
        .enum(['known-exploited', 'reported', 'likely', 'none'])
        .describe('likely: not known exploited, but its EPSS probability reaches the tenant’s threshold'),
      factor: z.number(),
      epss: z.number().optional().describe('the EPSS probability (0–1), where the tenant scores by EPSS and FIRST knows the vulnerability'),
    }),
  })
  .describe('score = CVSS × importance factor × exposure factor × exploitation factor (GET /early-warning-settings, `priority`)');

export const earlyWarningSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  advisoryId: z.string().describe('the current version of the advisory (GET /advisories/{id})'),
  sourceId: z.string(),
  format: z.string(),
  documentId: z.string(),
  documentVersion: z.string(),
  title: z.string(),
  publisher: z.string(),
  tlp: z.enum(TLP_LABELS).optional(),
  state: z.enum(['open', 'no-impact']).describe('open: it hits assets; no-impact: it hits nothing of the register (kept and counted)'),
  priority: z.enum(PRIORITIES).optional(),
  priorityRank: z.number().int(),
  score: z.number().optional(),
  breakdown: breakdownSchema.optional(),
  listedAt: z.string(),
  matchedAt: z.iso.datetime(),
  cveIds: z.array(z.string()),
  vulnerabilities: z.array(z.object({ id: z.string(), kev: z.boolean(), cvss: z.number().optional() })),
  cvss: z.array(
    z.object({
      version: z.string(),
      vector: z.string(),
      baseScore: z.number(),
      severity: z.enum(SEVERITIES),
      statedScore: z.number().optional(),
      source: z.string().optional(),
    }),
  ),
  kev: z.boolean(),
  exploitation: z.string().optional(),
  counts: z.object({
    assets: z.number().int(),
    findings: z.number().int(),
    exposed: z.number().int().describe('affected findings not triaged as not affected, false positive or resolved: the assets still exposed'),
    triaged: z.number().int(),
    suppressed: z.number().int(),
    review: z.number().int(),
    products: z.number().int(),
    unresolved: z.number().int(),
  }),
  assets: z
    .array(
      z.object({
        assetId: z.string(),
        name: z.string(),
        owner: z.string(),
        priority: z.enum(PRIORITIES),
        score: z.number(),
        vulnerabilities: z.array(z.string()),
      }),
    )
    .describe('the most urgent affected assets, the first 50 (GET …/findings lists every one)'),
  suppressed: z
    .array(z.object({ assetId: z.string(), assetName: z.string(), vulnerability: z.string(), justification: z.string() }))
    .describe('matches suppressed by a VEX statement (not affected) or a fixed version installed, with the justification'),
  review: z
    .array(
      z.object({
        product: z.string(),
        assetId: z.string().optional(),
        assetName: z.string().optional(),
        vulnerability: z.string().optional(),
        reason: z.string(),
      }),
    )
    .describe(
      'what could not be decided (a version range outside the grammar, RPM or GIT ranges, an asset without a version, under investigation): never dropped',
    ),
  recommendations: z
    .array(
      z.object({
        id: z.string(),
        kind: z.enum(RECOMMENDATION_KINDS),
        summary: z.string(),
        details: z.string().optional(),
        url: z.string().optional(),
        fixedVersions: z.array(z.string()).optional(),
        controlId: z.string().optional().describe('an additional control: the X.1051 control (GET /controls/{controlId})'),
        assetIds: z.array(z.string()).describe('the affected assets it is for (the first 100)'),
        state: z.enum(RECOMMENDATION_STATES),
        source: z.enum(['advisory', 'person']).describe('proposed from the advisory’s remediations, or written by a person'),
      }),
    )
    .describe(
      'what to do: proposed from the advisory’s remediations (a vendor fix is a patch; CSAF workarounds and mitigations; no fix planned is no action), or a person’s (PUT …/recommendations)',
    ),
  recommendationsEdited: z
    .object({ by: z.string(), at: z.iso.datetime(), reason: z.string() })
    .optional()
    .describe('present once a person replaced the recommendations: re-matches keep theirs'),
  recommendationReview: reviewMarkSchema.optional().describe('the last review of the recommendations (POST …/recommendation-reviews)'),
  additionalControls: z.array(z.string()).optional().describe('X.1051 controls that approved recommendations added'),
});
nameSchema(earlyWarningSchema, 'EarlyWarning', 'What one advisory means to the tenant’s assets.');

export const findingSchema = z.object({
  earlyWarningId: z.string(),
  assetId: z.string(),
  assetName: z.string(),
  owner: z.string(),
  vulnerability: z.string(),
  outcome: z.enum(['affected', 'suppressed']),
  matches: z.array(
    z.object({
      via: z.enum(['component', 'identity']),
      name: z.string(),
      version: z.string().optional(),
      purl: z.string().optional(),
      product: z.string().describe('the advisory’s product that matched'),
      range: z.string().optional().describe('the advisory’s own words for the affected versions'),
      fixedVersions: z.array(z.string()),
    }),
  ),
  fixedVersions: z.array(z.string()),
  justification: z.string().optional(),
  priority: z.enum(PRIORITIES),
  score: z.number(),
  breakdown: breakdownSchema,
  triage: z
    .object({
      state: z.enum(TRIAGE_STATES),
      justification: z.enum(VEX_JUSTIFICATIONS).optional(),
      reason: z.string(),
      by: z.string().describe('who triaged it (their sign-in subject)'),
      byPerson: personRefSchema.optional().describe('who triaged it, named'),
      at: z.iso.datetime(),
    })
    .optional()
    .describe('a person’s judgement (POST …/triage): kept when the advisory or the asset changes'),
});
nameSchema(findingSchema, 'EarlyWarningFinding', 'One affected asset × vulnerability of an early warning.');

const exampleBreakdown = {
  priority: 'critical' as const,
  score: 17.84,
  cvss: 9.8,
  cvssAssumed: false,
  importance: { level: 5, factor: 1.4 },
  exposure: { level: 'internet-facing', factor: 1.3 },
  exploitation: { level: 'none' as const, factor: 1 },
};
const exampleWarning = {
  id: EXAMPLE_ID,
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
  advisoryId: EXAMPLE_ID,
  sourceId: EXAMPLE_ID,
  format: 'osv',
  documentId: 'GHSA-9wv6-86v2-598j',
  documentVersion: '2024-09-10T19:41:04Z',
  title: 'path-to-regexp outputs backtracking regular expressions',
  publisher: 'GitHub',
  state: 'open' as const,
  priority: 'critical' as const,
  priorityRank: 0,
  score: 17.84,
  breakdown: exampleBreakdown,
  listedAt: EXAMPLE_TIME,
  matchedAt: EXAMPLE_TIME,
  cveIds: ['CVE-2024-45296'],
  vulnerabilities: [{ id: 'CVE-2024-45296', kev: false, cvss: 9.8 }],
  cvss: [],
  kev: false,
  counts: { assets: 1, findings: 1, exposed: 1, triaged: 0, suppressed: 0, review: 0, products: 5, unresolved: 0 },
  assets: [
    { assetId: EXAMPLE_ID, name: 'Self-care portal', owner: EXAMPLE_ID, priority: 'critical' as const, score: 17.84, vulnerabilities: ['CVE-2024-45296'] },
  ],
  suppressed: [],
  review: [],
  recommendations: [
    {
      id: EXAMPLE_ID,
      kind: 'patch' as const,
      summary: 'Update to 0.1.10',
      fixedVersions: ['0.1.10'],
      assetIds: [EXAMPLE_ID],
      state: 'proposed' as const,
      source: 'advisory' as const,
    },
  ],
};

const exampleFinding = {
  earlyWarningId: EXAMPLE_ID,
  assetId: EXAMPLE_ID,
  assetName: 'Self-care portal',
  owner: EXAMPLE_ID,
  vulnerability: 'CVE-2024-45296',
  outcome: 'affected' as const,
  matches: [
    {
      via: 'component' as const,
      name: 'path-to-regexp',
      version: '0.1.9',
      purl: 'pkg:npm/path-to-regexp@0.1.9',
      product: 'npm/path-to-regexp',
      fixedVersions: ['0.1.10'],
    },
  ],
  fixedVersions: ['0.1.10'],
  priority: 'critical' as const,
  score: 17.84,
  breakdown: exampleBreakdown,
};

export const listEarlyWarnings = defineOperation({
  name: 'listEarlyWarnings',
  area: AREA,
  method: 'GET',
  path: '/early-warnings',
  summary: 'List early warnings',
  description:
    'The early warnings in one state (default `open`: they hit assets; `no-impact`: advisories that hit nothing), critical first and newest first within a priority. TLP:AMBER and TLP:RED ones are listed only for the roles the tenant maps to the label: a page may then hold fewer than `limit`.',
  handler: 'functions/early-warning/list-early-warnings.ts',
  callers: advisoryReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  patterns: [earlyWarningEntity.patterns.byPriority],
  query: pageQuery.extend({ state: z.enum(['open', 'no-impact']).optional(), priority: z.enum(PRIORITIES).optional() }),
  response: pageOf(earlyWarningSchema),
  successStatus: 200,
  sort: 'by priority (critical first), then newest first',
  examples: { response: { items: [exampleWarning] } },
});

export const getEarlyWarning = defineOperation({
  name: 'getEarlyWarning',
  area: AREA,
  method: 'GET',
  path: '/early-warnings/{earlyWarningId}',
  summary: 'Get an early warning',
  description:
    'One early warning: the most urgent affected assets, vulnerabilities with CVSS and KEV, the priority broken down, VEX suppressions and what needs review. A TLP:AMBER or TLP:RED one answers 404 to a role the tenant does not map to it.',
  handler: 'functions/early-warning/get-early-warning.ts',
  callers: advisoryReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  params: earlyWarningPath,
  response: earlyWarningSchema,
  successStatus: 200,
  examples: { response: exampleWarning },
});

export const listEarlyWarningFindings = defineOperation({
  name: 'listEarlyWarningFindings',
  area: AREA,
  method: 'GET',
  path: '/early-warnings/{earlyWarningId}/findings',
  summary: 'List an early warning’s findings',
  description:
    'Every affected (or suppressed) asset × vulnerability of an early warning: what matched, the installed and the fixed version, the priority broken down.',
  handler: 'functions/early-warning/list-early-warning-findings.ts',
  callers: advisoryReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  params: earlyWarningPath,
  query: pageQuery,
  response: pageOf(findingSchema),
  successStatus: 200,
  sort: 'by asset id, then vulnerability',
  examples: { response: { items: [exampleFinding] } },
});

export const earlyWarningReportSchema = z.object({
  generatedAt: z.iso.datetime(),
  earlyWarning: earlyWarningSchema,
  findings: z.array(findingSchema).describe('the findings, highest score first: at most 2,000'),
  findingsOmitted: z.number().int().describe('findings beyond the 2,000 (GET …/findings lists them)'),
});
nameSchema(earlyWarningReportSchema, 'EarlyWarningReport', 'An early warning’s report for the asset owners and the security officer.');

export const getEarlyWarningReport = defineOperation({
  name: 'getEarlyWarningReport',
  area: AREA,
  method: 'GET',
  path: '/early-warnings/{earlyWarningId}/report',
  summary: 'Get an early warning’s report',
  description:
    'The early warning as a report, with its status and every finding (highest score first): JSON, or with `Accept: text/html` a self-contained printable page (no script, no outside resource).',
  handler: 'functions/early-warning/get-early-warning-report.ts',
  callers: advisoryReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  params: earlyWarningPath,
  response: earlyWarningReportSchema,
  responseMediaTypes: { 'text/html': { type: 'string', description: 'a printable HTML page of the report' } },
  successStatus: 200,
  examples: { response: { generatedAt: EXAMPLE_TIME, earlyWarning: exampleWarning, findings: [], findingsOmitted: 0 } },
});

export const triageEarlyWarningFinding = defineOperation({
  name: 'triageEarlyWarningFinding',
  area: AREA,
  method: 'POST',
  path: '/early-warnings/{earlyWarningId}/findings/{assetId}/{vulnerability}/triage',
  summary: 'Triage a finding',
  description:
    'A person’s judgement of one affected asset × vulnerability: `in-triage`, `exploitable`, `not-affected` (with its CycloneDX justification), `false-positive` or `resolved`, with the reason; who and when are recorded, the early warning’s audit trail keeps every one, and it stays across re-matches. The security officers, the ISIRT and administrators triage any finding, an asset owner those of the assets they own (403 otherwise). Needs If-Match with the early warning’s version.',
  handler: 'functions/early-warning/triage-early-warning-finding.ts',
  callers: { roles: ['admin', 'security-officer', 'isirt', 'asset-owner'] },
  clauses: CLAUSES,
  access: { table: 'write' },
  params: z.strictObject({
    earlyWarningId: ulidSchema,
    assetId: ulidSchema,
    vulnerability: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._:-]+$/, 'a vulnerability id (CVE-…, GHSA-…)'),
  }),
  body: findingTriageSchema,
  response: z.object({ finding: findingSchema, earlyWarning: earlyWarningSchema }),
  successStatus: 200,
  versioned: true,
  examples: {
    body: {
      state: 'not-affected',
      justification: 'protected_at_perimeter',
      reason: 'The portal’s routes are fixed at build time; no user input reaches path-to-regexp.',
    },
    response: {
      finding: {
        ...exampleFinding,
        triage: {
          state: 'not-affected' as const,
          justification: 'protected_at_perimeter' as const,
          reason: 'No user input reaches path-to-regexp.',
          by: 'dana.weiss',
          at: EXAMPLE_TIME,
        },
      },
      earlyWarning: { ...exampleWarning, version: 2, counts: { ...exampleWarning.counts, exposed: 0, triaged: 1 } },
    },
  },
});

export const getEarlyWarningVex = defineOperation({
  name: 'getEarlyWarningVex',
  area: AREA,
  method: 'GET',
  path: '/early-warnings/{earlyWarningId}/vex',
  summary: 'Get an early warning as a CycloneDX VEX document',
  description:
    'The early warning’s findings as a CycloneDX 1.5 VEX document: per vulnerability and affected component, the analysis — a person’s triage (state, justification, reason, when), else a suppression as not_affected with its reason, else in_triage. A component is named by its PURL where it has one.',
  handler: 'functions/early-warning/get-early-warning-vex.ts',
  callers: advisoryReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  params: earlyWarningPath,
  response: z
    .object({
      bomFormat: z.literal('CycloneDX'),
      specVersion: z.literal('1.5'),
      serialNumber: z.string(),
      version: z.number().int(),
      metadata: z.object({ timestamp: z.iso.datetime(), properties: z.array(z.object({ name: z.string(), value: z.string() })) }),
      vulnerabilities: z.array(
        z.object({
          id: z.string(),
          source: z.object({ name: z.string(), url: z.string() }).optional(),
          analysis: z.object({ state: z.string(), justification: z.string().optional(), detail: z.string().optional(), lastUpdated: z.string().optional() }),
          affects: z.array(z.object({ ref: z.string() })),
          properties: z.array(z.object({ name: z.string(), value: z.string() })),
        }),
      ),
    })
    .describe('a CycloneDX 1.5 VEX document'),
  successStatus: 200,
  examples: {
    response: {
      bomFormat: 'CycloneDX' as const,
      specVersion: '1.5' as const,
      serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
      version: 1,
      metadata: { timestamp: EXAMPLE_TIME, properties: [{ name: 'ismf:early-warning', value: EXAMPLE_ID }] },
      vulnerabilities: [
        {
          id: 'CVE-2024-45296',
          analysis: { state: 'not_affected', justification: 'protected_at_perimeter', detail: 'No user input reaches path-to-regexp.' },
          affects: [{ ref: 'pkg:npm/path-to-regexp@0.1.9' }],
          properties: [{ name: 'ismf:asset', value: EXAMPLE_ID }],
        },
      ],
    },
  },
});

export const setEarlyWarningRecommendations = defineOperation({
  name: 'setEarlyWarningRecommendations',
  area: AREA,
  method: 'PUT',
  path: '/early-warnings/{earlyWarningId}/recommendations',
  summary: 'Replace an early warning’s recommendations',
  description:
    'The security officers’ recommendations replace those proposed from the advisory: `patch` (with the fixed versions), `configuration-change`, `additional-control` (an X.1051 control of the catalogue, 422 naming `controlId` otherwise), `workaround`, `mitigation` or `no-action`, each for all affected assets or those named (422 for an asset the early warning does not hit). A re-match keeps them from then on; the reason is kept in the early warning’s history. Needs If-Match.',
  handler: 'functions/early-warning/set-early-warning-recommendations.ts',
  callers: { roles: ['admin', 'security-officer', 'isirt'] },
  clauses: CLAUSES,
  access: { table: 'write' },
  params: earlyWarningPath,
  body: recommendationsInputSchema,
  response: earlyWarningSchema,
  successStatus: 200,
  versioned: true,
  problems: [422],
  examples: {
    body: {
      recommendations: [
        { kind: 'patch', summary: 'Update path-to-regexp to 0.1.10 with the next portal release', fixedVersions: ['0.1.10'] },
        { kind: 'additional-control', summary: 'Rate-limit the portal’s routes at the WAF until patched', controlId: '12.6.1' },
      ],
      reason: 'The portal team ships weekly; the WAF rule covers the week.',
    },
    response: { ...exampleWarning, version: 2 },
  },
});

const recommendationSchema = earlyWarningSchema.shape.recommendations.element;

export const recommendationReviewSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  earlyWarningId: z.string(),
  title: z.string(),
  recommendations: z.array(recommendationSchema).describe('what is reviewed (a returned review’s revision replaces them)'),
  status: z.enum(REVIEW_STATUSES),
  reason: z.string().describe('why the review was asked for'),
  requestedBy: z.string(),
  author: z.string().describe('who wrote the recommendations under review (never their reviewer)'),
  flowId: z.string().describe('GET /flows/{flowId}: the decision step, who decided and why'),
  decisionReason: z.string().optional(),
  revisionNote: z.string().optional(),
});
nameSchema(recommendationReviewSchema, 'RecommendationReview', 'The review of an early warning’s recommendations by a security officer.');
const exampleReview = {
  id: EXAMPLE_ID,
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
  earlyWarningId: EXAMPLE_ID,
  title: exampleWarning.title,
  recommendations: exampleWarning.recommendations,
  status: 'pending-approval' as const,
  reason: 'Patch before the weekend release freeze.',
  requestedBy: 'omar.farouk',
  author: 'omar.farouk',
  flowId: EXAMPLE_ID,
};

export const requestRecommendationReview = defineOperation({
  name: 'requestRecommendationReview',
  area: AREA,
  method: 'POST',
  path: '/early-warnings/{earlyWarningId}/recommendation-reviews',
  summary: 'Ask for the review of an early warning’s recommendations',
  description:
    'Starts the review of the recommendations as they stand (X.1052 12.2.1 d): a decision step for the security officers, escalating to administrators after 3 days; the requester never decides it. Approval puts them in force: patch recommendations are announced for patch management (RecommendationsApproved), a configuration change emits ConfigurationChangeRecommended, an additional control is recorded on the early warning. Returned, the review waits for a revision of the recommendations (a work task); rejected, they stand rejected. One review at a time (409); an early warning without recommendations has nothing to review (422).',
  handler: 'functions/early-warning/request-recommendation-review.ts',
  callers: { roles: ['admin', 'security-officer', 'isirt'] },
  clauses: CLAUSES,
  access: { table: 'write' },
  params: earlyWarningPath,
  body: z.strictObject({ reason: z.string().trim().min(1).max(1000).describe('why now, what to look at') }),
  response: recommendationReviewSchema,
  successStatus: 201,
  createdAt: '/recommendation-reviews/{id}',
  idempotent: true,
  problems: [409, 422],
  examples: { body: { reason: 'Patch before the weekend release freeze.' }, response: exampleReview },
});

export const getRecommendationReview = defineOperation({
  name: 'getRecommendationReview',
  area: AREA,
  method: 'GET',
  path: '/recommendation-reviews/{reviewId}',
  summary: 'Get a review of recommendations',
  description:
    'A review of an early warning’s recommendations: what was reviewed, by whose request, where it stands; its flow (GET /flows/{flowId}) has the decisions.',
  handler: 'functions/early-warning/get-recommendation-review.ts',
  callers: advisoryReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  params: z.strictObject({ reviewId: ulidSchema }),
  response: recommendationReviewSchema,
  successStatus: 200,
  examples: { response: exampleReview },
});
