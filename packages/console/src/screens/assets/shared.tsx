// What the asset screens share: names as people read them, the review and status badges (text, never colour
// alone), the tenant's asset policy (the classification levels, categories and business processes a form
// offers) and the upload of a file to a presigned link.
import type { Schemas } from '@ismf/api-client/client';
import { IMPORTANCE_NAMES, type AssetType } from '@ismf/assets/rules';
import type { TenantRole } from '@ismf/core/roles';
import { api, useApiData } from '../../api.ts';

export type Asset = Schemas['Asset'];
export type AssetPolicy = Schemas['GetAssetPolicyResponse'];

export const REGISTRARS: readonly TenantRole[] = ['admin', 'security-officer', 'asset-owner'];
export const KEEPERS: readonly TenantRole[] = ['admin', 'security-officer'];
export const EXPORTERS: readonly TenantRole[] = ['admin', 'security-officer', 'manager', 'auditor'];
export const AUDITORS: readonly TenantRole[] = ['admin', 'security-officer', 'auditor'];

export const holds = (roles: readonly TenantRole[] | undefined, allowed: readonly TenantRole[]) => !!roles?.some((role) => allowed.includes(role));

export const TYPE_LABELS: Record<AssetType, string> = {
  information: 'Information',
  software: 'Software',
  physical: 'Physical',
  service: 'Service',
  people: 'People',
  intangible: 'Intangible',
};

export const importanceLabel = (level: number) => `${level} · ${IMPORTANCE_NAMES[level as keyof typeof IMPORTANCE_NAMES] ?? '?'}`;

/** Today as the API writes dates (UTC): a review due before it is overdue. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);

export function ReviewBadge({ asset }: { asset: Pick<Asset, 'nextReviewDue' | 'status'> }) {
  if (asset.status !== 'active') return null;
  const today = todayUtc();
  if (asset.nextReviewDue < today) return <span className="badge danger">Overdue</span>;
  if (asset.nextReviewDue === today) return <span className="badge warn">Due today</span>;
  return null;
}

const STATUS_CLASS: Record<Asset['status'], string> = { active: 'ok', retired: 'warn', disposed: 'danger', merged: 'warn' };

export function StatusBadge({ status }: { status: Asset['status'] }) {
  return <span className={`badge ${STATUS_CLASS[status]}`}>{status}</span>;
}

/** The tenant's asset policy: what a form offers to pick from. Undefined while it loads (or if refused). */
export function useAssetPolicy(): AssetPolicy | undefined {
  return useApiData(() => api().GET('/asset-policy'), []).data;
}
