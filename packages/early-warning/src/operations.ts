// Security early-warning management, collection (X.1052 12.2.1 a; X.1051 13.1): advisory sources and their
// signed webhooks, deliveries, the advisory register, vulnerabilities across sources, and the TLP settings.
import * as z from 'zod';
import { tenantIdSchema, ulidSchema } from '@ismf/core/ids';
import { defineOperation } from '@ismf/catalogue/operation';
import { EXAMPLE_ID, EXAMPLE_TIME, pageOf, pageQuery } from '@ismf/catalogue/common';
import { advisoryDeliveryEntity, advisoryEntity, advisorySourceEntity, advisoryVulnerabilityEntity } from './entities.ts';
import {
  advisorySourceInputSchema,
  advisorySourcePatchSchema,
  DEFAULT_EARLY_WARNING_SETTINGS,
  DELIVERY_STATES,
  earlyWarningSettingsSchema,
  SEVERITIES,
} from './rules.ts';
import {
  advisoryDeliverySchema,
  advisoryPath,
  advisoryReaders,
  advisorySchema,
  advisorySourceSchema,
  advisorySourceWithSecretSchema,
  advisoryWithRawSchema,
  deliveryPath,
  earlyWarningSettingsViewSchema,
  exampleSource,
  sourceKeepers,
  sourcePath,
  sourceReaders,
  vulnerabilityPath,
  vulnerabilitySchema,
  webhookAnswerSchema,
} from './schemas.ts';

const CLAUSES = ['13.1.1', '13.1.2'];
const AREA = 'early-warning';

export const createAdvisorySource = defineOperation({
  name: 'createAdvisorySource',
  area: AREA,
  method: 'POST',
  path: '/advisory-sources',
  summary: 'Register an advisory source',
  description:
    'A source of security advisories (a vendor PSIRT, a CERT, the organization itself) that pushes signed deliveries to its webhook. The answer carries the signing secret once (Standard Webhooks `whsec_…`): it is kept only sealed with the platform key and never shown again. Accepts Idempotency-Key.',
  handler: 'functions/early-warning/create-advisory-source.ts',
  callers: sourceKeepers,
  clauses: CLAUSES,
  access: { table: 'write', secrets: 'seal' },
  body: advisorySourceInputSchema,
  response: advisorySourceWithSecretSchema,
  successStatus: 201,
  idempotent: true,
  examples: {
    body: { name: 'Nokia PSIRT', kind: 'vendor', formats: ['csaf'], vendor: 'Nokia' },
    response: { ...exampleSource, webhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  },
});

export const listAdvisorySources = defineOperation({
  name: 'listAdvisorySources',
  area: AREA,
  method: 'GET',
  path: '/advisory-sources',
  summary: 'List advisory sources',
  description: 'The tenant’s advisory sources with their health, in the order they were registered.',
  handler: 'functions/early-warning/list-advisory-sources.ts',
  callers: sourceReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  patterns: [advisorySourceEntity.patterns.list],
  query: pageQuery,
  response: pageOf(advisorySourceSchema),
  successStatus: 200,
  sort: 'by registration, oldest first',
  examples: { response: { items: [exampleSource] } },
});

export const getAdvisorySource = defineOperation({
  name: 'getAdvisorySource',
  area: AREA,
  method: 'GET',
  path: '/advisory-sources/{sourceId}',
  summary: 'Get an advisory source',
  description: 'One source: its formats, webhook path, secret generation and health (deliveries, documents accepted and rejected, last success and failure).',
  handler: 'functions/early-warning/get-advisory-source.ts',
  callers: sourceReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  params: sourcePath,
  response: advisorySourceSchema,
  successStatus: 200,
  examples: { response: exampleSource },
});

export const updateAdvisorySource = defineOperation({
  name: 'updateAdvisorySource',
  area: AREA,
  method: 'PATCH',
  path: '/advisory-sources/{sourceId}',
  summary: 'Change an advisory source',
  description:
    'A JSON merge patch of the name, formats, vendor, expected interval or status (a disabled source’s webhook answers 401). Needs If-Match with its version.',
  handler: 'functions/early-warning/update-advisory-source.ts',
  callers: sourceKeepers,
  clauses: CLAUSES,
  access: { table: 'write' },
  params: sourcePath,
  body: advisorySourcePatchSchema,
  response: advisorySourceSchema,
  successStatus: 200,
  versioned: true,
  examples: { body: { status: 'disabled' }, response: { ...exampleSource, version: 2, status: 'disabled' } },
});

export const rotateAdvisorySourceSecret = defineOperation({
  name: 'rotateAdvisorySourceSecret',
  area: AREA,
  method: 'POST',
  path: '/advisory-sources/{sourceId}/secret-rotation',
  summary: 'Rotate a source’s signing secret',
  description:
    'Makes a new signing secret, shown once in the answer. The previous one still verifies for 24 hours (`previousSecretValidUntil`), so the sender can switch without losing a delivery; after that only the new one does. A pull source has no secret (409). Needs If-Match with the source’s version.',
  handler: 'functions/early-warning/rotate-advisory-source-secret.ts',
  callers: sourceKeepers,
  clauses: CLAUSES,
  access: { table: 'write', secrets: 'seal' },
  params: sourcePath,
  response: advisorySourceWithSecretSchema,
  successStatus: 200,
  versioned: true,
  problems: [409],
  examples: {
    response: {
      ...exampleSource,
      version: 2,
      secretGeneration: 2,
      previousSecretValidUntil: '2026-11-30T09:30:00.000Z',
      webhookSecret: 'whsec_2b6KQ9r8GKYqrTwjUPD8ILPZIo2LaLa1',
    },
  },
});

const JSON_DOCUMENTS = {
  type: 'object',
  description: 'a CSAF 2.0 document, an OSV record, a CVE JSON 5 record, an NVD API 2.0 response, or a JSON array of them',
};

export const receiveAdvisoryWebhook = defineOperation({
  name: 'receiveAdvisoryWebhook',
  area: AREA,
  method: 'POST',
  path: '/webhooks/{tenantId}/{sourceId}',
  summary: 'Deliver advisories (a source’s signed webhook)',
  description:
    'A source pushes advisory documents here, signed as Standard Webhooks sign: `webhook-signature` is `v1,` and the base64 HMAC-SHA256, under the source’s secret, of `{webhook-id}.{webhook-timestamp}.{body}`. No user token: the signature authenticates; a forged or unknown one, a timestamp more than 5 minutes from now, an unknown or disabled source all answer 401 and nothing is kept. The raw bytes are kept, the delivery queued (202 with its id), and each document validated from the event AdvisoryReceived: GET /advisory-deliveries/{id} shows what became of it. A delivery with a `webhook-id` seen before answers 202 with the first delivery (`replayed: true`). Bodies over 5 MiB are refused (413): upload larger documents with POST /jobs (kind `advisory-upload`).',
  handler: 'functions/early-warning/receive-advisory-webhook.ts',
  callers: { public: true },
  clauses: CLAUSES,
  access: { table: 'write', objects: 'write', secrets: 'open' },
  params: z.strictObject({ tenantId: tenantIdSchema, sourceId: ulidSchema }),
  headers: z.object({
    'webhook-id': z.string().min(1).max(255).describe('the sender’s id of this delivery (the same on its retries)'),
    'webhook-timestamp': z
      .string()
      .regex(/^\d{1,12}$/, 'seconds since the epoch')
      .describe('when it was signed, in seconds since the epoch'),
    'webhook-signature': z.string().min(4).max(2048).describe('`v1,<base64>`, several separated by spaces while the sender rotates'),
  }),
  rawBody: {
    mediaTypes: {
      'application/json': JSON_DOCUMENTS,
      'application/jsonl': { type: 'string', description: 'JSON Lines: one document per line' },
      'application/x-ndjson': { type: 'string', description: 'JSON Lines: one document per line' },
      'application/yaml': { type: 'string', description: 'an OSV record in YAML (as some PYSEC records are), converted on arrival' },
    },
    tooLarge: 'upload larger documents with POST /jobs (kind advisory-upload)',
  },
  response: webhookAnswerSchema,
  successStatus: 202,
  problems: [401],
  examples: { response: { id: EXAMPLE_ID, sourceId: EXAMPLE_ID, state: 'received', receivedAt: EXAMPLE_TIME, bytes: 48211, replayed: false } },
});

const exampleDelivery = {
  id: EXAMPLE_ID,
  version: 2,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
  sourceId: EXAMPLE_ID,
  webhookId: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
  mediaType: 'application/json',
  bytes: 48211,
  sha256: 'a3f1…',
  rawKey: `acme-telecom/advisory-deliveries/${EXAMPLE_ID}`,
  receivedAt: EXAMPLE_TIME,
  state: 'rejected' as const,
  processedAt: EXAMPLE_TIME,
  documents: 1,
  counts: { accepted: 0, duplicate: 0, rejected: 1 },
  outcomes: [
    {
      index: 0,
      outcome: 'rejected' as const,
      format: 'csaf' as const,
      reasons: [{ test: '6.1.1', path: '/vulnerabilities/0/product_status/fixed/0', message: 'the product id is not defined' }],
    },
  ],
};

export const listAdvisoryDeliveries = defineOperation({
  name: 'listAdvisoryDeliveries',
  area: AREA,
  method: 'GET',
  path: '/advisory-deliveries',
  summary: 'List advisory deliveries',
  description: 'Deliveries as they arrived, newest first: of one state (`rejected`: what needs a look), of one source, or all.',
  handler: 'functions/early-warning/list-advisory-deliveries.ts',
  callers: sourceReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  patterns: [advisoryDeliveryEntity.patterns.list, advisoryDeliveryEntity.patterns.byState, advisoryDeliveryEntity.patterns.bySource],
  query: pageQuery.extend({ state: z.enum(DELIVERY_STATES).optional(), sourceId: z.string().min(1).max(64).optional() }),
  response: pageOf(advisoryDeliverySchema),
  successStatus: 200,
  sort: 'newest first',
  examples: { response: { items: [exampleDelivery] } },
});

export const getAdvisoryDelivery = defineOperation({
  name: 'getAdvisoryDelivery',
  area: AREA,
  method: 'GET',
  path: '/advisory-deliveries/{deliveryId}',
  summary: 'Get an advisory delivery',
  description:
    'One delivery: its size and digest, its state and what became of each document (accepted, already held, or rejected with the failing test and where).',
  handler: 'functions/early-warning/get-advisory-delivery.ts',
  callers: sourceReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  params: deliveryPath,
  response: advisoryDeliverySchema,
  successStatus: 200,
  examples: { response: exampleDelivery },
});

const exampleAdvisory = {
  id: EXAMPLE_ID,
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
  sourceId: EXAMPLE_ID,
  deliveryId: EXAMPLE_ID,
  format: 'csaf' as const,
  documentId: 'RHSA-2021:5186',
  documentVersion: '1',
  publisher: { name: 'Red Hat Product Security', namespace: 'https://www.redhat.com', category: 'vendor' },
  title: 'Red Hat Security Advisory: log4j security update',
  published: '2021-12-16T00:00:00.000Z',
  listedAt: '2021-12-16T00:00:00.000Z',
  documentStatus: 'final',
  cveIds: ['CVE-2021-44228'],
  aliases: [],
  cwes: [{ id: 'CWE-502', name: 'Deserialization of Untrusted Data' }],
  cvss: [{ version: '3.1' as const, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', baseScore: 10, severity: 'critical' as const }],
  severity: 'critical' as const,
  references: [{ url: 'https://access.redhat.com/errata/RHSA-2021:5186', category: 'self' }],
  tlp: 'WHITE' as const,
  productCount: 12,
  kev: false,
  state: 'current' as const,
  vulnerabilityIds: [EXAMPLE_ID],
  rawSha256: 'a3f1…',
};

export const listAdvisories = defineOperation({
  name: 'listAdvisories',
  area: AREA,
  method: 'GET',
  path: '/advisories',
  summary: 'List advisories',
  description:
    'The advisory register, newest first by publication: filtered by source, CVE id (or another alias: every source’s advisories of that vulnerability), severity, KEV and publication window. TLP:AMBER and TLP:RED advisories are listed only for the roles the tenant maps to them (GET /early-warning-settings): a page may then hold fewer than `limit`, and its cursor goes on.',
  handler: 'functions/early-warning/list-advisories.ts',
  callers: advisoryReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  patterns: [
    advisoryEntity.patterns.byPublished,
    advisoryEntity.patterns.bySource,
    advisoryEntity.patterns.bySeverity,
    advisoryEntity.patterns.known,
    advisoryVulnerabilityEntity.patterns.byVulnerability,
  ],
  query: pageQuery.extend({
    sourceId: z.string().min(1).max(64).optional(),
    cve: z.string().min(3).max(100).optional().describe('a CVE id, or another alias of the vulnerability (GHSA-…, an OSV id)'),
    severity: z.enum(SEVERITIES).optional(),
    kev: z.stringbool().optional().describe('true: only those in CISA’s KEV catalog; false: only those not'),
    publishedFrom: z.iso.datetime().optional(),
    publishedTo: z.iso.datetime().optional(),
  }),
  response: pageOf(advisorySchema),
  successStatus: 200,
  sort: 'by publication, newest first',
  examples: { response: { items: [exampleAdvisory] } },
});

export const getAdvisory = defineOperation({
  name: 'getAdvisory',
  area: AREA,
  method: 'GET',
  path: '/advisories/{advisoryId}',
  summary: 'Get an advisory',
  description:
    'One advisory with its parsed summary and a short-lived link to the raw document as it arrived. A TLP:AMBER or TLP:RED advisory answers 404 to a role the tenant does not map to it.',
  handler: 'functions/early-warning/get-advisory.ts',
  callers: advisoryReaders,
  clauses: CLAUSES,
  access: { table: 'read', objects: 'read' },
  params: advisoryPath,
  response: advisoryWithRawSchema,
  successStatus: 200,
  examples: { response: { ...exampleAdvisory, rawDocument: { url: 'https://…', expiresAt: EXAMPLE_TIME } } },
});

export const getVulnerability = defineOperation({
  name: 'getVulnerability',
  area: AREA,
  method: 'GET',
  path: '/vulnerabilities/{vulnerabilityId}',
  summary: 'Get a vulnerability',
  description: 'A vulnerability as every source named it: its CVE id and aliases, how many advisories and sources, and those advisories.',
  handler: 'functions/early-warning/get-vulnerability.ts',
  callers: advisoryReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  patterns: [advisoryVulnerabilityEntity.patterns.byVulnerability],
  params: vulnerabilityPath,
  response: vulnerabilitySchema,
  successStatus: 200,
  examples: {
    response: {
      id: EXAMPLE_ID,
      version: 2,
      createdAt: EXAMPLE_TIME,
      updatedAt: EXAMPLE_TIME,
      identifier: 'CVE-2021-44228',
      aliases: ['CVE-2021-44228', 'GHSA-jfh8-c2jp-5v3q'],
      title: 'Log4Shell',
      advisories: 2,
      sources: [EXAMPLE_ID],
      severity: 'critical',
      kev: false,
      firstSeenAt: EXAMPLE_TIME,
      lastAdvisoryAt: EXAMPLE_TIME,
      advisoryList: [
        {
          id: EXAMPLE_ID,
          sourceId: EXAMPLE_ID,
          documentId: 'RHSA-2021:5186',
          documentVersion: '1',
          title: 'log4j security update',
          publisher: 'Red Hat',
          state: 'current',
        },
      ],
    },
  },
});

export const getEarlyWarningSettings = defineOperation({
  name: 'getEarlyWarningSettings',
  area: AREA,
  method: 'GET',
  path: '/early-warning-settings',
  summary: 'Get the early-warning settings',
  description: 'Which roles see (and are told of) TLP:AMBER and TLP:RED advisories; version 0 is the defaults (security officers and the ISIRT).',
  handler: 'functions/early-warning/get-early-warning-settings.ts',
  callers: sourceReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  response: earlyWarningSettingsViewSchema,
  successStatus: 200,
  examples: { response: { ...DEFAULT_EARLY_WARNING_SETTINGS, version: 0 } },
});

export const putEarlyWarningSettings = defineOperation({
  name: 'putEarlyWarningSettings',
  area: AREA,
  method: 'PUT',
  path: '/early-warning-settings',
  summary: 'Set the early-warning settings',
  description: 'Replaces the settings. Needs If-Match with their version (`"0"` for the defaults).',
  handler: 'functions/early-warning/put-early-warning-settings.ts',
  callers: sourceKeepers,
  clauses: CLAUSES,
  access: { table: 'write' },
  body: earlyWarningSettingsSchema,
  response: earlyWarningSettingsViewSchema,
  successStatus: 200,
  versioned: true,
  examples: { body: DEFAULT_EARLY_WARNING_SETTINGS, response: { ...DEFAULT_EARLY_WARNING_SETTINGS, version: 1, updatedAt: EXAMPLE_TIME } },
});
