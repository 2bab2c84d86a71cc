// The early-warning settings (X.1052 12.2.1 a): the roles that see — and are told of — advisories marked
// TLP:AMBER and TLP:RED; to everyone else such an advisory is not there. Version 0 is the defaults (security
// officers and the ISIRT). Auditors read them; administrators and security officers change them (PUT
// /early-warning-settings, If-Match the version read: a 412 says someone changed them meanwhile), checked first
// with the area's own schema.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { TenantRole } from '@ismf/core/roles';
import { earlyWarningSettingsSchema } from '@ismf/early-warning/rules';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, useApiData } from '../../api.ts';
import { check, useSubmission } from '../../ui/form.tsx';
import { formatTime } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner, refusal } from '../../ui/problem.tsx';
import { RolesField } from '../../ui/roles-field.tsx';
import { ROLE_LABELS } from '../../ui/roles.ts';
import { TLP_MEANING, TlpBadge, useKeeper } from './parts.tsx';

type Settings = Schemas['EarlyWarningSettings'];
type Label = 'AMBER' | 'RED';
const LABELS: readonly Label[] = ['AMBER', 'RED'];

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
      const checked = check(earlyWarningSettingsSchema, { tlpRoles: roles });
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
        <Link to="/settings">All settings</Link> · <Link to="/advisories">The advisories</Link>
      </p>
      <p>
        Advisories marked TLP:AMBER or TLP:RED are listed, shown and announced only to the roles chosen here; to everyone else they are not there. Advisories
        marked TLP:WHITE or TLP:GREEN, or not marked, are for everyone who reads advisories.
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
    </Page>
  );
}
