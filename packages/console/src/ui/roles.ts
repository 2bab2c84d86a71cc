// The tenant roles in words, one list for every screen (sign-in, users, who decides a step).
import type { TenantRole } from '@ismf/core/roles';

export const ROLE_LABELS: Record<TenantRole, string> = {
  admin: 'Administrator',
  'security-officer': 'Security officer',
  manager: 'Manager',
  auditor: 'Auditor',
  'asset-owner': 'Asset owner',
  isirt: 'ISIRT member',
  staff: 'Staff',
};

/** A role inside a sentence ("waiting on a security officer"): lower case, but for an acronym. */
export function roleName(role: string | undefined): string {
  if (!role) return '—';
  const label = ROLE_LABELS[role as TenantRole];
  if (!label) return role;
  return /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}
