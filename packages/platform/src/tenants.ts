// Tenant onboarding and lifecycle (platform operators): the registry under the platform id, the
// organization record in the tenant's own partition, and the tenant's first administrator.
import { newId, PLATFORM_ID } from '@ismf/core/ids';
import { tenantDisabled, tenantOnboarded } from './events.ts';
import { userCreated } from '@ismf/directory/events';
import { problems } from '@ismf/core/problems';
import type { TenantData, TenantInput, UserData } from '@ismf/directory/rules';
import { cursorSecretItem } from '@ismf/store/cursor';
import { entityView, getEntity, queryPatternPage, requireEntity, type PageRequest } from '@ismf/store/entities';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { auditSaltItem, UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { userEntity } from '@ismf/directory/entities';
import { identityProvider } from '@ismf/directory/identity-provider';
import { signInOf, userView } from '@ismf/directory/users';
import { organizationEntity, tenantEntity } from './entities.ts';

export const TENANT = tenantEntity.type;
export const ORGANIZATION = organizationEntity.type;

export function tenantView(entity: StoredEntity<TenantData>) {
  return entityView(entity);
}

export async function onboardTenant(ctx: WriteContext, input: TenantInput, idempotency?: IdempotencyRequest) {
  const taken = () => problems.conflict(`tenant ${input.slug} already exists`, [{ path: 'body.slug', message: 'already taken' }]);
  let createdAccount: string | undefined;
  try {
    return await commitIdempotent(PLATFORM_ID, ctx.operation, idempotency, async () => {
      if (await getEntity(PLATFORM_ID, TENANT, input.slug)) throw taken();
      const adminId = newId();
      const account = await identityProvider().createAccount({
        tenantId: input.slug,
        userId: adminId,
        email: input.adminEmail,
        roles: ['admin'],
      });
      createdAccount = account.username;
      const work = new UnitOfWork(ctx);
      const tenantData: TenantData = { name: input.name, status: 'active', adminEmail: input.adminEmail };
      const tenant = work.create(tenantEntity, PLATFORM_ID, input.slug, tenantData);
      work.create(organizationEntity, input.slug, input.slug, tenantData);
      const adminData: UserData = {
        email: input.adminEmail,
        ...(input.adminDisplayName ? { displayName: input.adminDisplayName } : {}),
        roles: ['admin'],
        status: 'active',
        subject: account.subject,
        username: account.username,
      };
      // The tenant's secrets: the admin's audit entry digests their personal data with this new salt.
      work.record(cursorSecretItem(input.slug));
      work.record(auditSaltItem(input.slug));
      const admin = work.create(userEntity, input.slug, adminId, adminData);
      work.unique(input.slug, 'user-email', input.adminEmail, 'body.adminEmail', adminId);
      work.signInAccount(input.slug, account.subject, signInOf(adminId, adminData), true);
      work.event(tenantOnboarded.of(input.slug, { tenantId: input.slug, name: input.name }));
      work.event(userCreated.of(input.slug, { userId: adminId, roles: ['admin'] }));
      return { work, response: { tenant: tenantView(tenant), admin: userView(admin) } };
    });
  } catch (error) {
    // The sign-in account must not outlive a tenant that was never written.
    if (createdAccount)
      await identityProvider()
        .deleteAccount(createdAccount)
        .catch(() => undefined);
    // Lost a race for the slug: the registry entry was written by another onboarding first.
    if ((error as { status?: number }).status === 409 && (error as { errors?: unknown[] }).errors?.length === 0) throw taken();
    throw error;
  }
}

export async function listTenants(page: PageRequest) {
  const result = await queryPatternPage(tenantEntity, 'list', PLATFORM_ID, {}, { page });
  return { items: result.items.map(tenantView), nextCursor: result.nextCursor };
}

export async function getTenant(slug: string) {
  return tenantView(await requireEntity<TenantData>(PLATFORM_ID, TENANT, slug, `tenant ${slug}`));
}

/** Disabling stops every request of the tenant's users (checked per request) and keeps all its data. */
export async function disableTenant(ctx: WriteContext, slug: string, reason: string) {
  const tenant = await requireEntity<TenantData>(PLATFORM_ID, TENANT, slug, `tenant ${slug}`);
  if (tenant.data.status === 'disabled') throw problems.conflict(`tenant ${slug} is already disabled`);
  const organization = await requireEntity<TenantData>(slug, ORGANIZATION, slug, `tenant ${slug}`);
  const work = new UnitOfWork({ ...ctx, reason });
  const change = { status: 'disabled' as const, disabledAt: work.at, disabledReason: reason };
  const updated = work.update(tenantEntity, tenant, { ...tenant.data, ...change });
  work.update(organizationEntity, organization, { ...organization.data, ...change });
  work.event(tenantDisabled.of(slug, { tenantId: slug, reason }));
  await work.commit();
  return tenantView(updated);
}

/** Every tenant's id, page by page (the local runtime's sweep at start). */
export async function allTenantIds(): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listTenants({ limit: 100, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((tenant) => tenant.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
