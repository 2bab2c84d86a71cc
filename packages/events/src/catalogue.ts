// Every domain event, declared once: the outbox relay checks details against these schemas, the
// local bus routes by them, and CDK makes one EventBridge rule per route.
import * as z from 'zod';
import { defineEvent, type EventDefinition } from './event.ts';

const roles = z.array(z.string());

export const tenantOnboarded = defineEvent({
  detailType: 'TenantOnboarded',
  source: 'ismf.platform',
  description: 'A tenant organization was registered with its first administrator.',
  data: z.strictObject({ tenantId: z.string(), name: z.string() }),
  routes: [{ consumer: 'provisionTenantSchedules' }],
});

export const tenantDisabled = defineEvent({
  detailType: 'TenantDisabled',
  source: 'ismf.platform',
  description: 'A tenant was disabled: its users are refused and its schedules stop.',
  data: z.strictObject({ tenantId: z.string(), reason: z.string() }),
  routes: [{ consumer: 'provisionTenantSchedules' }],
});

export const userCreated = defineEvent({
  detailType: 'UserCreated',
  source: 'ismf.organization',
  description: 'A user was registered in the tenant’s directory.',
  data: z.strictObject({ userId: z.string(), roles }),
});

export const userUpdated = defineEvent({
  detailType: 'UserUpdated',
  source: 'ismf.organization',
  description: 'A user’s roles or details changed.',
  data: z.strictObject({ userId: z.string(), roles, status: z.enum(['active', 'disabled']) }),
});

export const userDisabled = defineEvent({
  detailType: 'UserDisabled',
  source: 'ismf.organization',
  description: 'A user lost access (termination or change of employment, X.1051 8.3.3).',
  data: z.strictObject({ userId: z.string(), roles, status: z.literal('disabled') }),
});

const assetRef = { assetId: z.string(), name: z.string(), type: z.string(), owner: z.string(), importance: z.number().int() };

export const assetPolicyChanged = defineEvent({
  detailType: 'AssetPolicyChanged',
  source: 'ismf.assets',
  description: 'The tenant’s asset policy was set or changed; when the valuation rule changed, every asset is re-valued.',
  data: z.strictObject({ version: z.number().int(), valuationChanged: z.boolean() }),
  routes: [{ consumer: 'revalueAssets', pattern: { detail: { data: { valuationChanged: [true] } } } }],
});

export const assetRegistered = defineEvent({
  detailType: 'AssetRegistered',
  source: 'ismf.assets',
  description: 'An asset was identified, classified and entered in the register.',
  data: z.strictObject(assetRef),
});

export const assetChanged = defineEvent({
  detailType: 'AssetChanged',
  source: 'ismf.assets',
  description: 'An asset’s register entry changed (by an edit, a review or a re-valuation).',
  data: z.strictObject({ ...assetRef, version: z.number().int(), fields: z.array(z.string()), reason: z.string() }),
});

export const assetReviewDue = defineEvent({
  detailType: 'AssetReviewDue',
  source: 'ismf.assets',
  description: 'An asset’s periodic review fell due.',
  data: z.strictObject({ ...assetRef, dueDate: z.string() }),
});

export const assetReviewed = defineEvent({
  detailType: 'AssetReviewed',
  source: 'ismf.assets',
  description: 'An asset’s owner confirmed or updated its entry; the next review date is set.',
  data: z.strictObject({ ...assetRef, outcome: z.enum(['confirmed', 'updated']), nextReviewDue: z.string() }),
});

export const assetComponentsReplaced = defineEvent({
  detailType: 'AssetComponentsReplaced',
  source: 'ismf.assets',
  description: 'A software asset’s component set (from an SBOM) was replaced.',
  data: z.strictObject({ assetId: z.string(), componentSetId: z.string(), count: z.number().int() }),
});

export const evidenceLinked = defineEvent({
  detailType: 'EvidenceLinked',
  source: 'ismf.evidence',
  description: 'A file was uploaded, hashed and linked to its record as evidence.',
  data: z.strictObject({
    evidenceId: z.string(),
    sha256: z.string(),
    size: z.number().int(),
    subject: z.strictObject({ type: z.string(), id: z.string() }).optional(),
  }),
});

export const events: readonly EventDefinition[] = [
  evidenceLinked,
  tenantOnboarded,
  tenantDisabled,
  userCreated,
  userUpdated,
  userDisabled,
  assetPolicyChanged,
  assetRegistered,
  assetChanged,
  assetReviewDue,
  assetReviewed,
  assetComponentsReplaced,
];

export function eventDefinition(source: string, detailType: string): EventDefinition | undefined {
  return events.find((event) => event.source === source && event.detailType === detailType);
}
