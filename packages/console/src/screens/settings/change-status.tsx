// An asset policy change's status in words, with a badge whose text (not only its colour) says it.
import type { Schemas } from '@ismf/api-client/client';

type Status = Schemas['AssetPolicyChange']['status'];

export const CHANGE_STATUS: Record<Status, { text: string; tone: string }> = {
  'pending-approval': { text: 'Awaiting decision', tone: 'warn' },
  returned: { text: 'Returned for revision', tone: 'warn' },
  approved: { text: 'Approved (in force)', tone: 'ok' },
  rejected: { text: 'Rejected', tone: 'danger' },
  superseded: { text: 'Superseded by another change', tone: 'danger' },
  expired: { text: 'Expired', tone: 'danger' },
  interrupted: { text: 'Interrupted', tone: 'danger' },
  withdrawn: { text: 'Withdrawn', tone: 'danger' },
};

export function ChangeStatus({ status }: { status: Status }) {
  const { text, tone } = CHANGE_STATUS[status];
  return <span className={`badge ${tone}`}>{text}</span>;
}
