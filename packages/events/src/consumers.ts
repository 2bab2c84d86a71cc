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
];

export function consumerDefinition(name: string): ConsumerDefinition {
  const consumer = consumers.find((candidate) => candidate.name === name);
  if (!consumer) throw new Error(`no consumer named ${name}`);
  return consumer;
}
