// What the weakness report screens and the dashboard share (X.1051 13.1.2): a report's state in words, who
// sees every report (the others see their own), and who triages.
import type { Schemas } from '@ismf/api-client/client';
import { WEAKNESS_OVERSEERS, type WeaknessState } from '@ismf/early-warning/rules';
import { useWho } from '../../session/session.ts';

export type WeaknessReport = Schemas['WeaknessReport'];

export const WEAKNESS_STATE_LABELS: Record<WeaknessState, { text: string; tone: string }> = {
  reported: { text: 'Awaiting triage', tone: 'warn' },
  triaged: { text: 'Recorded as an advisory', tone: 'ok' },
  dismissed: { text: 'Dismissed', tone: '' },
};

export function WeaknessStateBadge({ state }: { state: WeaknessState }) {
  const { text, tone } = WEAKNESS_STATE_LABELS[state];
  return <span className={`badge ${tone}`}>{text}</span>;
}

/** Whether the person sees every report (security officers, administrators, auditors), not only their own. */
export function useOverseer(): boolean {
  const roles = useWho()?.roles ?? [];
  return WEAKNESS_OVERSEERS.some((role) => roles.includes(role));
}
