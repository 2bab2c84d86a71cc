// Registering an asset: the whole entry in one form, checked with the API's own schema, then POST /assets
// with an Idempotency-Key (the same key while the body is the same, so a retry never registers it twice).
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { assetInputSchema } from '@ismf/assets/rules';
import { act, api, newIdempotencyKey } from '../../api.ts';
import { check, useSubmission } from '../../ui/form.tsx';
import { Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { useWho } from '../../session/session.ts';
import { AssetFields, assetFieldPaths, blankAsset, createBody, type AssetValues } from './asset-form.tsx';
import { useAssetPolicy } from './shared.tsx';

export default function NewAsset() {
  const who = useWho();
  const policy = useAssetPolicy();
  const navigate = useNavigate();
  const [values, setValues] = useState<AssetValues>(() => blankAsset(who?.email ?? ''));
  const form = useSubmission();
  const attempt = useRef<{ body: string; key: string }>(undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(assetInputSchema, createBody(values));
      if (checked.problem) return checked.problem;
      const body = JSON.stringify(checked.value);
      if (attempt.current?.body !== body) attempt.current = { body, key: newIdempotencyKey() };
      const outcome = await act(api().POST('/assets', { params: { header: { 'Idempotency-Key': attempt.current.key } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      void navigate(`/assets/${outcome.data.id}`, { state: { notice: `${outcome.data.name} is registered.` } });
      return undefined;
    });
  };

  return (
    <Page title="Register an asset">
      <p className="hint">
        Identify, classify and value the asset (X.1052 clause 10). Its importance follows from confidentiality, integrity and availability by the asset policy’s
        rule, and its first review date from its importance.
      </p>
      <form onSubmit={submit} noValidate className="card">
        <ProblemBanner problem={form.problem} fields={assetFieldPaths('body')} />
        <AssetFields values={values} onChange={setValues} errorAt={(field) => form.error(`body.${field}`)} policy={policy} />
        <div className="page-actions">
          <button type="submit" disabled={form.busy}>
            {form.busy ? 'Registering…' : 'Register the asset'}
          </button>
          <Link className="button secondary" to="/assets">
            Cancel
          </Link>
        </div>
      </form>
    </Page>
  );
}
