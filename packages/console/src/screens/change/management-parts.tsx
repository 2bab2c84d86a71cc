// What the change management screens of this folder (calendar, freezes, templates, settings, report) and the
// dashboard's tile share: a change's class and state, a template's status in words (badges whose text, not
// only their colour, says it), a window as people read it, and the roles that keep freezes, templates and
// settings (their operations' callers in the API catalogue: the console imports only the area's rules).
import type { Schemas } from '@ismf/api-client/client';
import type { AssetType } from '@ismf/assets/rules';
import type { ChangeClass, ChangeState } from '@ismf/change/rules';
import type { TenantRole } from '@ismf/core/roles';
import { api } from '../../api.ts';
import { formatTime } from '../../ui/format.ts';

export type CalendarItem = Schemas['ChangeCalendar']['items'][number];
export type Freeze = Schemas['ChangeFreeze'];

/**
 * GET /change-calendar as JSON (what it answers without an Accept header). The client types the answer as
 * either of the media types the API declares for it (JSON or iCalendar): a text one is no calendar here.
 */
export const readCalendar = (query: { from: string; to: string }) =>
  api()
    .GET('/change-calendar', { params: { query } })
    .then(({ data, error, response }) => ({ data: typeof data === 'string' ? undefined : data, error, response }));
export type Template = Schemas['ChangeTemplate'];

export const TEMPLATE_STATUS: Record<Template['status'], { text: string; tone: string }> = {
  'pending-approval': { text: 'Awaiting approval', tone: 'warn' },
  returned: { text: 'Returned for revision', tone: 'warn' },
  approved: { text: 'Approved', tone: 'ok' },
  rejected: { text: 'Rejected', tone: 'danger' },
  expired: { text: 'Expired', tone: 'danger' },
  interrupted: { text: 'Interrupted', tone: 'danger' },
  withdrawn: { text: 'Withdrawn', tone: 'danger' },
  superseded: { text: 'Superseded', tone: 'danger' },
};

export function TemplateStatus({ status }: { status: Template['status'] }) {
  const { text, tone } = TEMPLATE_STATUS[status];
  return <span className={`badge ${tone}`}>{text}</span>;
}

export const TYPE_NAMES: Record<AssetType, string> = {
  information: 'Information',
  software: 'Software',
  physical: 'Physical',
  service: 'Service',
  people: 'People',
  intangible: 'Intangible',
};
export const assetTypesText = (types: readonly AssetType[] | undefined) => (types?.length ? types.map((type) => TYPE_NAMES[type]).join(', ') : 'any');

/** createChangeFreeze and endChangeFreeze's callers. */
export const FREEZE_KEEPERS: readonly TenantRole[] = ['admin', 'security-officer', 'manager'];
/** createChangeTemplate's callers. */
export const TEMPLATE_PROPOSERS: readonly TenantRole[] = ['admin', 'security-officer', 'manager'];
/** putChangeSettings's callers. */
export const SETTINGS_KEEPERS: readonly TenantRole[] = ['admin', 'security-officer'];

export const holds = (roles: readonly TenantRole[] | undefined, allowed: readonly TenantRole[]) => !!roles?.some((role) => allowed.includes(role));

export const CLASS_LABELS: Record<ChangeClass, string> = { standard: 'Standard', normal: 'Normal', emergency: 'Emergency' };

const STATES: Record<ChangeState, { text: string; tone: string }> = {
  draft: { text: 'Draft', tone: '' },
  submitted: { text: 'Submitted', tone: 'warn' },
  returned: { text: 'Returned for revision', tone: 'warn' },
  authorized: { text: 'Authorized', tone: 'ok' },
  rejected: { text: 'Rejected', tone: 'danger' },
  expired: { text: 'Expired', tone: 'danger' },
  withdrawn: { text: 'Withdrawn', tone: '' },
  implemented: { text: 'Implemented', tone: 'ok' },
  'partly-implemented': { text: 'Partly implemented', tone: 'warn' },
  'rolled-back': { text: 'Rolled back', tone: 'danger' },
  failed: { text: 'Failed', tone: 'danger' },
  refused: { text: 'Refused', tone: 'danger' },
};

export function ChangeStateBadge({ state }: { state: ChangeState }) {
  const { text, tone } = STATES[state];
  return <span className={`badge ${tone}`}>{text}</span>;
}

/** A window (or a freeze) from its start to its end, in local time. */
export const formatWindow = (start: string, end: string) => `${formatTime(start)} – ${formatTime(end)}`;

const pad = (n: number) => String(n).padStart(2, '0');
/** A local day as an address writes it (`2026-05-04`). */
export const dayOf = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** A datetime-local input's value (local time) as the API takes it (UTC ISO); as typed when it is no time, so the schema names it. */
export const isoFromLocal = (value: string) => {
  const time = value.trim() ? new Date(value) : undefined;
  return time && !Number.isNaN(time.getTime()) ? time.toISOString() : value;
};
