// Reporting a security weakness (X.1051 13.1.2): anyone of the organization — employees, contractors,
// third-party users — says what they observed or suspect, when and where, the assets it concerns (picked from
// the register by those who read it) and how to reach them. Checked with the area's own schema, then POST
// /weakness-reports with an Idempotency-Key (the same while the body is the same); the security officers are
// told, and the report opens.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { MAX_REPORT_ASSETS, weaknessReportInputSchema } from '@ismf/early-warning/rules';
import { act, api, newIdempotencyKey } from '../../api.ts';
import { mayOpen, ROUTES } from '../../routes.ts';
import { useWho } from '../../session/session.ts';
import { check, Field, useSubmission } from '../../ui/form.tsx';
import { AssetPicker, type PickedAsset } from '../../ui/asset-picker.tsx';
import { Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';

const FIELDS = ['body.title', 'body.description', 'body.observedAt', 'body.location', 'body.assetIds', 'body.contact'];

/** A datetime-local value (the browser's zone) as ISO UTC, or the text as typed for the schema to name. */
const isoOfLocal = (value: string) => (value && !Number.isNaN(new Date(value).getTime()) ? new Date(value).toISOString() : value);

export default function ReportWeakness() {
  const navigate = useNavigate();
  const roles = useWho()?.roles ?? [];
  const mayPickAssets = mayOpen(
    ROUTES.find((route) => route.operation === 'listAssets')!,
    roles,
  );
  const [values, setValues] = useState({ title: '', description: '', observedAt: '', location: '', contact: '' });
  const [assets, setAssets] = useState<PickedAsset[]>([]);
  const form = useSubmission();
  const attempt = useRef<{ body: string; key: string }>(undefined);
  const set = (name: keyof typeof values) => (value: string) => setValues((before) => ({ ...before, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const optional = (key: string, value: string) => (value.trim() ? { [key]: value.trim() } : {});
      const body = {
        title: values.title,
        description: values.description,
        ...(values.observedAt ? { observedAt: isoOfLocal(values.observedAt) } : {}),
        ...optional('location', values.location),
        ...optional('contact', values.contact),
        ...(assets.length ? { assetIds: assets.map((asset) => asset.id) } : {}),
      };
      const checked = check(weaknessReportInputSchema, body);
      if (checked.problem) return checked.problem;
      const text = JSON.stringify(checked.value);
      if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
      const outcome = await act(api().POST('/weakness-reports', { params: { header: { 'Idempotency-Key': attempt.current.key } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      void navigate(`/weakness-reports/${outcome.data.id}`, {
        state: { notice: 'Thank you: your report is with the security officers, who will triage it. You will be told what they decide.' },
      });
      return undefined;
    });
  };
  const error = form.error;
  return (
    <Page title="Report a weakness">
      <p>
        Seen something that could let an attacker in, or that makes you doubt a control works — a door that does not latch, a password on a sticky note, a
        system that answers when it should not? Say what you saw: a security officer looks at every report. Reporting is right even when you are unsure.
      </p>
      <p className="hint">Do not try to prove the weakness by exploiting it.</p>
      <form onSubmit={submit} noValidate className="card" aria-label="Report a security weakness">
        <ProblemBanner problem={form.problem} fields={FIELDS} />
        <Field label="What is the weakness?" hint="in a line" error={error('body.title')}>
          {(props) => <input {...props} value={values.title} onChange={(event) => set('title')(event.target.value)} />}
        </Field>
        <Field label="What did you observe?" hint="what you saw or suspect, where and how; what you did about it" error={error('body.description')}>
          {(props) => <textarea {...props} value={values.description} onChange={(event) => set('description')(event.target.value)} />}
        </Field>
        <div className="filters">
          <Field label="When did you observe it?" hint="optional; your local time" error={error('body.observedAt')}>
            {(props) => <input {...props} type="datetime-local" value={values.observedAt} onChange={(event) => set('observedAt')(event.target.value)} />}
          </Field>
          <Field label="Where?" hint="optional: a site, a room, a system" error={error('body.location')}>
            {(props) => <input {...props} value={values.location} onChange={(event) => set('location')(event.target.value)} />}
          </Field>
        </div>
        {mayPickAssets && (
          <AssetPicker
            legend="Assets it concerns (optional)"
            chosen={assets}
            onChange={setAssets}
            error={error('body.assetIds')}
            max={MAX_REPORT_ASSETS}
            hint={`the start of a name; at most ${MAX_REPORT_ASSETS} assets`}
          />
        )}
        <Field label="How can we reach you?" hint="optional: a phone number or another way, if not your work e-mail" error={error('body.contact')}>
          {(props) => <input {...props} value={values.contact} onChange={(event) => set('contact')(event.target.value)} />}
        </Field>
        <div className="page-actions">
          <button type="submit" disabled={form.busy}>
            {form.busy ? 'Sending…' : 'Send the report'}
          </button>
          <Link className="button secondary" to="/weakness-reports">
            Cancel
          </Link>
        </div>
      </form>
    </Page>
  );
}
