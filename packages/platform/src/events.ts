// The platform's events: tenants onboarded and disabled.
import * as z from 'zod';
import { defineEvent } from '@ismf/events/event';

export const tenantOnboarded = defineEvent({
  detailType: 'TenantOnboarded',
  clauses: ['6.1.3'],
  source: 'ismf.platform',
  description: 'A tenant organization was registered with its first administrator.',
  data: z.strictObject({ tenantId: z.string(), name: z.string() }),
});

export const tenantDisabled = defineEvent({
  detailType: 'TenantDisabled',
  clauses: ['8.3.3'],
  source: 'ismf.platform',
  description: 'A tenant was disabled: its users are refused and its schedules stop.',
  data: z.strictObject({ tenantId: z.string(), reason: z.string() }),
});
