// Reporting a security weakness (X.1051 13.1.2): anyone of the organization — employees, contractors,
// third-party users — says what they observed or suspect, when and where, the assets it concerns (picked from
// the register by those who read it) and how to reach them. Checked with the area's own schema, then POST
// /weakness-reports with an Idempotency-Key (the same while the body is the same); the security officers are
// told, and the report opens.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import { MAX_REPORT_ASSETS, weaknessReportInputSchema } from '@ismf/early-warning/rules';
import { act, api, newIdempotencyKey, type Problem } from '../../api.ts';
import { mayOpen, ROUTES } from '../../routes.ts';
import { useWho } from '../../session/session.ts';
import { check, Field, useSubmission } from '../../ui/form.tsx';
import { Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';

type Asset = Pick<Schemas['Asset'], 'id' | 'name' | 'type'>;
const FIELDS = ['body.title', 'body.description', 'body.observedAt', 'body.location', 'body.assetIds', 'body.contact'];

/** A datetime-local value (the browser's zone) as ISO UTC, or the text as typed for the schema to name. */
const isoOfLocal = (value: string) => (value && !Number.isNaN(new Date(value).getTime()) ? new Date(value).toISOString() : value);

/** Finds assets of the register by the start of their name (for those who may read it). */
function AssetPicker({ chosen, onChange, error }: { chosen: readonly Asset[]; onChange: (assets: Asset[]) => void; error: string | undefined }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Asset[]>();
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const find = () => {
    setBusy(true);
    setProblem(undefined);
    void act(api().GET('/assets', { params: { query: { ...(q.trim() ? { q: q.trim() } : {}), limit: 10 } } })).then((outcome) => {
      setBusy(false);
      if (outcome.problem) setProblem(outcome.problem);
      else setFound(outcome.data.items);
    });
  };
  return (
    <fieldset aria-describedby={error ? 'report-assets-error' : undefined}>
      <legend>Assets it concerns (optional)</legend>
      {chosen.length === 0 ? (
        <p className="empty">No asset chosen.</p>
      ) : (
        <ul aria-label="Chosen assets">
          {chosen.map((asset) => (
            <li key={asset.id}>
              {asset.name}{' '}
              <button
                type="button"
                className="secondary"
                onClick={() => onChange(chosen.filter((each) => each.id !== asset.id))}
                aria-label={`Remove ${asset.name}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <span id="report-assets-error" className="field-error">
          {error}
        </span>
      )}
      <Field label="Find assets by name" hint={`the start of a name; at most ${MAX_REPORT_ASSETS} assets`}>
        {(props) => (
          <input
            {...props}
            type="search"
            value={q}
            onChange={(event) => setQ(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                find();
              }
            }}
          />
        )}
      </Field>
      <button type="button" className="secondary" onClick={find} disabled={busy}>
        {busy ? 'Searching…' : 'Find'}
      </button>
      <ProblemBanner problem={problem} />
      {found && (
        <ul aria-label="Assets found">
          {found.length === 0 && <li className="empty">No asset’s name begins so.</li>}
          {found.map((asset) => {
            const taken = chosen.some((each) => each.id === asset.id);
            return (
              <li key={asset.id}>
                {asset.name} <small className="hint">({asset.type})</small>{' '}
                <button
                  type="button"
                  className="secondary"
                  disabled={taken || chosen.length >= MAX_REPORT_ASSETS}
                  aria-label={taken ? `${asset.name} is added` : `Add ${asset.name}`}
                  onClick={() => onChange([...chosen, { id: asset.id, name: asset.name, type: asset.type }])}
                >
                  {taken ? 'Added' : 'Add'}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}

export default function ReportWeakness() {
  const navigate = useNavigate();
  const roles = useWho()?.roles ?? [];
  const mayPickAssets = mayOpen(
    ROUTES.find((route) => route.operation === 'listAssets')!,
    roles,
  );
  const [values, setValues] = useState({ title: '', description: '', observedAt: '', location: '', contact: '' });
  const [assets, setAssets] = useState<Asset[]>([]);
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
        {mayPickAssets && <AssetPicker chosen={assets} onChange={setAssets} error={error('body.assetIds')} />}
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
