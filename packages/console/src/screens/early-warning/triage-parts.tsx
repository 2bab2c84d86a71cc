// Triage of one finding (an affected asset × vulnerability) of an early warning, as Dependency-Track users know
// it (X.1052 12.2.1 b–c): its state in words, the CycloneDX justification of a not-affected one, who triaged it,
// when and why; and the form that records a person's judgement (POST …/findings/{assetId}/{vulnerability}/triage,
// If-Match the early warning's version), checked first with the API's own schema, each error beside its field.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { TenantRole } from '@ismf/core/roles';
import { findingTriageSchema, TRIAGE_STATES, VEX_JUSTIFICATIONS, type TriageState } from '@ismf/early-warning/rules';
import { act, api } from '../../api.ts';
import { useWho } from '../../session/session.ts';
import { check, Field, FormActions, useSubmission } from '../../ui/form.tsx';
import { formatTime } from '../../ui/format.ts';
import { ProblemBanner } from '../../ui/problem.tsx';
import type { EarlyWarning, Finding } from './priority-parts.tsx';

type Justification = (typeof VEX_JUSTIFICATIONS)[number];

export const TRIAGE_STATE_LABELS: Record<TriageState, string> = {
  'in-triage': 'In triage',
  exploitable: 'Exploitable',
  'not-affected': 'Not affected',
  'false-positive': 'False positive',
  resolved: 'Resolved',
};

export const TRIAGE_STATE_HINTS: Record<TriageState, string> = {
  'in-triage': 'being looked at: the asset stays exposed',
  exploitable: 'confirmed: the asset is exposed and must be treated',
  'not-affected': 'the vulnerable code is there but cannot be exploited: say why',
  'false-positive': 'the match is wrong: the asset does not run what the advisory names',
  resolved: 'fixed: patched, replaced or removed',
};

/** The CycloneDX `analysis.justification` values in words. */
export const JUSTIFICATION_LABELS: Record<Justification, string> = {
  code_not_present: 'The vulnerable code is not present',
  code_not_reachable: 'The vulnerable code is not reachable',
  requires_configuration: 'Exploitation requires a configuration not in use',
  requires_dependency: 'Exploitation requires a dependency not present',
  requires_environment: 'Exploitation requires an environment not present',
  protected_by_compiler: 'Protected by the compiler',
  protected_at_runtime: 'Protected at runtime',
  protected_at_perimeter: 'Protected at the perimeter',
  protected_by_mitigating_control: 'Protected by a mitigating control',
};

/** Triage states after which the asset is no longer exposed (the API's SETTLED_STATES). */
const SETTLED: readonly TriageState[] = ['not-affected', 'false-positive', 'resolved'];

/** Who triages (the operation's roles): any finding, or — an asset owner — those of their own assets (the API checks which). */
const TRIAGERS: readonly TenantRole[] = ['admin', 'security-officer', 'isirt', 'asset-owner'];

export function useMayTriage(): boolean {
  const roles = useWho()?.roles ?? [];
  return TRIAGERS.some((role) => roles.includes(role));
}

export function TriageStateBadge({ state }: { state: TriageState }) {
  const tone = SETTLED.includes(state) ? 'ok' : state === 'exploitable' ? 'danger' : 'warn';
  return <span className={`badge ${tone}`}>{TRIAGE_STATE_LABELS[state]}</span>;
}

/** A finding's triage as its row shows it: the state, the justification, the reason, who and when. */
export function TriageSummary({ finding }: { finding: Finding }) {
  const triage = finding.triage;
  if (!triage) {
    return finding.justification ? <span className="hint">{finding.justification}</span> : <span className="hint">not triaged</span>;
  }
  return (
    <>
      <TriageStateBadge state={triage.state} />
      {triage.justification && (
        <>
          <br />
          {JUSTIFICATION_LABELS[triage.justification]} <span className="hint mono">({triage.justification})</span>
        </>
      )}
      <br />
      <span className="prose">{triage.reason}</span>
      <br />
      <small className="hint">
        by {triage.byPerson?.name ?? triage.by}, {formatTime(triage.at)}
      </small>
    </>
  );
}

export const findingLabel = (finding: Finding) => `${finding.vulnerability} on ${finding.assetName}`;

const FIELDS = ['body.state', 'body.justification', 'body.reason'];

/**
 * The triage of one finding, under the findings table: the state, the justification only for not affected, the
 * reason. Sent with the early warning's version in If-Match; a 412 says someone changed it meanwhile.
 */
export function TriageForm({
  warning,
  etag,
  finding,
  onDone,
  onCancel,
  onReload,
}: {
  warning: EarlyWarning;
  etag: string | undefined;
  finding: Finding;
  onDone: (finding: Finding) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const [state, setState] = useState<TriageState>(finding.triage?.state ?? 'in-triage');
  const [justification, setJustification] = useState<Justification | ''>(finding.triage?.justification ?? '');
  const [reason, setReason] = useState(finding.triage?.reason ?? '');
  const form = useSubmission();
  const heading = useRef<HTMLHeadingElement>(null);
  const label = findingLabel(finding);
  const headingId = `triage-${finding.assetId}-${finding.vulnerability}`.replace(/[^A-Za-z0-9_-]/g, '-');
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'nearest' });
  }, [label]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const body = { state, ...(state === 'not-affected' && justification ? { justification } : {}), reason };
      const checked = check(findingTriageSchema, body);
      if (checked.problem) return checked.problem;
      const answer = await act(
        api().POST('/early-warnings/{earlyWarningId}/findings/{assetId}/{vulnerability}/triage', {
          params: {
            path: { earlyWarningId: warning.id, assetId: finding.assetId, vulnerability: finding.vulnerability },
            header: { 'If-Match': etag ?? `"${warning.version}"` },
          },
          body: checked.value,
        }),
      );
      if (answer.problem) return answer.problem;
      onDone(answer.data.finding);
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby={headingId} className="card">
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        Triage {label}
      </h3>
      <p className="hint">
        Who and when are recorded with the reason; the triage stays when the advisory or the asset changes. Not affected, false positive and resolved take the
        asset off the still exposed count.
      </p>
      <ProblemBanner problem={form.problem} fields={FIELDS} onReload={onReload} />
      <Field label="State" hint={TRIAGE_STATE_HINTS[state]} error={form.error('body.state')}>
        {(props) => (
          <select {...props} value={state} onChange={(event) => setState(event.target.value as TriageState)}>
            {TRIAGE_STATES.map((option) => (
              <option key={option} value={option}>
                {TRIAGE_STATE_LABELS[option]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {state === 'not-affected' && (
        <Field label="Justification" hint="why it is not affected (CycloneDX VEX justification)" error={form.error('body.justification')}>
          {(props) => (
            <select {...props} value={justification} onChange={(event) => setJustification(event.target.value as Justification | '')}>
              <option value="">— choose the justification —</option>
              {VEX_JUSTIFICATIONS.map((option) => (
                <option key={option} value={option}>
                  {JUSTIFICATION_LABELS[option]}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Reason" hint="what was found, and how" error={form.error('body.reason')}>
        {(props) => <textarea {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <FormActions label="Save the triage" busyLabel="Saving…" busy={form.busy} onCancel={onCancel} />
    </form>
  );
}
