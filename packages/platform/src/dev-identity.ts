// The dev-only token endpoint's work (it does not exist in AWS): register the tenant and the user if
// they are new, bring the user's roles to what was asked, and mint a token with the Cognito claims.
import * as z from 'zod';
import { getEntity } from '@ismf/store/entities';
import { PLATFORM_ID, tenantIdSchema } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { tenantRolesSchema, type TenantRole } from '@ismf/core/roles';
import type { TenantData } from '@ismf/directory/rules';
import { onboardTenant, TENANT } from './tenants.ts';
import { createUser, findUserByEmail, updateUser } from '@ismf/directory/users';
import { forgetTenantStatus } from '@ismf/http/authorize';
import type { WriteContext } from '@ismf/store/unit-of-work';
import { OPERATOR_SUBJECT, operatorToken, type LocalIdentity } from '@ismf/local/identity';
import type { DevTokenIssuer } from '@ismf/local/server';

/** What the token endpoint takes: every field checked, none unknown (it writes to the directory). */
export const devTokenRequestSchema = z.strictObject({
  tenant: tenantIdSchema.optional(),
  /** A short user name (mailed as `<user>@<tenant>.example`) or an e-mail address; never a header's line break. */
  user: z.union([z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, 'a user name: letters, digits, . _ -'), z.email().max(254)]).optional(),
  roles: tenantRolesSchema.optional(),
  /** The new user's display name; by default made from the user name (`dana.weiss` → `Dana Weiss`). */
  name: z.string().trim().min(1).max(200).optional(),
  jobTitle: z.string().trim().min(1).max(200).optional(),
  operator: z.boolean().optional(),
  ttlSeconds: z.int().min(60).max(86_400).optional(),
});

export type DevTokenRequest = z.input<typeof devTokenRequestSchema>;

const devContext = (operation: string): WriteContext => ({
  actor: { userId: OPERATOR_SUBJECT, roles: ['platform-operator'] },
  operation,
  reason: 'local development token',
});

/** `dana.weiss@…` → `Dana Weiss`: a readable name for a user the token endpoint registers. */
function nameFrom(email: string): string {
  const words = email
    .slice(0, email.indexOf('@'))
    .split(/[._-]+/)
    .filter(Boolean);
  return words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ') || email;
}

export async function devToken(identity: LocalIdentity, request: DevTokenRequest): Promise<{ token: string; tenantId?: string; userId?: string }> {
  if (request.operator) return { token: await operatorToken(identity) };
  const tenantId = request.tenant;
  if (!tenantId) throw problems.invalid('name a tenant id (slug)', [{ path: 'body.tenant', message: 'a tenant slug, e.g. demo-telecom' }]);
  const asked = request.roles?.length ? request.roles : undefined;
  const user = request.user ?? 'admin';
  const email = (user.includes('@') ? user : `${user}@${tenantId}.example`).toLowerCase();
  const tenant = await getEntity<TenantData>(PLATFORM_ID, TENANT, tenantId);
  const known = tenant ? await findUserByEmail(tenantId, email) : undefined;
  // Without roles asked for, a known user keeps theirs (a token for dana.weiss is hers, not an admin's); a new one is an admin.
  const roles: readonly TenantRole[] = asked ?? (known?.data.roles as TenantRole[] | undefined) ?? ['admin'];
  if (!tenant) {
    await onboardTenant(devContext('createTenant'), {
      slug: tenantId,
      name: tenantId,
      adminEmail: roles.includes('admin') ? email : `admin@${tenantId}.example`,
      adminDisplayName: roles.includes('admin') ? (request.name ?? nameFrom(email)) : 'Admin',
    });
  } else if (tenant.data.status !== 'active') {
    throw problems.forbidden(`tenant ${tenantId} is ${tenant.data.status}`);
  }
  let found = known ?? (await findUserByEmail(tenantId, email));
  if (!found) {
    await createUser(devContext('createUser'), tenantId, {
      email,
      displayName: request.name ?? nameFrom(email),
      ...(request.jobTitle ? { jobTitle: request.jobTitle } : {}),
      roles: [...roles],
    });
    found = await findUserByEmail(tenantId, email);
  } else if ([...found.data.roles].sort().join() !== [...roles].sort().join()) {
    await updateUser({ ...devContext('updateUser'), actor: { userId: OPERATOR_SUBJECT, roles: ['admin'] } }, tenantId, found.id, found.version, {
      roles: [...roles],
    });
    // Requests authorize with the roles held now: this process must not answer from the roles it cached.
    forgetTenantStatus(tenantId);
  }
  if (!found) throw new Error('the user could not be registered');
  if (found.data.status !== 'active') throw problems.forbidden(`user ${email} is disabled`);
  const token = await identity.issue({
    subject: found.data.subject,
    email,
    tenantId,
    roles: [...roles],
    ...(request.ttlSeconds ? { ttlSeconds: request.ttlSeconds } : {}),
  });
  return { token, tenantId, userId: found.id };
}

/** The local server's token endpoint, as `npm start` hands it over. */
export const devTokens: DevTokenIssuer<DevTokenRequest> = { schema: devTokenRequestSchema, issue: devToken };
