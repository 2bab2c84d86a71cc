// Tenants (organizations) and their users: the data the platform and the user directory keep. Pure: the
// console's forms check input with these schemas too.
import * as z from 'zod';
import { tenantIdSchema, ulidSchema } from '@ismf/core/id-patterns';
import { tenantRolesSchema } from '@ismf/core/roles';

export const emailSchema = z
  .email('a valid e-mail address')
  .max(254)
  .transform((value) => value.toLowerCase());

export const tenantStatusSchema = z.enum(['active', 'disabled']);
export const userStatusSchema = z.enum(['active', 'disabled']);

export interface TenantData {
  [key: string]: unknown;
  name: string;
  status: 'active' | 'disabled';
  adminEmail: string;
  disabledAt?: string;
  disabledReason?: string;
}

export interface UserData {
  [key: string]: unknown;
  email: string;
  /** How the person is called wherever a record names them (required for users registered since W2.6). */
  displayName?: string;
  jobTitle?: string;
  roles: string[];
  status: 'active' | 'disabled';
  /** The token subject (`sub`) of this user's sign-in account. */
  subject: string;
  /** The sign-in account's name at the identity provider. */
  username: string;
  /** The user's line manager (a user id): managers see their team's overdue tasks. */
  managerId?: string;
  /** Per notification kind: an e-mail at once (the default) or a line in the daily digest. */
  notifications?: Record<string, 'immediate' | 'daily-digest'>;
}

export const tenantInputSchema = z.strictObject({
  slug: tenantIdSchema,
  name: z.string().trim().min(1).max(200),
  adminEmail: emailSchema,
  adminDisplayName: z.string().trim().min(1).max(200).optional(),
});
export type TenantInput = z.infer<typeof tenantInputSchema>;

const displayNameSchema = z.string().trim().min(1).max(200).describe('how the person is called wherever a record names them');
const jobTitleSchema = z.string().trim().min(1).max(200).describe('e.g. “Network security engineer”');

export const userInputSchema = z.strictObject({
  email: emailSchema,
  displayName: displayNameSchema,
  jobTitle: jobTitleSchema.optional(),
  roles: tenantRolesSchema,
  managerId: ulidSchema.optional().describe('the user id of the line manager'),
});
export type UserInput = z.infer<typeof userInputSchema>;

/** A merge patch of a user: name, job title (null removes it), roles or status; an optional reason is audited. */
export const userPatchSchema = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    jobTitle: jobTitleSchema.nullable().optional(),
    roles: tenantRolesSchema.optional(),
    status: userStatusSchema.optional(),
    managerId: ulidSchema.nullable().optional(),
    reason: z.string().trim().min(1).max(1000).optional(),
  })
  .refine((patch) => Object.keys(patch).some((key) => key !== 'reason'), 'a patch changes at least one field');
export type UserPatch = z.infer<typeof userPatchSchema>;
