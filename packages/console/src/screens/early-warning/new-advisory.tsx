// Entering an advisory by hand (X.1052 12.2.1 a): an announcement a security officer read elsewhere (a vendor's
// mail, a CERT's page) goes into the register like a delivered one — scored, linked to every source's
// advisories of the same vulnerability, announced. Checked with the area's own schema, then POST /advisories
// with an Idempotency-Key (the same while the body is the same); the new advisory opens.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { manualAdvisoryInputSchema } from '@ismf/early-warning/rules';
import { act, api, newIdempotencyKey } from '../../api.ts';
import { check, useSubmission } from '../../ui/form.tsx';
import { Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { AdvisoryFields, emptyEntry, entryBody, entryFields, type AdvisoryEntry } from './advisory-fields.tsx';
import { useSourceNames } from './parts.tsx';

const FIELDS = entryFields('body', true);

export default function NewAdvisory() {
  const navigate = useNavigate();
  const { sources } = useSourceNames();
  const [entry, setEntry] = useState<AdvisoryEntry>(() => emptyEntry());
  const form = useSubmission();
  const attempt = useRef<{ body: string; key: string }>(undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(manualAdvisoryInputSchema, entryBody(entry, true));
      if (checked.problem) return checked.problem;
      const text = JSON.stringify(checked.value);
      if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
      const outcome = await act(api().POST('/advisories', { params: { header: { 'Idempotency-Key': attempt.current.key } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      void navigate(`/advisories/${outcome.data.id}`, { state: { notice: 'The advisory is entered in the register.' } });
      return undefined;
    });
  };
  return (
    <Page title="New advisory">
      <p className="hint">
        An announcement that reached you another way — a vendor’s mail, a CERT’s page, a call. It joins the register as a delivered advisory would: its CVSS
        vectors scored, its CVE ids linked to every source’s advisories of the same vulnerability.
      </p>
      <form onSubmit={submit} noValidate className="card" aria-label="Enter an advisory">
        <ProblemBanner problem={form.problem} fields={FIELDS} />
        <AdvisoryFields entry={entry} onChange={setEntry} problem={form.problem} prefix="body" withDocumentId sources={sources} />
        <div className="page-actions">
          <button type="submit" disabled={form.busy}>
            {form.busy ? 'Entering…' : 'Enter the advisory'}
          </button>
          <Link className="button secondary" to="/advisories">
            Cancel
          </Link>
        </div>
      </form>
    </Page>
  );
}
