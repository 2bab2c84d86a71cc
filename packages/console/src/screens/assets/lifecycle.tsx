// The acts on an asset beyond editing, each with what the API requires and the asset's version in If-Match:
// retirement (a reason), disposal (method, date, who, why, and for media the sanitisation with its evidence),
// off-site removal (with its authoriser) and return.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, type Outcome, type Problem } from '../../api.ts';
import { Field, FormActions, useSubmission } from '../../ui/form.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { todayUtc, type Asset } from './shared.tsx';

export type LifecycleAct = 'retire' | 'dispose' | 'off-site' | 'return';

interface ActProps {
  asset: Asset;
  etag: string | undefined;
  onDone: (asset: Asset, notice: string) => void;
  onCancel: () => void;
  onReload: () => void;
  /** Evidence uploaded on this screen, offered for a disposal's sanitisation. */
  evidence?: readonly { id: string; fileName: string }[];
}

/** One act's form: its fields, its problem (a 412 offers the reload), submit and cancel. */
function ActForm({
  title,
  submitLabel,
  danger,
  problem,
  fields,
  busy,
  onSubmit,
  onCancel,
  onReload,
  children,
}: {
  title: string;
  submitLabel: string;
  danger?: boolean;
  problem: Problem | undefined;
  fields: string[];
  busy: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  onReload: () => void;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate className="card" aria-label={title}>
      <h2>{title}</h2>
      <ProblemBanner problem={problem} fields={fields} onReload={onReload} />
      {children}
      <FormActions label={submitLabel} busy={busy} onCancel={onCancel} {...(danger ? { danger } : {})} />
    </form>
  );
}

const ifMatch = (etag: string | undefined) => ({ 'If-Match': etag ?? '' });
const settle = (outcome: Outcome<Asset>, done: (asset: Asset) => void) => {
  if (outcome.problem) return outcome.problem;
  done(outcome.data);
  return undefined;
};
const textInput = (value: string, set: (value: string) => void, type = 'text') =>
  function Input(props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) {
    return <input {...props} type={type} value={value} onChange={(event) => set(event.target.value)} />;
  };

export function RetireForm({ asset, etag, onDone, onCancel, onReload }: ActProps) {
  const [reason, setReason] = useState('');
  const [retiredOn, setRetiredOn] = useState(todayUtc());
  const form = useSubmission();
  const submit = () =>
    void form.run(async () =>
      settle(
        await act(
          api().POST('/assets/{assetId}/retirement', {
            params: { path: { assetId: asset.id }, header: ifMatch(etag) },
            body: { reason, ...(retiredOn ? { retiredOn } : {}) },
          }),
        ),
        (after) => onDone(after, `${after.name} is retired.`),
      ),
    );
  return (
    <ActForm
      title="Retire the asset"
      submitLabel="Retire the asset"
      danger
      problem={form.problem}
      fields={['body.reason', 'body.retiredOn']}
      busy={form.busy}
      onSubmit={submit}
      onCancel={onCancel}
      onReload={onReload}
    >
      <p className="hint">It leaves service, stays in the register for its history and is no longer reviewed; it can then be disposed of.</p>
      <Field label="Reason for retirement" error={form.error('body.reason')}>
        {(props) => <textarea {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <Field label="Retired on" error={form.error('body.retiredOn')}>
        {textInput(retiredOn, setRetiredOn, 'date')}
      </Field>
    </ActForm>
  );
}

const METHODS: Record<Schemas['DisposeAssetRequest']['method'], string> = {
  destruction: 'Destruction (shredding, disintegration …)',
  purge: 'Purge (NIST SP 800-88)',
  clear: 'Clear (NIST SP 800-88)',
  'secure-deletion': 'Secure deletion of information',
  reuse: 'Re-use',
  'return-to-supplier': 'Return to supplier',
  'sale-or-donation': 'Sale or donation',
};
/** Types whose media must be sanitised, with evidence (the API's rule). */
const WITH_MEDIA: readonly Asset['type'][] = ['information', 'software', 'physical'];

export function DisposeForm({ asset, etag, onDone, onCancel, onReload, evidence = [] }: ActProps) {
  const [method, setMethod] = useState<keyof typeof METHODS>('destruction');
  const [disposedOn, setDisposedOn] = useState(todayUtc());
  const [performedBy, setPerformedBy] = useState('');
  const [reason, setReason] = useState('');
  const [technique, setTechnique] = useState('');
  const [evidenceId, setEvidenceId] = useState('');
  const [verifiedBy, setVerifiedBy] = useState('');
  const form = useSubmission();
  const media = WITH_MEDIA.includes(asset.type);
  const submit = () =>
    void form.run(async () => {
      const sanitisation =
        media || technique || evidenceId
          ? { sanitisation: { technique, evidenceId: evidenceId.trim(), ...(verifiedBy.trim() ? { verifiedBy: verifiedBy.trim() } : {}) } }
          : {};
      return settle(
        await act(
          api().POST('/assets/{assetId}/disposal', {
            params: { path: { assetId: asset.id }, header: ifMatch(etag) },
            body: { method, disposedOn, performedBy, reason, ...sanitisation },
          }),
        ),
        (after) => onDone(after, `${after.name}’s disposal is recorded.`),
      );
    });
  return (
    <ActForm
      title="Record the disposal"
      submitLabel="Record the disposal"
      danger
      problem={form.problem}
      fields={['body.method', 'body.disposedOn', 'body.performedBy', 'body.reason', 'body.sanitisation']}
      busy={form.busy}
      onSubmit={submit}
      onCancel={onCancel}
      onReload={onReload}
    >
      <p className="hint">A disposed asset is kept as a record and refuses every change.</p>
      <Field label="Method" error={form.error('body.method')}>
        {(props) => (
          <select {...props} value={method} onChange={(event) => setMethod(event.target.value as keyof typeof METHODS)}>
            {Object.entries(METHODS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Disposed of on" error={form.error('body.disposedOn')}>
        {textInput(disposedOn, setDisposedOn, 'date')}
      </Field>
      <Field label="Performed by" hint="the person or contractor who did it" error={form.error('body.performedBy')}>
        {textInput(performedBy, setPerformedBy)}
      </Field>
      <Field label="Reason for disposal" error={form.error('body.reason')}>
        {(props) => <textarea {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <fieldset>
        <legend>Sanitisation of its media{media ? ' (required for this type)' : ''}</legend>
        <Field label="Technique" hint="e.g. cryptographic erase, NIST SP 800-88 purge" error={form.error('body.sanitisation.technique')}>
          {textInput(technique, setTechnique)}
        </Field>
        <Field
          label="Evidence id"
          hint={
            evidence.length
              ? `uploaded here: ${evidence.map((item) => `${item.fileName} = ${item.id}`).join('; ')}`
              : 'upload the certificate or report under Evidence first'
          }
          error={form.error('body.sanitisation.evidenceId') ?? form.error('body.sanitisation')}
        >
          {textInput(evidenceId, setEvidenceId)}
        </Field>
        <Field label="Verified by" error={form.error('body.sanitisation.verifiedBy')}>
          {textInput(verifiedBy, setVerifiedBy)}
        </Field>
      </fieldset>
    </ActForm>
  );
}

export function OffSiteForm({ asset, etag, onDone, onCancel, onReload }: ActProps) {
  const [values, setValues] = useState({ destination: '', purpose: '', takenBy: '', authorizedBy: '', removedOn: todayUtc(), expectedReturnOn: '' });
  const set = (field: keyof typeof values) => (value: string) => setValues((before) => ({ ...before, [field]: value }));
  const form = useSubmission();
  const submit = () =>
    void form.run(async () => {
      const { removedOn, ...rest } = values;
      return settle(
        await act(
          api().POST('/assets/{assetId}/off-site-removal', {
            params: { path: { assetId: asset.id }, header: ifMatch(etag) },
            body: { ...rest, ...(removedOn ? { removedOn } : {}) },
          }),
        ),
        (after) => onDone(after, `${after.name} is recorded as off site.`),
      );
    });
  const field = (name: keyof typeof values, label: string, hint?: string, type = 'text') => (
    <Field label={label} error={form.error(`body.${name}`)} {...(hint ? { hint } : {})}>
      {textInput(values[name], set(name), type)}
    </Field>
  );
  return (
    <ActForm
      title="Take off site"
      submitLabel="Record the removal"
      problem={form.problem}
      fields={Object.keys(values).map((name) => `body.${name}`)}
      busy={form.busy}
      onSubmit={submit}
      onCancel={onCancel}
      onReload={onReload}
    >
      {field('destination', 'Destination')}
      {field('purpose', 'Purpose')}
      {field('takenBy', 'Taken by', 'a user’s e-mail address or id')}
      {field('authorizedBy', 'Authorised by', 'a manager, security officer or administrator other than the one taking it: e-mail or id')}
      {field('removedOn', 'Removed on', undefined, 'date')}
      {field('expectedReturnOn', 'Expected back on', undefined, 'date')}
    </ActForm>
  );
}

export function ReturnForm({ asset, etag, onDone, onCancel, onReload }: ActProps) {
  const [note, setNote] = useState('');
  const [returnedOn, setReturnedOn] = useState(todayUtc());
  const form = useSubmission();
  const submit = () =>
    void form.run(async () =>
      settle(
        await act(
          api().POST('/assets/{assetId}/off-site-return', {
            params: { path: { assetId: asset.id }, header: ifMatch(etag) },
            body: { ...(note.trim() ? { note: note.trim() } : {}), ...(returnedOn ? { returnedOn } : {}) },
          }),
        ),
        (after) => onDone(after, `${after.name} is back on site.`),
      ),
    );
  return (
    <ActForm
      title="Record the return"
      submitLabel="Record the return"
      problem={form.problem}
      fields={['body.note', 'body.returnedOn']}
      busy={form.busy}
      onSubmit={submit}
      onCancel={onCancel}
      onReload={onReload}
    >
      <Field label="Condition on return" error={form.error('body.note')}>
        {textInput(note, setNote)}
      </Field>
      <Field label="Returned on" error={form.error('body.returnedOn')}>
        {textInput(returnedOn, setReturnedOn, 'date')}
      </Field>
    </ActForm>
  );
}
