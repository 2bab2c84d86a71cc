// The patch management settings (X.1052 12.2.3 c): how many days a requirement has, from its identification
// to its due date, per priority — the organization's SLAs. Version 0 is the defaults. Everyone who reads
// requirements reads them; administrators and security officers change them (PUT /patch-settings, If-Match
// the version read: a 412 says someone changed them meanwhile), checked first with the area's own schema.
// Requirements identified from then on are due by them.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { DEFAULT_PATCH_SETTINGS, patchSettingsSchema, PRIORITIES, type Priority } from '@ismf/patches/rules';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, useApiData } from '../../api.ts';
import { check, Field, useSubmission } from '../../ui/form.tsx';
import { formatTime } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { numberOr } from '../early-warning/parts.tsx';
import { PRIORITY_LABELS } from '../early-warning/priority-parts.tsx';
import { useKeeper } from './parts.tsx';

type Settings = Schemas['GetPatchSettingsResponse'];
type Draft = Record<Priority, string>;

const draftOf = (settings: Settings): Draft => Object.fromEntries(PRIORITIES.map((priority) => [priority, String(settings.slaDays[priority])])) as Draft;
const daysWord = (days: number) => (days === 1 ? '1 day' : `${days} days`);

function InForce({ settings }: { settings: Settings }) {
  return (
    <section className="card" aria-labelledby="sla-in-force">
      <h2 id="sla-in-force">In force</h2>
      <table>
        <caption>Days from identification to the due date, per priority</caption>
        <thead>
          <tr>
            <th scope="col">Priority</th>
            <th scope="col">Due within</th>
            <th scope="col">Default</th>
          </tr>
        </thead>
        <tbody>
          {PRIORITIES.map((priority) => (
            <tr key={priority}>
              <th scope="row">{PRIORITY_LABELS[priority]}</th>
              <td>{daysWord(settings.slaDays[priority])}</td>
              <td>{daysWord(DEFAULT_PATCH_SETTINGS.slaDays[priority])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Version: {settings.version === 0 ? 'the defaults (never changed)' : `${settings.version}, since ${formatTime(settings.updatedAt)}`}</p>
    </section>
  );
}

function SettingsForm({ settings, etag, onSaved, onReload }: { settings: Settings; etag: string | undefined; onSaved: () => void; onReload: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [saved, setSaved] = useState(false);
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void form.run(async () => {
      const slaDays = Object.fromEntries(PRIORITIES.map((priority) => [priority, numberOr(draft[priority])]));
      const checked = check(patchSettingsSchema, { slaDays });
      if (checked.problem) return checked.problem;
      const outcome = await act(api().PUT('/patch-settings', { params: { header: { 'If-Match': etag ?? `"${settings.version}"` } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      setSaved(true);
      onSaved();
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="sla-form-heading" className="card">
      <h2 id="sla-form-heading">Change the SLAs</h2>
      {saved && (
        <p role="status" className="notice">
          The SLAs are saved. Requirements identified from now on are due by them.
        </p>
      )}
      <ProblemBanner problem={form.problem} fields={PRIORITIES.map((priority) => `body.slaDays.${priority}`)} onReload={onReload} />
      <fieldset>
        <legend>Days from identification to the due date</legend>
        {PRIORITIES.map((priority) => (
          <Field key={priority} label={PRIORITY_LABELS[priority]} hint="whole days, 1 to 730" error={form.error(`body.slaDays.${priority}`)}>
            {(props) => (
              <input
                {...props}
                type="number"
                inputMode="numeric"
                min={1}
                max={730}
                step={1}
                value={draft[priority]}
                onChange={(event) => setDraft((before) => ({ ...before, [priority]: event.target.value }))}
              />
            )}
          </Field>
        ))}
      </fieldset>
      <div className="page-actions">
        <button type="submit" disabled={form.busy}>
          {form.busy ? 'Saving…' : 'Save the SLAs'}
        </button>
        <button type="button" className="secondary" onClick={() => setDraft(draftOf(settings))}>
          Undo my changes
        </button>
      </div>
    </form>
  );
}

export default function PatchSettings() {
  const keeper = useKeeper();
  const read = useApiData(() => api().GET('/patch-settings'), []);
  const settings = read.data;
  return (
    <Page title="Patch settings">
      <p>
        <Link to="/settings">All settings</Link> · <Link to="/patch-requirements">The patch requirements</Link>
      </p>
      <p>
        A patch requirement is due a number of days after it was identified, by its priority: your organization’s service levels for patching. The owners and
        the security officers are told when one passes its due date.
      </p>
      {!keeper && <p className="hint">You can read these settings; administrators and security officers change them.</p>}
      <ProblemBanner problem={read.problem} />
      {!settings && read.loading && <Loading what="the settings" />}
      {settings && <InForce settings={settings} />}
      {/* Drawn anew from each version read: a reload after a 412 shows what is in force, the form what was typed. */}
      {settings && keeper && <SettingsForm settings={settings} etag={read.etag} onSaved={read.reload} onReload={read.reload} />}
    </Page>
  );
}
