// Registering an advisory source (X.1052 12.2.1 a): its name, who publishes, the formats it sends, the vendor
// and how often it should deliver, checked with the area's own schema, then POST /advisory-sources with an
// Idempotency-Key (the same while the body is the same). The answer's webhook URL and signing secret are shown
// once, here, with how the sender signs; the source's page never shows the secret again.
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { advisorySourceInputSchema } from '@ismf/early-warning/rules';
import { act, api, newIdempotencyKey } from '../../api.ts';
import { check, useSubmission } from '../../ui/form.tsx';
import { Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { numberOr, type SourceWithSecret } from './parts.tsx';
import { SecretPanel } from './secret.tsx';
import { credentialsOf, feedOf, plainRefusal, SOURCE_FIELDS, SourceFields, valuesOf, type SourceValues } from './source-fields.tsx';

function bodyOf(values: SourceValues) {
  const vendor = values.vendor.trim();
  const interval = numberOr(values.interval);
  return {
    name: values.name,
    kind: values.kind,
    arrival: values.arrival,
    // A feed's formats are the feed's: the API sets them.
    ...(values.arrival === 'pull' ? { feed: feedOf(values), ...credentialsOf(values) } : { formats: values.formats }),
    ...(vendor ? { vendor } : {}),
    ...(interval !== undefined ? { expectedIntervalHours: interval } : {}),
  };
}

export default function NewSource() {
  const [values, setValues] = useState<SourceValues>(() => valuesOf());
  const [created, setCreated] = useState<SourceWithSecret>();
  const form = useSubmission();
  const attempt = useRef<{ body: string; key: string }>(undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const plain = plainRefusal(values);
      if (plain) return plain;
      const checked = check(advisorySourceInputSchema, bodyOf(values));
      if (checked.problem) return checked.problem;
      const text = JSON.stringify(checked.value);
      if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
      const outcome = await act(api().POST('/advisory-sources', { params: { header: { 'Idempotency-Key': attempt.current.key } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      setCreated(outcome.data);
      return undefined;
    });
  };

  if (created) {
    return (
      <Page title="New advisory source">
        <p role="status" className="notice">
          The source “{created.name}” is registered.
          {created.arrival === 'pull' && ' ISMF pulls its feed on a schedule; its first delivery appears on its page within the hour.'}
        </p>
        {created.arrival === 'push' && <SecretPanel source={created} heading="Give these to the sender" />}
        <div className="page-actions">
          <Link className="button" to={`/advisory-sources/${created.id}`}>
            Open the source
          </Link>
          <Link className="button secondary" to="/advisory-sources">
            All sources
          </Link>
        </div>
      </Page>
    );
  }
  return (
    <Page title="New advisory source">
      <p className="hint">
        A source is a publisher of security advisories: a vendor’s PSIRT, a CERT, a security organization or your own team. One that pushes its advisories gets
        a webhook and a signing secret of its own, shown once after you register it; a public feed (a CSAF provider, KEV, OSV, the NVD) is pulled by ISMF
        instead.
      </p>
      <form onSubmit={submit} noValidate className="card" aria-label="Register an advisory source">
        <ProblemBanner problem={form.problem} fields={SOURCE_FIELDS} />
        <SourceFields values={values} onChange={setValues} error={form.error} withKind />
        <div className="page-actions">
          <button type="submit" disabled={form.busy}>
            {form.busy ? 'Registering…' : 'Register the source'}
          </button>
          <Link className="button secondary" to="/advisory-sources">
            Cancel
          </Link>
        </div>
      </form>
    </Page>
  );
}
