// The functions that consume events from the bus. Each is idempotent: an event id it has seen is a no-op.
import type { TableAccess } from '@ismf/catalogue/operation';

export interface ConsumerDefinition {
  name: string;
  description: string;
  handler: string;
  access: TableAccess & {
    /** EventBridge Scheduler actions on the per-job schedule groups. */
    scheduler?: boolean;
  };
}

export const consumers: readonly ConsumerDefinition[] = [
  {
    name: 'provisionTenantSchedules',
    description: 'Creates a tenant’s schedules (one per scheduled job) when it is onboarded, and removes them when it is disabled.',
    handler: 'functions/platform/provision-tenant-schedules.ts',
    access: {
      table: 'write',
      crossTenant: 'local schedule records live under the platform id; in AWS the schedules live in Scheduler',
      scheduler: true,
    },
  },
  {
    name: 'revalueAssets',
    description: 'Re-values every asset of the tenant by its new valuation rule; each change is audited and announced.',
    handler: 'functions/assets/revalue-assets.ts',
    access: { table: 'write', indexes: ['GSI1'] },
  },
  {
    name: 'startFlow',
    description: 'Starts the flow a subject asked for (its execution named by the flow id, so a redelivery starts nothing new).',
    handler: 'functions/flows/start-flow.ts',
    access: { table: 'write', flows: 'start' },
  },
  {
    name: 'resumeFlow',
    description: 'Sends a recorded decision or task completion to its waiting flow (SendTaskSuccess / SendTaskFailure).',
    handler: 'functions/flows/resume-flow.ts',
    access: { table: 'write', flows: 'resume' },
  },
  {
    name: 'deliverNotification',
    description: 'Delivers a notification to each recipient: an e-mail now, or a line in tomorrow’s digest, by the recipient’s choice for its kind.',
    handler: 'functions/notifications/deliver-notification.ts',
    access: { table: 'write', indexes: ['GSI1'], mail: true },
  },
];

export function consumerDefinition(name: string): ConsumerDefinition {
  const consumer = consumers.find((candidate) => candidate.name === name);
  if (!consumer) throw new Error(`no consumer named ${name}`);
  return consumer;
}
