// Early warning's events: a delivery arrived (processed after the webhook's fast answer), a document was
// accepted as an advisory, or rejected with its reasons; an advisory hits assets (an early warning raised).
import * as z from 'zod';
import { defineEvent } from '@ismf/events/event';
import { ADVISORY_RECORD_FORMATS, SEVERITIES, TLP_LABELS } from './documents/summary.ts';
import { feedSchema } from './feed-rules.ts';
import { PRIORITIES } from './priority-rules.ts';
import { RECOMMENDATION_KINDS } from './recommendation-rules.ts';

const CLAUSES = ['13.1.1', '13.1.2'];

export const advisoryReceived = defineEvent({
  detailType: 'AdvisoryReceived',
  clauses: CLAUSES,
  source: 'ismf.early-warning',
  description: 'A delivery of advisory documents arrived and was kept as it came: it is validated and stored from this event.',
  data: z.strictObject({ deliveryId: z.string(), sourceId: z.string(), bytes: z.number().int() }),
});

export const advisoryAccepted = defineEvent({
  detailType: 'AdvisoryAccepted',
  clauses: [...CLAUSES, '12.6.1'],
  source: 'ismf.early-warning',
  description:
    'A document was validated and kept as an advisory (a newer version supersedes the older). `firstOfVulnerability` is false when another source announced the same vulnerability already: people are told once.',
  data: z.strictObject({
    advisoryId: z.string(),
    sourceId: z.string(),
    format: z.enum(ADVISORY_RECORD_FORMATS),
    documentId: z.string(),
    documentVersion: z.string(),
    title: z.string(),
    publisher: z.string(),
    cveIds: z.array(z.string()).max(100),
    severity: z.enum(SEVERITIES).optional(),
    kev: z.boolean(),
    tlp: z.enum(TLP_LABELS).optional(),
    vulnerabilityIds: z.array(z.string()).max(20).describe('the vulnerabilities it names (GET /vulnerabilities/{id}), the first 20'),
    firstOfVulnerability: z.boolean().describe('at least one of them was not announced before, by any source'),
    supersedes: z.string().optional().describe('the advisory of the older version'),
  }),
});

export const advisoryRejected = defineEvent({
  detailType: 'AdvisoryRejected',
  clauses: CLAUSES,
  source: 'ismf.early-warning',
  description: 'A delivered document failed validation (its reasons are on the delivery): nothing was accepted from it.',
  data: z.strictObject({
    deliveryId: z.string(),
    sourceId: z.string(),
    index: z.number().int(),
    reasons: z.array(z.strictObject({ test: z.string().optional(), path: z.string(), message: z.string() })).max(10),
  }),
});

export const advisoryFeedSubscription = defineEvent({
  detailType: 'AdvisoryFeedSubscriptionChanged',
  clauses: CLAUSES,
  source: 'ismf.early-warning',
  description:
    'A pull source joined (or left) the subscribers of a public feed: the platform pulls each feed once and hands its documents to every subscriber.',
  data: z.strictObject({
    sourceId: z.string(),
    feed: feedSchema,
    subscribed: z.boolean(),
    private: z.boolean().optional().describe('pulled with the source’s own credentials, for its tenant alone'),
  }),
});

export const earlyWarningRaised = defineEvent({
  detailType: 'EarlyWarningRaised',
  clauses: ['12.6.1', '13.1.1'],
  source: 'ismf.early-warning',
  description:
    'An advisory hits assets of the tenant (first, or more than before): the early warning, its priority and the affected assets (the first 100; GET /early-warnings/{id}/findings lists every one).',
  data: z.strictObject({
    earlyWarningId: z.string(),
    advisoryId: z.string(),
    documentId: z.string(),
    title: z.string(),
    priority: z.enum(PRIORITIES),
    score: z.number(),
    assets: z.number().int().describe('how many assets it hits'),
    assetIds: z.array(z.string()).max(100).describe('the affected assets, most urgent first: the first 100'),
    newAssets: z.number().int().describe('how many of them it did not hit before'),
    kev: z.boolean(),
    tlp: z.enum(TLP_LABELS).optional(),
  }),
});

export const recommendationsApproved = defineEvent({
  detailType: 'RecommendationsApproved',
  clauses: ['12.6.1'],
  source: 'ismf.early-warning',
  description:
    'A security officer approved an early warning’s recommendations (the review’s decision step): patch recommendations become patch requirements, additional controls are recorded.',
  data: z.strictObject({
    earlyWarningId: z.string(),
    reviewId: z.string(),
    documentId: z.string(),
    recommendations: z
      .array(
        z.strictObject({
          id: z.string(),
          kind: z.enum(RECOMMENDATION_KINDS),
          summary: z.string(),
          fixedVersions: z.array(z.string()).optional(),
          controlId: z.string().optional(),
          assetIds: z.array(z.string()).max(100).describe('the assets it is for, the first 100 (the early warning has every one)'),
        }),
      )
      .max(20),
  }),
});

export const configurationChangeRecommended = defineEvent({
  detailType: 'ConfigurationChangeRecommended',
  clauses: ['12.6.1', '10.1.2'],
  source: 'ismf.early-warning',
  description: 'An approved recommendation asks for a configuration change of the affected assets (configuration management takes it up).',
  data: z.strictObject({
    earlyWarningId: z.string(),
    recommendationId: z.string(),
    summary: z.string(),
    details: z.string().optional(),
    assetIds: z.array(z.string()).max(100),
    assetsTruncated: z.boolean().describe('there are more: read them from the early warning'),
  }),
});
