// Entering patch requirements from a vendor bulletin that came without an advisory (X.1052 12.2.3 a): the
// assets, the product and the version that fixes it, what to install, the bulletin (title, reference, link),
// the vulnerabilities it names and the priority, whose SLA sets the due date. Checked with the area's own
// schema, then POST /patch-requirements with an Idempotency-Key (the same key while the body is the same); one
// requirement per asset comes back (an asset that already has the same fix gets that one, merged).
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { bulletinRequirementSchema, MAX_PER_BATCH, PRIORITIES, type Priority } from '@ismf/patches/rules';
import { act, api, newIdempotencyKey } from '../../api.ts';
import { check, Field, FormActions, useSubmission } from '../../ui/form.tsx';
import { ProblemBanner, refusal } from '../../ui/problem.tsx';
import { PRIORITY_LABELS } from '../early-warning/priority-parts.tsx';
import { AssetPicker, type PickedAsset } from '../../ui/asset-picker.tsx';
import type { Requirement } from './parts.tsx';

/** The assets that run what a patch fixes. */
const PATCHABLE_TYPES = [
  { value: 'software', label: 'Software' },
  { value: 'physical', label: 'Equipment (physical)' },
] as const;

const FIELDS = [
  'body.assetIds',
  'body.product',
  'body.fixedVersion',
  'body.summary',
  'body.bulletin.title',
  'body.bulletin.reference',
  'body.bulletin.url',
  'body.vulnerabilities',
  'body.priority',
];

/** What is typed, optional fields left out when empty (the schema names what is wrong in the rest). */
function bodyOf(values: {
  assets: readonly PickedAsset[];
  product: string;
  fixedVersion: string;
  summary: string;
  title: string;
  reference: string;
  url: string;
  vulnerabilities: string;
  priority: Priority;
}) {
  const vulnerabilities = values.vulnerabilities
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter(Boolean);
  return {
    assetIds: values.assets.map((asset) => asset.id),
    product: values.product,
    ...(values.fixedVersion.trim() ? { fixedVersion: values.fixedVersion } : {}),
    summary: values.summary,
    bulletin: {
      title: values.title,
      ...(values.reference.trim() ? { reference: values.reference } : {}),
      ...(values.url.trim() ? { url: values.url.trim() } : {}),
    },
    ...(vulnerabilities.length ? { vulnerabilities } : {}),
    priority: values.priority,
  };
}

export function BulletinForm({ onEntered, onCancel }: { onEntered: (requirements: Requirement[]) => void; onCancel: () => void }) {
  const [assets, setAssets] = useState<PickedAsset[]>([]);
  const [product, setProduct] = useState('');
  const [fixedVersion, setFixedVersion] = useState('');
  const [summary, setSummary] = useState('');
  const [title, setTitle] = useState('');
  const [reference, setReference] = useState('');
  const [url, setUrl] = useState('');
  const [vulnerabilities, setVulnerabilities] = useState('');
  const [priority, setPriority] = useState<Priority>('high');
  const form = useSubmission();
  const attempt = useRef<{ body: string; key: string }>(undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      if (!assets.length)
        return refusal('Choose the assets', 'a bulletin is entered for at least one asset', 'body.assetIds', 'add at least one asset to patch');
      const checked = check(bulletinRequirementSchema, bodyOf({ assets, product, fixedVersion, summary, title, reference, url, vulnerabilities, priority }));
      if (checked.problem) return checked.problem;
      const text = JSON.stringify(checked.value);
      if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
      const outcome = await act(api().POST('/patch-requirements', { params: { header: { 'Idempotency-Key': attempt.current.key } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      onEntered(outcome.data.items);
      return undefined;
    });
  };
  const error = form.error;
  // A refusal naming one asset of the list (body.assetIds.3) is said beside the list, with the asset's name.
  const assetError = (() => {
    const entry = form.problem?.errors.find((each) => each.path.startsWith('body.assetIds'));
    if (!entry) return undefined;
    const index = Number(entry.path.split('.')[2]);
    const asset = Number.isInteger(index) ? assets[index] : undefined;
    return asset ? `${asset.name}: ${entry.message}` : entry.message;
  })();
  return (
    <form onSubmit={submit} noValidate aria-labelledby="bulletin-heading" className="card">
      <h2 id="bulletin-heading">Enter from a vendor bulletin</h2>
      <p className="hint">
        For a vendor’s patch bulletin that came without an advisory. One requirement is entered per asset, due by your organization’s{' '}
        <Link to="/patch-settings">SLA</Link> for the priority; an asset that already has this fix keeps its requirement, merged.
      </p>
      <ProblemBanner problem={form.problem} fields={FIELDS} />
      <AssetPicker
        legend="Assets to patch"
        chosen={assets}
        onChange={setAssets}
        error={assetError}
        max={MAX_PER_BATCH}
        hint={`the start of a name; at most ${MAX_PER_BATCH} assets`}
        types={PATCHABLE_TYPES}
        byId
      />
      <Field label="Product" hint="the product or package the fix is for, as the vendor names it" error={error('body.product')}>
        {(props) => <input {...props} value={product} onChange={(event) => setProduct(event.target.value)} />}
      </Field>
      <Field label="Fixed version" hint="optional: the version (or patch id) that fixes it" error={error('body.fixedVersion')}>
        {(props) => <input {...props} value={fixedVersion} onChange={(event) => setFixedVersion(event.target.value)} />}
      </Field>
      <Field label="Summary" hint="what to install, in a line" error={error('body.summary')}>
        {(props) => <input {...props} value={summary} onChange={(event) => setSummary(event.target.value)} />}
      </Field>
      <fieldset>
        <legend>The bulletin</legend>
        <Field label="Bulletin title" error={error('body.bulletin.title')}>
          {(props) => <input {...props} value={title} onChange={(event) => setTitle(event.target.value)} />}
        </Field>
        <Field label="Bulletin reference" hint="optional: the vendor’s bulletin id" error={error('body.bulletin.reference')}>
          {(props) => <input {...props} value={reference} onChange={(event) => setReference(event.target.value)} />}
        </Field>
        <Field label="Bulletin link" hint="optional: http or https" error={error('body.bulletin.url')}>
          {(props) => <input {...props} type="url" value={url} onChange={(event) => setUrl(event.target.value)} />}
        </Field>
      </fieldset>
      <Field
        label="Vulnerabilities"
        hint="optional: the ids the bulletin names, such as CVE-2024-3400, separated by commas or spaces"
        error={error('body.vulnerabilities')}
      >
        {(props) => <input {...props} value={vulnerabilities} onChange={(event) => setVulnerabilities(event.target.value)} />}
      </Field>
      <Field label="Priority" hint="its SLA sets the due date" error={error('body.priority')}>
        {(props) => (
          <select {...props} value={priority} onChange={(event) => setPriority(event.target.value as Priority)}>
            {PRIORITIES.map((each) => (
              <option key={each} value={each}>
                {PRIORITY_LABELS[each]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormActions label="Enter the requirements" busyLabel="Entering…" busy={form.busy} onCancel={onCancel} />
    </form>
  );
}
