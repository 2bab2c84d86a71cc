// The roles a tenant's users hold (token group claims) and the platform operator group.
import * as z from 'zod';

export const TENANT_ROLES = ['admin', 'security-officer', 'manager', 'auditor', 'asset-owner', 'isirt', 'staff'] as const;

export type TenantRole = (typeof TENANT_ROLES)[number];

/** Operators run the platform; they hold no tenant claim and only platform operations accept them. */
export const PLATFORM_OPERATOR = 'platform-operator';
export type PlatformRole = typeof PLATFORM_OPERATOR;
export type Role = TenantRole | PlatformRole;

export const tenantRoleSchema = z.enum(TENANT_ROLES);
export const tenantRolesSchema = z
  .array(tenantRoleSchema)
  .min(1, 'a user holds at least one role')
  .max(TENANT_ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, 'roles must not repeat');
