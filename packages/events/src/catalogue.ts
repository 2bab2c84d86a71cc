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

export const events: readonly EventDefinition[] = [tenantOnboarded, tenantDisabled, userCreated, userUpdated, userDisabled];

export function eventDefinition(source: string, detailType: string): EventDefinition | undefined {
  return events.find((event) => event.source === source && event.detailType === detailType);
}
