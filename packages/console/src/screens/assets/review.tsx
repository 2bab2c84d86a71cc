// The periodic review of an asset (a mail's link opens it): the owner sees the entry as it stands and either
// confirms it or updates it with its changes; either sets the next review by the policy. The review is
// recorded with an Idempotency-Key, so a retry never records a second one.
import { Fragment, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { assetPatchSchema } from '@ismf/assets/rules';
import { act, api, newIdempotencyKey, useApiData } from '../../api.ts';
import { Field, check, useSubmission } from '../../ui/form.tsx';
import { formatDate, formatTime, personName } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner, refusal } from '../../ui/problem.tsx';
import { AssetFields, assetFieldPaths, patchOf, valuesOf, type AssetValues } from './asset-form.tsx';
import { ReviewBadge, StatusBadge, TYPE_LABELS, importanceLabel, useAssetPolicy, type Asset } from './shared.tsx';

const changesSchema = assetPatchSchema.omit({ reason: true });

function Current({ asset }: { asset: Asset }) {
  const rows: [string, string | undefined][] = [
    ['Type', TYPE_LABELS[asset.type]],
    ['Category', asset.category],
    ['Business process', asset.businessProcess],
    ['Description', asset.description],
    ['Owner', personName(asset.ownerPerson, asset.owner)],
    ['Custodian', asset.custodian],
    ['Location', asset.location],
    ['Secure area', asset.secureArea],
    ['Labels', asset.labels?.join(', ')],
    ['Classification', asset.classification],
    ['Confidentiality', `${asset.confidentiality} of 5`],
    ['Integrity', `${asset.integrity} of 5`],
    ['Availability', `${asset.availability} of 5`],
    ['Importance', importanceLabel(asset.importance)],
    ['Last reviewed', asset.lastReviewedAt ? formatTime(asset.lastReviewedAt) : 'never'],
  ];
  return (
    <section aria-labelledby="current-heading" className="card">
      <h2 id="current-heading">The entry as it stands</h2>
      <dl className="facts">
        {rows
          .filter(([, value]) => value)
          .map(([term, value]) => (
            <Fragment key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        <dt>Status</dt>
        <dd>
          <StatusBadge status={asset.status} />
        </dd>
        <dt>Review due</dt>
        <dd>
          {formatDate(asset.nextReviewDue)} <ReviewBadge asset={asset} />
        </dd>
      </dl>
    </section>
  );
}

function ReviewForm({ asset, onReload }: { asset: Asset; onReload: () => void }) {
  const policy = useAssetPolicy();
  const navigate = useNavigate();
  const [outcome, setOutcome] = useState<'confirmed' | 'updated'>('confirmed');
  const [values, setValues] = useState<AssetValues>(() => valuesOf(asset));
  const [notes, setNotes] = useState('');
  const form = useSubmission();
  const attempt = useRef<{ body: string; key: string }>(undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      let changes: Record<string, unknown> | undefined;
      if (outcome === 'updated') {
        changes = patchOf(asset, values);
        if (!Object.keys(changes).length) {
          return refusal('Nothing changed', 'an updated review names its changes: change a field, or confirm the entry as it stands');
        }
        const checked = check(changesSchema, changes, 'body.changes');
        if (checked.problem) return checked.problem;
      }
      const body = { outcome, ...(notes.trim() ? { notes: notes.trim() } : {}), ...(changes ? { changes } : {}) };
      const text = JSON.stringify(body);
      if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
      const answer = await act(
        api().POST('/assets/{assetId}/reviews', { params: { path: { assetId: asset.id }, header: { 'Idempotency-Key': attempt.current.key } }, body }),
      );
      if (answer.problem) return answer.problem;
      void navigate(`/assets/${asset.id}`, {
        state: { notice: `Review recorded (${outcome}). The next review is due ${formatDate(answer.data.nextReviewDue)}.` },
      });
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate className="card" aria-label="Your review">
      <h2>Your review</h2>
      <ProblemBanner problem={form.problem} fields={[...assetFieldPaths('body.changes'), 'body.notes', 'body.outcome']} onReload={onReload} />
      <fieldset>
        <legend>Outcome</legend>
        <label className="check">
          <input type="radio" name="outcome" value="confirmed" checked={outcome === 'confirmed'} onChange={() => setOutcome('confirmed')} />
          The entry is correct as it stands: confirm it
        </label>
        <label className="check">
          <input type="radio" name="outcome" value="updated" checked={outcome === 'updated'} onChange={() => setOutcome('updated')} />
          The entry needs changes: update it
        </label>
      </fieldset>
      {outcome === 'updated' && <AssetFields values={values} onChange={setValues} errorAt={(field) => form.error(`body.changes.${field}`)} policy={policy} />}
      <Field label="Review notes" hint="kept in the asset’s history" error={form.error('body.notes')}>
        {(props) => <textarea {...props} value={notes} onChange={(event) => setNotes(event.target.value)} />}
      </Field>
      <div className="page-actions">
        <button type="submit" disabled={form.busy}>
          {outcome === 'confirmed' ? 'Confirm the entry' : 'Record the updated entry'}
        </button>
        <Link className="button secondary" to={`/assets/${asset.id}`}>
          Cancel
        </Link>
      </div>
    </form>
  );
}

export default function AssetReview() {
  const { assetId = '' } = useParams();
  const read = useApiData(() => api().GET('/assets/{assetId}', { params: { path: { assetId } } }), [assetId]);
  const asset = read.data?.id === assetId ? read.data : undefined;
  return (
    <Page title={asset ? `Review: ${asset.name}` : 'Review an asset'}>
      {asset && (
        <p>
          <Link to={`/assets/${asset.id}`}>← {asset.name}</Link>
        </p>
      )}
      <ProblemBanner problem={read.problem} />
      {!asset && !read.problem && <Loading what="the asset" />}
      {asset && asset.status !== 'active' && (
        <p className="notice" role="status">
          This asset is {asset.status}: it is no longer reviewed.
        </p>
      )}
      {asset && (
        <>
          <Current asset={asset} />
          {asset.status === 'active' && <ReviewForm key={asset.id} asset={asset} onReload={read.reload} />}
        </>
      )}
    </Page>
  );
}
