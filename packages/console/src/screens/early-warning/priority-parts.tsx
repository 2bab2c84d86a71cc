// What the early-warning screens of analysis share (X.1052 12.2.1 b): the priority badge (its word says it,
// its colour repeats it), the words of exposure and exploitation, the priority's breakdown written as its
// formula (CVSS × importance × exposure × exploitation = score → priority), and the TLP band of a restricted
// early warning (the advisory's, in the same words).
import type { Schemas } from '@ismf/api-client/client';
import type { Priority } from '@ismf/early-warning/rules';
import { TLP_MEANING, TlpBadge, type Tlp } from './parts.tsx';

export type EarlyWarning = Schemas['EarlyWarning'];
export type Finding = Schemas['EarlyWarningFinding'];
export type Breakdown = NonNullable<EarlyWarning['breakdown']>;

export const PRIORITY_LABELS: Record<Priority, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

export const EXPOSURE_LABELS: Record<string, string> = {
  'internet-facing': 'Internet-facing',
  'partner-facing': 'Partner-facing',
  internal: 'Internal',
  isolated: 'Isolated',
  unknown: 'Not stated',
};

export const EXPLOITATION_LABELS: Record<Breakdown['exploitation']['level'], string> = {
  'known-exploited': 'known exploited (KEV)',
  reported: 'exploitation reported',
  likely: 'exploitation likely (EPSS)',
  none: 'no exploitation known',
};

/** An EPSS probability as people read it: a percentage. */
export const formatEpss = (probability: number) => `${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(probability * 100)} %`;

export const STATE_LABELS: Record<EarlyWarning['state'], string> = { open: 'Open', 'no-impact': 'No impact' };

const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
/** A score or a factor as people read it: at most two decimals. */
export const formatScore = (value: number) => number.format(value);

export function PriorityBadge({ priority, score }: { priority: Priority | undefined; score?: number | undefined }) {
  if (!priority) return <span className="badge severity">No priority</span>;
  return (
    <span className={`badge severity severity-${priority}`}>
      {PRIORITY_LABELS[priority]}
      {score !== undefined && ` ${formatScore(score)}`}
    </span>
  );
}

export function EarlyWarningStateBadge({ state }: { state: EarlyWarning['state'] }) {
  return state === 'open' ? <span className="badge danger">Open</span> : <span className="badge ok">No impact</span>;
}

/** The breakdown as its formula, each term named, ending in the score and the priority it maps to. */
export function PriorityFormula({ breakdown }: { breakdown: Breakdown }) {
  const exposure = EXPOSURE_LABELS[breakdown.exposure.level] ?? breakdown.exposure.level;
  return (
    <p className="formula">
      <span className="nowrap">
        CVSS {formatScore(breakdown.cvss)}
        {breakdown.cvssAssumed && ' (assumed: not scored)'}
      </span>{' '}
      ×{' '}
      <span className="nowrap">
        importance {breakdown.importance.level} ({formatScore(breakdown.importance.factor)})
      </span>{' '}
      ×{' '}
      <span className="nowrap">
        exposure {exposure.toLowerCase()} ({formatScore(breakdown.exposure.factor)})
      </span>{' '}
      ×{' '}
      <span className="nowrap">
        {EXPLOITATION_LABELS[breakdown.exploitation.level]}
        {breakdown.exploitation.epss !== undefined && `, EPSS ${formatEpss(breakdown.exploitation.epss)}`} ({formatScore(breakdown.exploitation.factor)})
      </span>{' '}
      = <strong>{formatScore(breakdown.score)}</strong> → <PriorityBadge priority={breakdown.priority} />
    </p>
  );
}

/** The breakdown term by term, for the page that explains a priority. */
export function BreakdownFacts({ breakdown }: { breakdown: Breakdown }) {
  return (
    <dl className="facts">
      <dt>CVSS base score</dt>
      <dd>
        {formatScore(breakdown.cvss)}
        {breakdown.cvssAssumed && <span className="hint"> — no CVSS score was given: the score your settings assume for an unscored vulnerability</span>}
      </dd>
      <dt>Asset importance</dt>
      <dd>
        {breakdown.importance.level} of 5 — factor {formatScore(breakdown.importance.factor)}
      </dd>
      <dt>Exposure</dt>
      <dd>
        {EXPOSURE_LABELS[breakdown.exposure.level] ?? breakdown.exposure.level} — factor {formatScore(breakdown.exposure.factor)}
      </dd>
      <dt>Exploitation</dt>
      <dd>
        {EXPLOITATION_LABELS[breakdown.exploitation.level]} — factor {formatScore(breakdown.exploitation.factor)}
      </dd>
      <dt>Score</dt>
      <dd>
        {formatScore(breakdown.score)} → <PriorityBadge priority={breakdown.priority} />
      </dd>
    </dl>
  );
}

/** A restricted marking, said before anything else on the page (as on the advisory's). */
export function TlpBand({ tlp }: { tlp: Tlp }) {
  return (
    <div className={`tlp-band tlp-band-${tlp.toLowerCase()}`} role="note" aria-label={`Marked TLP:${tlp}`}>
      <TlpBadge tlp={tlp} /> <strong>{TLP_MEANING[tlp]}</strong> Your organization shows it only to the roles it allows to see TLP:{tlp} advisories: do not
      forward it beyond them.
    </div>
  );
}
