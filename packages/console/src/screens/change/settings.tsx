// The tenant's change management settings (X.1052 12.2.4): who authorizes emergency changes, the review
// periods, the longest change window, how early owners hear of a window, and who authorizes normal changes
// with how many of them (a change advisory board: more than one). Everyone who reads changes reads them;
// administrators and security officers change them (PUT /change-settings, If-Match the version read: a 412
// says someone changed them meanwhile). Checked first with the area's own schema, then by the API.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { changeSettingsSchema } from '@ismf/change/rules';
import { TENANT_ROLES, type TenantRole } from '@ismf/core/roles';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, useApiData } from '../../api.ts';
import { Field, check, useSubmission } from '../../ui/form.tsx';
import { formatTime } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { ROLE_LABELS } from '../../ui/roles.ts';
import { useWho } from '../../session/session.ts';
import { SETTINGS_KEEPERS, holds } from './management-parts.tsx';

type Settings = Schemas['ChangeSettings'];

/** The numbers as typed: kept as text until sent, so nothing typed is lost. */
const NUMBERS = ['reviewDays', 'emergencyReviewDays', 'maxWindowHours', 'ownerNoticeHours', 'normalQuorum', 'emergencyQuorum'] as const;
type NumberField = (typeof NUMBERS)[number];
type Draft = Record<NumberField, string> & { emergencyAuthorizerRole: TenantRole; normalRole: TenantRole };

const LABELS: Record<NumberField, { label: string; hint: string; path: string }> = {
  reviewDays: { label: 'Review after (days)', hint: 'days after implementation the post-implementation review falls due (1 to 90)', path: 'body.reviewDays' },
  emergencyReviewDays: {
    label: 'Emergency review after (days)',
    hint: 'days after implementation by which an emergency change is tested and reviewed (1 to 60)',
    path: 'body.emergencyReviewDays',
  },
  maxWindowHours: { label: 'Longest change window (hours)', hint: '1 to 720; bounds the conflict and calendar queries', path: 'body.maxWindowHours' },
  ownerNoticeHours: {
    label: 'Owner notice (hours)',
    hint: 'how long before a window opens the affected assets’ owners are told (1 to 720)',
    path: 'body.ownerNoticeHours',
  },
  normalQuorum: { label: 'Normal changes: quorum', hint: 'how many of that role must approve (1 to 10)', path: 'body.authorization.normal.quorum' },
  emergencyQuorum: {
    label: 'Emergency changes: quorum',
    hint: 'how many emergency authorizers must approve (1 to 10)',
    path: 'body.authorization.emergency.quorum',
  },
};

const draftOf = (settings: Settings): Draft => ({
  emergencyAuthorizerRole: settings.emergencyAuthorizerRole,
  normalRole: settings.authorization.normal.role,
  reviewDays: String(settings.reviewDays),
  emergencyReviewDays: String(settings.emergencyReviewDays),
  maxWindowHours: String(settings.maxWindowHours),
  ownerNoticeHours: String(settings.ownerNoticeHours),
  normalQuorum: String(settings.authorization.normal.quorum),
  emergencyQuorum: String(settings.authorization.emergency.quorum),
});

// A number field left as typed when it is no number, so the schema names it rather than the console guessing.
const numberOr = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

const bodyOf = (draft: Draft) => ({
  emergencyAuthorizerRole: draft.emergencyAuthorizerRole,
  reviewDays: numberOr(draft.reviewDays),
  emergencyReviewDays: numberOr(draft.emergencyReviewDays),
  maxWindowHours: numberOr(draft.maxWindowHours),
  ownerNoticeHours: numberOr(draft.ownerNoticeHours),
  authorization: {
    normal: { role: draft.normalRole, quorum: numberOr(draft.normalQuorum) },
    emergency: { quorum: numberOr(draft.emergencyQuorum) },
  },
});

const FIELDS = ['body.emergencyAuthorizerRole', 'body.authorization.normal.role', ...NUMBERS.map((field) => LABELS[field].path)];

function RoleSelect({
  label,
  hint,
  value,
  onChange,
  error,
}: {
  label: string;
  hint: string;
  value: TenantRole;
  onChange: (role: TenantRole) => void;
  error?: string | undefined;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(props) => (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value as TenantRole)}>
          {TENANT_ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function SettingsForm({ settings, etag, onSaved, onReload }: { settings: Settings; etag: string | undefined; onSaved: () => void; onReload: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [saved, setSaved] = useState(false);
  const form = useSubmission();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((before) => ({ ...before, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void form.run(async () => {
      const checked = check(changeSettingsSchema, bodyOf(draft));
      if (checked.problem) return checked.problem;
      const outcome = await act(api().PUT('/change-settings', { params: { header: { 'If-Match': etag ?? `"${settings.version}"` } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      setSaved(true);
      onSaved();
      return undefined;
    });
  };
  const number = (field: NumberField) => (
    <Field key={field} label={LABELS[field].label} hint={LABELS[field].hint} error={form.error(LABELS[field].path)}>
      {(props) => <input {...props} inputMode="numeric" value={draft[field]} onChange={(event) => set(field, event.target.value)} />}
    </Field>
  );
  return (
    <form onSubmit={submit} noValidate aria-labelledby="settings-form-heading" className="card">
      <h2 id="settings-form-heading">Change the settings</h2>
      {saved && (
        <p role="status" className="notice">
          Saved.
        </p>
      )}
      <ProblemBanner problem={form.problem} fields={FIELDS} onReload={onReload} />
      <fieldset>
        <legend>Emergency changes</legend>
        <RoleSelect
          label="Emergency authorizer"
          hint="the role that authorizes an emergency change, first, within hours"
          value={draft.emergencyAuthorizerRole}
          onChange={(role) => set('emergencyAuthorizerRole', role)}
          error={form.error('body.emergencyAuthorizerRole')}
        />
        {number('emergencyQuorum')}
        {number('emergencyReviewDays')}
      </fieldset>
      <fieldset>
        <legend>Normal changes</legend>
        <RoleSelect
          label="Normal authorizer"
          hint="the role (a change advisory board) that authorizes normal changes"
          value={draft.normalRole}
          onChange={(role) => set('normalRole', role)}
          error={form.error('body.authorization.normal.role')}
        />
        {number('normalQuorum')}
      </fieldset>
      <fieldset>
        <legend>Reviews, windows and notices</legend>
        {number('reviewDays')}
        {number('maxWindowHours')}
        {number('ownerNoticeHours')}
      </fieldset>
      <button type="submit" disabled={form.busy}>
        {form.busy ? 'Saving…' : 'Save the settings'}
      </button>
    </form>
  );
}

function SettingsFacts({ settings }: { settings: Settings }) {
  const role = (value: TenantRole) => ROLE_LABELS[value];
  return (
    <section className="card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">In force</h2>
      <dl className="facts">
        <dt>Emergency authorizer</dt>
        <dd>
          {role(settings.emergencyAuthorizerRole)} — {settings.authorization.emergency.quorum} must approve
        </dd>
        <dt>Emergency review</dt>
        <dd>{settings.emergencyReviewDays} days after implementation</dd>
        <dt>Normal authorizer</dt>
        <dd>
          {role(settings.authorization.normal.role)} — {settings.authorization.normal.quorum} must approve
        </dd>
        <dt>Post-implementation review</dt>
        <dd>{settings.reviewDays} days after implementation</dd>
        <dt>Longest change window</dt>
        <dd>{settings.maxWindowHours} hours</dd>
        <dt>Owner notice</dt>
        <dd>{settings.ownerNoticeHours} hours before a window opens</dd>
        <dt>Version</dt>
        <dd>{settings.version === 0 ? 'the defaults (never changed)' : `${settings.version}, since ${formatTime(settings.updatedAt)}`}</dd>
      </dl>
    </section>
  );
}

export default function ChangeSettings() {
  const keeper = holds(useWho()?.roles, SETTINGS_KEEPERS);
  const read = useApiData(() => api().GET('/change-settings'), []);
  const settings = read.data;
  return (
    <Page title="Change management settings">
      <p>
        <Link to="/settings">All settings</Link> · <Link to="/change-calendar">The change calendar</Link>
      </p>
      {!keeper && <p className="hint">You can read these settings; administrators and security officers change them.</p>}
      <ProblemBanner problem={read.problem} />
      {!settings && read.loading && <Loading what="the settings" />}
      {settings && <SettingsFacts settings={settings} />}
      {/* Drawn anew from each version read: a reload after a 412 shows what is in force, the form what was typed. */}
      {settings && keeper && <SettingsForm settings={settings} etag={read.etag} onSaved={read.reload} onReload={read.reload} />}
    </Page>
  );
}
