// The early-warning settings (X.1052 12.2.1 a, b): the roles that see — and are told of — advisories marked
// TLP:AMBER and TLP:RED (to everyone else such an advisory is not there), and how an early warning's priority is
// computed: CVSS × the factor of the asset's importance × of its exposure × of exploitation, the score mapped to
// a priority by thresholds. Version 0 is the defaults. Auditors read them; administrators and security officers
// change them (PUT /early-warning-settings with both parts, If-Match the version read: a 412 says someone changed
// them meanwhile), checked first with the area's own schema.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { IMPORTANCE_NAMES } from '@ismf/assets/rules';
import type { TenantRole } from '@ismf/core/roles';
import { earlyWarningSettingsSchema, EXPOSURE_LEVELS, PRIORITIES } from '@ismf/early-warning/rules';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, useApiData } from '../../api.ts';
import { check, Field, useSubmission } from '../../ui/form.tsx';
import { formatTime } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner, refusal } from '../../ui/problem.tsx';
import { RolesField } from '../../ui/roles-field.tsx';
import { ROLE_LABELS } from '../../ui/roles.ts';
import { numberOr, TLP_MEANING, TlpBadge, useKeeper } from './parts.tsx';
import { EXPOSURE_LABELS, formatScore, PRIORITY_LABELS } from './priority-parts.tsx';

type Settings = Schemas['EarlyWarningSettings'];
type Label = 'AMBER' | 'RED';
const LABELS: readonly Label[] = ['AMBER', 'RED'];

type PrioritySettings = Settings['priority'];
const IMPORTANCE_LEVELS = ['1', '2', '3', '4', '5'] as const;
const EXPOSURE_KEYS = [...EXPOSURE_LEVELS, 'unknown'] as const;
const THRESHOLDS = PRIORITIES.filter((priority) => priority !== 'low') as readonly ('critical' | 'high' | 'medium')[];
type Exploitation = 'knownExploited' | 'exploitationReported' | 'unscored';
const EXPLOITATION_FIELDS: readonly { key: Exploitation; label: string; hint: string }[] = [
  { key: 'knownExploited', label: 'Known exploited (KEV)', hint: 'the factor when the vulnerability is in CISA’s KEV catalog' },
  { key: 'exploitationReported', label: 'Exploitation reported', hint: 'the factor when the advisory reports exploitation, and it is not in KEV' },
  { key: 'unscored', label: 'CVSS assumed when unscored', hint: 'the base score that stands in for a vulnerability without one (0–10)' },
];
const importanceLabel = (level: (typeof IMPORTANCE_LEVELS)[number]) => `Importance ${level} (${IMPORTANCE_NAMES[Number(level) as 1]})`;

/** The priority settings as typed: every number a string, so that nothing typed is lost on an error. */
interface PriorityDraft {
  importance: Record<(typeof IMPORTANCE_LEVELS)[number], string>;
  exposure: Record<(typeof EXPOSURE_KEYS)[number], string>;
  knownExploited: string;
  exploitationReported: string;
  unscored: string;
  thresholds: Record<(typeof THRESHOLDS)[number], string>;
  epss: { enabled: boolean; threshold: string; factor: string; url: string };
}

const mapOf = <K extends string>(keys: readonly K[], value: (key: K) => string) =>
  Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, string>;

function draftOf(priority: PrioritySettings): PriorityDraft {
  return {
    importance: mapOf(IMPORTANCE_LEVELS, (level) => String(priority.importance[level])),
    exposure: mapOf(EXPOSURE_KEYS, (level) => String(priority.exposure[level])),
    knownExploited: String(priority.knownExploited),
    exploitationReported: String(priority.exploitationReported),
    unscored: String(priority.unscored),
    thresholds: mapOf(THRESHOLDS, (level) => String(priority.thresholds[level])),
    epss: { enabled: priority.epss.enabled, threshold: String(priority.epss.threshold), factor: String(priority.epss.factor), url: priority.epss.url ?? '' },
  };
}

const numbersOf = <K extends string>(typed: Record<K, string>) =>
  Object.fromEntries(Object.entries(typed).map(([key, value]) => [key, numberOr(value as string)]));

function priorityOfDraft(draft: PriorityDraft) {
  return {
    importance: numbersOf(draft.importance),
    exposure: numbersOf(draft.exposure),
    knownExploited: numberOr(draft.knownExploited),
    exploitationReported: numberOr(draft.exploitationReported),
    unscored: numberOr(draft.unscored),
    thresholds: numbersOf(draft.thresholds),
    epss: {
      enabled: draft.epss.enabled,
      threshold: numberOr(draft.epss.threshold),
      factor: numberOr(draft.epss.factor),
      ...(draft.epss.url.trim() ? { url: draft.epss.url.trim() } : {}),
    },
  };
}

/** The priority settings in force, as tables of factors and thresholds. */
function PriorityInForce({ priority }: { priority: PrioritySettings }) {
  return (
    <section className="card" aria-labelledby="priority-in-force">
      <h2 id="priority-in-force">How the priority is computed</h2>
      <p>
        An early warning’s score is the highest CVSS base score of its vulnerabilities × the factor of the asset’s importance × the factor of its exposure × the
        factor of exploitation; the score gives the priority by the thresholds.
      </p>
      <div className="columns">
        <table>
          <caption>Factors of importance and exposure</caption>
          <tbody>
            {IMPORTANCE_LEVELS.map((level) => (
              <tr key={level}>
                <th scope="row">{importanceLabel(level)}</th>
                <td>× {formatScore(priority.importance[level])}</td>
              </tr>
            ))}
            {EXPOSURE_KEYS.map((level) => (
              <tr key={level}>
                <th scope="row">Exposure: {EXPOSURE_LABELS[level]!.toLowerCase()}</th>
                <td>× {formatScore(priority.exposure[level])}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>Exploitation, unscored vulnerabilities and thresholds</caption>
          <tbody>
            {EXPLOITATION_FIELDS.map(({ key, label }) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td>{key === 'unscored' ? `CVSS ${formatScore(priority.unscored)}` : `× ${formatScore(priority[key])}`}</td>
              </tr>
            ))}
            {THRESHOLDS.map((level) => (
              <tr key={level}>
                <th scope="row">{PRIORITY_LABELS[level]}</th>
                <td>score ≥ {formatScore(priority.thresholds[level])}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{PRIORITY_LABELS.low}</th>
              <td>score &lt; {formatScore(priority.thresholds.medium)}</td>
            </tr>
            <tr>
              <th scope="row">Exploitation likely (EPSS)</th>
              <td>
                {priority.epss.enabled
                  ? `× ${formatScore(priority.epss.factor)} when FIRST’s EPSS probability is at least ${formatScore(priority.epss.threshold * 100)} %`
                  : 'not used'}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PriorityForm({ settings, etag, onSaved, onReload }: { settings: Settings; etag: string | undefined; onSaved: () => void; onReload: () => void }) {
  const [draft, setDraft] = useState<PriorityDraft>(() => draftOf(settings.priority));
  const [saved, setSaved] = useState(false);
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void form.run(async () => {
      // The whole settings are put: the TLP roles stay as read.
      const checked = check(earlyWarningSettingsSchema, { tlpRoles: settings.tlpRoles, priority: priorityOfDraft(draft) });
      if (checked.problem) return checked.problem;
      const outcome = await act(
        api().PUT('/early-warning-settings', { params: { header: { 'If-Match': etag ?? `"${settings.version}"` } }, body: checked.value }),
      );
      if (outcome.problem) return outcome.problem;
      setSaved(true);
      onSaved();
      return undefined;
    });
  };
  const exact = (path: string) => form.problem?.errors.find((error) => error.path === path)?.message;
  const number = (label: string, path: string, value: string, set: (value: string) => void, hint?: string) => (
    <Field key={path} label={label} error={form.error(`body.priority.${path}`)} {...(hint ? { hint } : {})}>
      {(props) => <input {...props} type="number" inputMode="decimal" step="0.01" min={0} value={value} onChange={(event) => set(event.target.value)} />}
    </Field>
  );
  const setIn =
    <G extends 'importance' | 'exposure' | 'thresholds'>(group: G, key: keyof PriorityDraft[G]) =>
    (value: string) =>
      setDraft((before) => ({ ...before, [group]: { ...before[group], [key]: value } }));
  const setEpss = (key: 'threshold' | 'factor' | 'url') => (value: string) => setDraft((before) => ({ ...before, epss: { ...before.epss, [key]: value } }));
  const thresholdsError = exact('body.priority.thresholds');
  return (
    <form onSubmit={submit} noValidate aria-labelledby="priority-form-heading" className="card">
      <h2 id="priority-form-heading">Change how the priority is computed</h2>
      {saved && (
        <p role="status" className="notice">
          The priority settings are saved. Early warnings take them when they are next matched.
        </p>
      )}
      <ProblemBanner problem={form.problem} fields={['body.priority']} onReload={onReload} />
      <div className="columns">
        <fieldset>
          <legend>Factor of the asset’s importance</legend>
          {IMPORTANCE_LEVELS.map((level) => number(importanceLabel(level), `importance.${level}`, draft.importance[level], setIn('importance', level)))}
        </fieldset>
        <fieldset>
          <legend>Factor of the asset’s exposure</legend>
          {EXPOSURE_KEYS.map((level) =>
            number(
              EXPOSURE_LABELS[level]!,
              `exposure.${level}`,
              draft.exposure[level],
              setIn('exposure', level),
              level === 'unknown' ? 'an asset that names no exposure' : undefined,
            ),
          )}
        </fieldset>
        <fieldset>
          <legend>Exploitation and unscored vulnerabilities</legend>
          {EXPLOITATION_FIELDS.map(({ key, label, hint }) =>
            number(label, key, draft[key], (value) => setDraft((before) => ({ ...before, [key]: value })), hint),
          )}
        </fieldset>
        <fieldset>
          <legend>EPSS (FIRST’s Exploit Prediction Scoring System)</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.epss.enabled}
              onChange={(event) => setDraft((before) => ({ ...before, epss: { ...before.epss, enabled: event.target.checked } }))}
            />
            Score the vulnerabilities of early warnings by EPSS, daily
          </label>
          {number(
            'Least EPSS probability (0–1)',
            'epss.threshold',
            draft.epss.threshold,
            setEpss('threshold'),
            'counts as likely exploited, where not in KEV nor reported',
          )}
          {number('Factor when likely exploited', 'epss.factor', draft.epss.factor, setEpss('factor'))}
          <Field label="EPSS API (optional)" hint="a mirror of FIRST’s API; empty: api.first.org" error={form.error('body.priority.epss.url')}>
            {(props) => <input {...props} type="url" value={draft.epss.url} onChange={(event) => setEpss('url')(event.target.value)} />}
          </Field>
        </fieldset>
        <fieldset aria-describedby={thresholdsError ? 'thresholds-error' : undefined}>
          <legend>Least score of each priority</legend>
          {THRESHOLDS.map((level) => number(PRIORITY_LABELS[level], `thresholds.${level}`, draft.thresholds[level], setIn('thresholds', level)))}
          <p className="hint">Below the medium threshold: low.</p>
          {thresholdsError && (
            <span id="thresholds-error" className="field-error">
              {thresholdsError}
            </span>
          )}
        </fieldset>
      </div>
      <div className="page-actions">
        <button type="submit" disabled={form.busy}>
          {form.busy ? 'Saving…' : 'Save the priority settings'}
        </button>
        <button type="button" className="secondary" onClick={() => setDraft(draftOf(settings.priority))}>
          Undo my changes
        </button>
      </div>
    </form>
  );
}

const rolesText = (roles: readonly TenantRole[]) => roles.map((role) => ROLE_LABELS[role]).join(', ');

function SettingsForm({ settings, etag, onSaved, onReload }: { settings: Settings; etag: string | undefined; onSaved: () => void; onReload: () => void }) {
  const [roles, setRoles] = useState<Record<Label, TenantRole[]>>(() => ({ AMBER: [...settings.tlpRoles.AMBER], RED: [...settings.tlpRoles.RED] }));
  const [saved, setSaved] = useState(false);
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void form.run(async () => {
      for (const label of LABELS) {
        if (!roles[label].length)
          return refusal('Choose at least one role', `someone must see TLP:${label} advisories`, `body.tlpRoles.${label}`, 'choose at least one role');
      }
      // The whole settings are put: the priority stays as read.
      const checked = check(earlyWarningSettingsSchema, { tlpRoles: roles, priority: settings.priority });
      if (checked.problem) return checked.problem;
      const outcome = await act(
        api().PUT('/early-warning-settings', { params: { header: { 'If-Match': etag ?? `"${settings.version}"` } }, body: checked.value }),
      );
      if (outcome.problem) return outcome.problem;
      setSaved(true);
      onSaved();
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="tlp-form-heading" className="card">
      <h2 id="tlp-form-heading">Change who sees restricted advisories</h2>
      {saved && (
        <p role="status" className="notice">
          Saved.
        </p>
      )}
      <ProblemBanner problem={form.problem} fields={['body.tlpRoles.AMBER', 'body.tlpRoles.RED']} onReload={onReload} />
      {LABELS.map((label) => (
        <RolesField
          key={label}
          legend={`Who sees TLP:${label} advisories`}
          hint={TLP_MEANING[label]}
          value={roles[label]}
          onChange={(next) => setRoles((before) => ({ ...before, [label]: next }))}
          error={form.error(`body.tlpRoles.${label}`)}
        />
      ))}
      <button type="submit" disabled={form.busy}>
        {form.busy ? 'Saving…' : 'Save the settings'}
      </button>
    </form>
  );
}

export default function EarlyWarningSettings() {
  const keeper = useKeeper();
  const read = useApiData(() => api().GET('/early-warning-settings'), []);
  const settings = read.data;
  return (
    <Page title="Early-warning settings">
      <p>
        <Link to="/settings">All settings</Link> · <Link to="/advisories">The advisories</Link> · <Link to="/early-warnings">The early warnings</Link>
      </p>
      <p>
        Advisories marked TLP:AMBER or TLP:RED are listed, shown and announced only to the roles chosen here; to everyone else they are not there. Advisories
        marked TLP:WHITE or TLP:GREEN, or not marked, are for everyone who reads advisories. The factors below set how urgent an early warning is.
      </p>
      {!keeper && <p className="hint">You can read these settings; administrators and security officers change them.</p>}
      <ProblemBanner problem={read.problem} />
      {!settings && read.loading && <Loading what="the settings" />}
      {settings && (
        <section className="card" aria-labelledby="tlp-in-force">
          <h2 id="tlp-in-force">In force</h2>
          <dl className="facts">
            {LABELS.map((label) => (
              <div key={label} className="facts-row">
                <dt>
                  <TlpBadge tlp={label} />
                </dt>
                <dd>{rolesText(settings.tlpRoles[label])}</dd>
              </div>
            ))}
            <dt>Version</dt>
            <dd>{settings.version === 0 ? 'the defaults (never changed)' : `${settings.version}, since ${formatTime(settings.updatedAt)}`}</dd>
          </dl>
        </section>
      )}
      {/* Drawn anew from each version read: a reload after a 412 shows what is in force, the form what was typed. */}
      {settings && keeper && <SettingsForm settings={settings} etag={read.etag} onSaved={read.reload} onReload={read.reload} />}
      {settings && <PriorityInForce priority={settings.priority} />}
      {settings && keeper && <PriorityForm settings={settings} etag={read.etag} onSaved={read.reload} onReload={read.reload} />}
    </Page>
  );
}
