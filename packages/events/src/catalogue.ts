// Every domain event, declared once: the outbox relay checks details against these schemas, the
// local bus routes by them, and CDK makes one EventBridge rule per route.
import * as z from 'zod';
import { NOTIFICATION_KINDS } from '@ismf/core/notifications';
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

const subjectRef = z.strictObject({ type: z.string(), id: z.string() });
const flowRef = { flowId: z.string(), kind: z.string(), subject: subjectRef };

export const flowRequested = defineEvent({
  detailType: 'FlowRequested',
  source: 'ismf.flows',
  description: 'A subject was submitted for human decisions; the flow starts (its execution named by the flow id).',
  data: z.strictObject({ ...flowRef, flow: z.string() }),
  routes: [{ consumer: 'startFlow' }],
});

export const approvalRequested = defineEvent({
  detailType: 'ApprovalRequested',
  source: 'ismf.flows',
  description: 'A decision was asked of a role (an approval opened, with its due time).',
  data: z.strictObject({ ...flowRef, approvalId: z.string(), step: z.string(), role: z.string(), escalationLevel: z.number().int(), dueAt: z.string() }),
});

export const approvalDecided = defineEvent({
  detailType: 'ApprovalDecided',
  source: 'ismf.flows',
  description: 'A decider approved, rejected or returned a step; the flow resumes with the decision.',
  data: z.strictObject({ ...flowRef, approvalId: z.string(), step: z.string(), outcome: z.enum(['approve', 'reject', 'return']) }),
  routes: [{ consumer: 'resumeFlow' }],
});

export const approvalEscalated = defineEvent({
  detailType: 'ApprovalEscalated',
  source: 'ismf.flows',
  description: 'A decision was not taken in time: the step goes to the next role of its escalation chain.',
  data: z.strictObject({
    ...flowRef,
    expiredApprovalId: z.string(),
    step: z.string(),
    fromRole: z.string(),
    toRole: z.string(),
    escalationLevel: z.number().int(),
  }),
});

export const taskAssigned = defineEvent({
  detailType: 'TaskAssigned',
  source: 'ismf.flows',
  description: 'A work task (a revision, a test result) was assigned to a person.',
  data: z.strictObject({ ...flowRef, taskId: z.string(), step: z.string(), assignee: z.string(), dueAt: z.string() }),
});

export const taskCompleted = defineEvent({
  detailType: 'TaskCompleted',
  source: 'ismf.flows',
  description: 'A work task was completed with a valid result; the flow resumes with it.',
  data: z.strictObject({ ...flowRef, taskId: z.string(), step: z.string() }),
  routes: [{ consumer: 'resumeFlow' }],
});

export const flowWithdrawn = defineEvent({
  detailType: 'FlowWithdrawn',
  source: 'ismf.flows',
  description: 'The requester withdrew the subject; the flow ends at its open step.',
  data: z.strictObject({ ...flowRef, taskId: z.string(), taskType: z.enum(['approval', 'task']), reason: z.string() }),
  routes: [{ consumer: 'resumeFlow' }],
});

export const flowCompleted = defineEvent({
  detailType: 'FlowCompleted',
  source: 'ismf.flows',
  description: 'A flow ended: its subject was approved (and took effect), rejected, superseded, expired or interrupted.',
  data: z.strictObject({ ...flowRef, outcome: z.enum(['approved', 'rejected', 'superseded', 'expired', 'interrupted', 'withdrawn']) }),
});

export const notificationRequested = defineEvent({
  detailType: 'NotificationRequested',
  source: 'ismf.notifications',
  description: 'People should hear of a task or an alert: by e-mail now, or in their daily digest, by their choice for the kind.',
  data: z.strictObject({
    kind: z.enum(NOTIFICATION_KINDS),
    /** By role, by sign-in account (token subject), or by user id of the directory (members). */
    recipients: z.strictObject({ roles: z.array(z.string()).optional(), users: z.array(z.string()).optional(), members: z.array(z.string()).optional() }),
    /** Token subjects who must not be told (a requester of their own approval). */
    exclude: z.array(z.string()).optional(),
    title: z.string(),
    text: z.string(),
    link: z.string(),
  }),
  routes: [{ consumer: 'deliverNotification' }],
});

export const events: readonly EventDefinition[] = [
  flowRequested,
  approvalRequested,
  approvalDecided,
  approvalEscalated,
  taskAssigned,
  taskCompleted,
  flowWithdrawn,
  flowCompleted,
  notificationRequested,
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
