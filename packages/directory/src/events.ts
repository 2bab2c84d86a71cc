// The organization's events: the user directory (X.1051 8.1–8.3, 11.2).
import * as z from 'zod';
import { defineEvent } from '@ismf/events/event';

const roles = z.array(z.string());

export const userCreated = defineEvent({
  detailType: 'UserCreated',
  clauses: ['11.2.1'],
  source: 'ismf.organization',
  description: 'A user was registered in the tenant’s directory.',
  data: z.strictObject({ userId: z.string(), roles }),
});

export const userUpdated = defineEvent({
  detailType: 'UserUpdated',
  clauses: ['11.2.2'],
  source: 'ismf.organization',
  description: 'A user’s roles or details changed.',
  data: z.strictObject({ userId: z.string(), roles, status: z.enum(['active', 'disabled']) }),
});

export const userDisabled = defineEvent({
  detailType: 'UserDisabled',
  clauses: ['8.3.3'],
  source: 'ismf.organization',
  description: 'A user lost access (termination or change of employment, X.1051 8.3.3).',
  data: z.strictObject({ userId: z.string(), roles, status: z.literal('disabled') }),
});
