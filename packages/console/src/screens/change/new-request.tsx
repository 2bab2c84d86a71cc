// Requesting a change (X.1052 12.2.4 a): title, reason, class (a standard change follows an approved
// template), the affected assets found in the register by name and kept as a list, and the requested window
// in local time (sent as ISO UTC). Checked with the area's own schema, then POST /change-requests with an
// Idempotency-Key (the same key while the body is the same); the new request opens.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { CHANGE_CLASSES, MAX_ASSETS_PER_CALL, changeRequestInputSchema, type ChangeClass } from '@ismf/change/rules';
import { act, api, newIdempotencyKey, useApiData } from '../../api.ts';
import { Field, check, useSubmission } from '../../ui/form.tsx';
import { AssetPicker, type PickedAsset } from '../../ui/asset-picker.tsx';
import { Page } from '../../ui/page.tsx';
import { ProblemBanner, errorFor, refusal } from '../../ui/problem.tsx';
import { CLASS_LABELS, fromLocalInput, importanceLabel, localInHours } from './request-parts.tsx';

const CLASS_HINTS: Record<ChangeClass, string> = {
  standard: 'follows an approved template: no test or authorization step, still recorded and reviewed',
  normal: 'plan, lab and on-site tests, authorization, implementation, review',
  emergency: 'authorized first within hours, then implemented; tested and reviewed after the fact',
};

/** The tenant's approved change templates (a standard change follows one). */
function useApprovedTemplates() {
  const read = useApiData(() => api().GET('/change-templates', { params: { query: { limit: 100 } } }), []);
  return read.data?.items.filter((template) => template.status === 'approved');
}

export default function NewChangeRequest() {
  const navigate = useNavigate();
  const templates = useApprovedTemplates();
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [changeClass, setChangeClass] = useState<ChangeClass>('normal');
  const [templateId, setTemplateId] = useState('');
  const [assets, setAssets] = useState<PickedAsset[]>([]);
  const [start, setStart] = useState(() => localInHours(48));
  const [end, setEnd] = useState(() => localInHours(52));
  const form = useSubmission();
  const attempt = useRef<{ body: string; key: string }>(undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      if (changeClass === 'standard' && !templateId)
        return refusal('Choose a template', 'a standard change follows an approved change template', 'body.templateId', 'choose a template');
      if (!assets.length) return refusal('Choose the affected assets', 'a change affects at least one asset', 'body.assets', 'add at least one affected asset');
      const body = {
        title,
        reason,
        class: changeClass,
        ...(changeClass === 'standard' ? { templateId } : {}),
        assets: assets.map((asset) => asset.id),
        requestedWindow: { start: fromLocalInput(start), end: fromLocalInput(end) },
      };
      const checked = check(changeRequestInputSchema, body);
      if (checked.problem) return checked.problem;
      const text = JSON.stringify(checked.value);
      if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
      const outcome = await act(api().POST('/change-requests', { params: { header: { 'Idempotency-Key': attempt.current.key } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      void navigate(`/change-requests/${outcome.data.id}`);
      return undefined;
    });
  };
  const error = form.error;
  return (
    <Page title="Request a change">
      <p className="hint">
        Say what should change and why, which assets it touches and when (X.1052 12.2.4 a). The plan, its tests and the authorization follow on the request’s
        page.
      </p>
      <form onSubmit={submit} noValidate className="card">
        <ProblemBanner problem={form.problem} fields={['body.title', 'body.reason', 'body.class', 'body.templateId', 'body.assets', 'body.requestedWindow']} />
        <Field label="Title" error={error('body.title')}>
          {(props) => <input {...props} value={title} onChange={(event) => setTitle(event.target.value)} />}
        </Field>
        <Field label="Reason" hint="why the change is needed" error={error('body.reason')}>
          {(props) => <textarea {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
        </Field>
        <Field label="Class" hint={CLASS_HINTS[changeClass]} error={error('body.class')}>
          {(props) => (
            <select {...props} value={changeClass} onChange={(event) => setChangeClass(event.target.value as ChangeClass)}>
              {CHANGE_CLASSES.map((each) => (
                <option key={each} value={each}>
                  {CLASS_LABELS[each]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {changeClass === 'standard' && (
          <Field label="Template" hint="an approved change template of your organization" error={error('body.templateId')}>
            {(props) => (
              <select {...props} value={templateId} onChange={(event) => setTemplateId(event.target.value)}>
                <option value="">{templates?.length === 0 ? 'No template is approved yet' : 'Choose a template'}</option>
                {templates?.map((template) => (
                  <option key={template.id} value={template.id}>
                    {template.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <AssetPicker
          legend="Affected assets"
          chosen={assets}
          onChange={setAssets}
          error={error('body.assets')}
          max={MAX_ASSETS_PER_CALL}
          hint={`the start of a name; at most ${MAX_ASSETS_PER_CALL} assets here, more on the request’s page later`}
          note={(asset) => `${asset.type}, importance ${importanceLabel(asset.importance)}`}
        />
        <fieldset>
          <legend>Requested window (your local time)</legend>
          <Field
            label="Window start"
            error={
              error('body.requestedWindow.start') ??
              (errorFor(form.problem, 'body.requestedWindow') && !error('body.requestedWindow.end') ? error('body.requestedWindow') : undefined)
            }
          >
            {(props) => <input {...props} type="datetime-local" value={start} onChange={(event) => setStart(event.target.value)} />}
          </Field>
          <Field label="Window end" error={error('body.requestedWindow.end')}>
            {(props) => <input {...props} type="datetime-local" value={end} onChange={(event) => setEnd(event.target.value)} />}
          </Field>
        </fieldset>
        <div className="page-actions">
          <button type="submit" disabled={form.busy}>
            {form.busy ? 'Requesting…' : 'Request the change'}
          </button>
          <Link className="button secondary" to="/change-requests">
            Cancel
          </Link>
        </div>
      </form>
    </Page>
  );
}
