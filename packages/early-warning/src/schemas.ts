// Early warning's records as the API shows them, who reads and keeps them, and examples.
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/ids';
import { entityMeta, EXAMPLE_ID, EXAMPLE_PERSON, EXAMPLE_TIME, nameSchema, personRefSchema } from '@ismf/catalogue/common';
import { ADVISORY_RECORD_FORMATS } from './documents/summary.ts';
import {
  ADVISORY_FORMATS,
  ADVISORY_STATES,
  DELIVERY_STATES,
  DOCUMENT_OUTCOMES,
  earlyWarningSettingsSchema,
  feedSchema,
  SEVERITIES,
  SOURCE_ARRIVALS,
  SOURCE_KINDS,
  SOURCE_STATUSES,
  TLP_LABELS,
} from './rules.ts';

/** Sources and their secrets: administrators and security officers keep them; auditors read them. */
export const sourceKeepers = { roles: ['admin', 'security-officer'] } as const;
export const sourceReaders = { roles: ['admin', 'security-officer', 'auditor'] } as const;
/** Advisories: everyone who acts on them (staff report weaknesses instead). */
export const advisoryReaders = { roles: ['admin', 'security-officer', 'manager', 'auditor', 'asset-owner', 'isirt'] } as const;

export const sourcePath = z.strictObject({ sourceId: ulidSchema });
export const deliveryPath = z.strictObject({ deliveryId: ulidSchema });
export const advisoryPath = z.strictObject({ advisoryId: ulidSchema });
export const vulnerabilityPath = z.strictObject({ vulnerabilityId: ulidSchema });

const healthSchema = z.object({
  deliveries: z.number().int(),
  accepted: z.number().int().describe('documents accepted'),
  rejected: z.number().int().describe('documents rejected'),
  duplicates: z.number().int().describe('documents already held (the same id and version)'),
  lastDeliveryAt: z.string().optional(),
  lastSuccessAt: z.string().optional(),
  lastFailureAt: z.string().optional(),
  lastFailure: z.string().optional().describe('the first reason of the last rejection, or why the last pull failed'),
  pullFailures: z.number().int().optional().describe('pulls of the source’s feed that failed'),
});

export const advisorySourceSchema = z.object({
  ...entityMeta,
  name: z.string(),
  kind: z.enum(SOURCE_KINDS),
  arrival: z.enum(SOURCE_ARRIVALS),
  feed: feedSchema.optional(),
  credentials: z.object({ header: z.string() }).optional().describe('a private feed: the header its credentials go in (their value is never shown)'),
  formats: z.array(z.enum(ADVISORY_FORMATS)),
  vendor: z.string().optional(),
  expectedIntervalHours: z.number().int().optional(),
  status: z.enum(SOURCE_STATUSES),
  createdBy: z.string(),
  createdByPerson: personRefSchema,
  webhookPath: z.string().optional().describe('a push source: where it posts its signed deliveries, POST /webhooks/{tenantId}/{sourceId}'),
  secretGeneration: z.number().int().optional().describe('a push source: which signing secret is current (1, then one more per rotation)'),
  previousSecretValidUntil: z.string().optional().describe('after a rotation: until when the previous secret still verifies'),
  health: healthSchema,
});
nameSchema(advisorySourceSchema, 'AdvisorySource', 'A source of security advisories, its webhook and its health (never its secret).');

export const advisorySourceWithSecretSchema = advisorySourceSchema.extend({
  webhookSecret: z
    .string()
    .optional()
    .describe(
      'the signing secret (Standard Webhooks `whsec_…`), shown this once: give it to the sender; it is kept only sealed. Absent from a replay of the create (an Idempotency-Key seen before): rotate the secret if the first answer was lost',
    ),
});
nameSchema(advisorySourceWithSecretSchema, 'AdvisorySourceWithSecret', 'A source with its new signing secret, shown once.');

const reasonSchema = z.object({
  test: z.string().optional().describe('the failing test (CSAF 6.1.x, `schema`)'),
  path: z.string().describe('where in the document'),
  message: z.string(),
});

export const advisoryDeliverySchema = z.object({
  ...entityMeta,
  sourceId: z.string(),
  webhookId: z.string().optional(),
  mediaType: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  rawKey: z.string(),
  receivedAt: z.string(),
  pulled: z.object({ feedKind: z.string(), url: z.string() }).optional().describe('a pulled delivery: its feed and what was fetched'),
  state: z.enum(DELIVERY_STATES),
  processedAt: z.string().optional(),
  documents: z.number().int().optional(),
  counts: z.object({ accepted: z.number().int(), duplicate: z.number().int(), rejected: z.number().int() }).optional(),
  outcomes: z
    .array(
      z.object({
        index: z.number().int(),
        outcome: z.enum(DOCUMENT_OUTCOMES),
        format: z.enum(ADVISORY_FORMATS).optional(),
        documentId: z.string().optional(),
        documentVersion: z.string().optional(),
        advisoryId: z.string().optional(),
        reasons: z.array(reasonSchema).optional(),
        kev: z
          .object({ catalogVersion: z.string(), added: z.number().int(), advisoriesMarked: z.number().int() })
          .optional()
          .describe('a KEV catalog: the CVEs new to the tenant, and the advisories it marked known exploited'),
      }),
    )
    .optional()
    .describe('what became of each document (the first 100)'),
});
nameSchema(advisoryDeliverySchema, 'AdvisoryDelivery', 'A delivery of advisory documents as it arrived, and what became of each document.');

export const webhookAnswerSchema = z.object({
  id: z.string().describe('the delivery id (GET /advisory-deliveries/{id})'),
  sourceId: z.string(),
  state: z.enum(DELIVERY_STATES),
  receivedAt: z.string(),
  bytes: z.number().int(),
  replayed: z.boolean().describe('true: this webhook-id was delivered before; this is the first delivery'),
});
nameSchema(webhookAnswerSchema, 'WebhookDeliveryAccepted', 'A webhook delivery, kept and queued for validation.');

const cvssSchema = z.object({
  version: z.enum(['2.0', '3.0', '3.1', '4.0']),
  vector: z.string(),
  baseScore: z.number(),
  severity: z.enum(SEVERITIES),
  statedScore: z.number().optional().describe('the score the document states, where it differs from the computed one'),
  source: z.string().optional(),
});

export const advisorySchema = z.object({
  ...entityMeta,
  sourceId: z.string(),
  deliveryId: z.string().describe('the delivery it came in (for an entry by hand: the entry or the weakness report)'),
  format: z.enum(ADVISORY_RECORD_FORMATS),
  documentId: z.string().describe('CSAF tracking.id, OSV id, CVE id'),
  documentVersion: z.string().describe('CSAF tracking.version, OSV modified, CVE dateUpdated'),
  publisher: z.object({ name: z.string(), namespace: z.string().optional(), category: z.string().optional() }),
  title: z.string(),
  description: z.string().optional(),
  published: z.string().optional(),
  updated: z.string().optional(),
  listedAt: z.string().describe('what the register sorts by: published, else updated, else received'),
  documentStatus: z.string().optional(),
  cveIds: z.array(z.string()),
  aliases: z.array(z.string()),
  cwes: z.array(z.object({ id: z.string(), name: z.string().optional() })),
  cvss: z.array(cvssSchema).describe('each vector with its base score computed'),
  severity: z.enum(SEVERITIES).optional(),
  references: z.array(z.object({ url: z.string(), category: z.string().optional(), summary: z.string().optional() })),
  tlp: z.enum(TLP_LABELS).optional(),
  productCount: z.number().int(),
  kev: z.boolean().describe('in CISA’s catalog of known exploited vulnerabilities'),
  state: z.enum(ADVISORY_STATES),
  supersededBy: z.string().optional(),
  vulnerabilityIds: z.array(z.string()),
  rawSha256: z.string(),
});
nameSchema(advisorySchema, 'Advisory', 'A security advisory accepted from a source.');

export const advisoryWithRawSchema = advisorySchema.extend({
  rawDocument: z.object({ url: z.string(), expiresAt: z.string() }).describe('a short-lived link to the document as it arrived'),
});
nameSchema(advisoryWithRawSchema, 'AdvisoryWithRawDocument', 'An advisory with a link to its raw document.');

export const vulnerabilitySchema = z.object({
  ...entityMeta,
  identifier: z.string().describe('the CVE id, else the alias it was first seen under'),
  aliases: z.array(z.string()),
  title: z.string(),
  advisories: z.number().int().describe('how many advisories (every source, every version) named it'),
  sources: z.array(z.string()),
  severity: z.enum(SEVERITIES).optional(),
  kev: z.boolean(),
  firstSeenAt: z.string(),
  lastAdvisoryAt: z.string(),
  advisoryList: z
    .array(
      z.object({
        id: z.string(),
        sourceId: z.string(),
        documentId: z.string(),
        documentVersion: z.string(),
        title: z.string(),
        publisher: z.string(),
        state: z.enum(ADVISORY_STATES),
        severity: z.enum(SEVERITIES).optional(),
      }),
    )
    .describe('the advisories that name it, newest first (the first 100 the caller may see)'),
});
nameSchema(vulnerabilitySchema, 'Vulnerability', 'A vulnerability as the advisories of many sources name it.');

export const earlyWarningSettingsViewSchema = earlyWarningSettingsSchema.extend({
  version: z.number().int().min(0).describe('0: the defaults, never written'),
  updatedAt: z.string().optional(),
});
nameSchema(earlyWarningSettingsViewSchema, 'EarlyWarningSettings', 'The tenant’s early-warning settings.');

export const exampleSource = {
  id: EXAMPLE_ID,
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
  name: 'Nokia PSIRT',
  kind: 'vendor' as const,
  arrival: 'push' as const,
  formats: ['csaf' as const],
  vendor: 'Nokia',
  status: 'active' as const,
  createdBy: EXAMPLE_PERSON.id,
  createdByPerson: EXAMPLE_PERSON,
  webhookPath: `/webhooks/acme-telecom/${EXAMPLE_ID}`,
  secretGeneration: 1,
  health: { deliveries: 0, accepted: 0, rejected: 0, duplicates: 0 },
};
