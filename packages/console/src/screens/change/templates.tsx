// Change templates (X.1052 12.2.4 a): the tenant's pre-approved kinds of change that standard changes follow,
// with where each one's approval stands; for administrators, security officers and managers a proposal of a
// new one (POST /change-templates), which carries standard changes once a security officer has checked it and
// a manager has approved it.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ASSET_TYPES, type AssetType } from '@ismf/assets/rules';
import { changeTemplateInputSchema } from '@ismf/change/rules';
import { act, api, newIdempotencyKey } from '../../api.ts';
import { check, Field, FormActions, useSubmission } from '../../ui/form.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { useWho } from '../../session/session.ts';
import { TEMPLATE_PROPOSERS, TYPE_NAMES, TemplateStatus, assetTypesText, holds, type Template } from './management-parts.tsx';

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const FIELDS = ['body.name', 'body.description', 'body.steps', 'body.rollback', 'body.assetTypes'];

function Propose({ onCancel }: { onCancel: () => void }) {
  const [values, setValues] = useState({ name: '', description: '', steps: '', rollback: '' });
  const [types, setTypes] = useState<AssetType[]>([]);
  const form = useSubmission();
  const navigate = useNavigate();
  const attempt = useRef<{ body: string; key: string }>(undefined);
  const set = (name: keyof typeof values) => (value: string) => setValues((before) => ({ ...before, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(changeTemplateInputSchema, {
        name: values.name,
        description: values.description,
        steps: lines(values.steps),
        rollback: lines(values.rollback),
        ...(types.length ? { assetTypes: types } : {}),
      });
      if (checked.problem) return checked.problem;
      const body = JSON.stringify(checked.value);
      if (attempt.current?.body !== body) attempt.current = { body, key: newIdempotencyKey() };
      const outcome = await act(api().POST('/change-templates', { params: { header: { 'Idempotency-Key': attempt.current.key } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      void navigate(`/change-templates/${outcome.data.id}`, { state: { notice: `The template “${outcome.data.name}” is proposed.` } });
      return undefined;
    });
  };
  const typesError = form.error('body.assetTypes');
  return (
    <form onSubmit={submit} noValidate aria-labelledby="propose-heading" className="card">
      <h2 id="propose-heading">Propose a template</h2>
      <p className="hint">
        A security officer checks it and a manager approves it; only then do standard changes follow it, with no test or authorization step.
      </p>
      <ProblemBanner problem={form.problem} fields={FIELDS} />
      <Field label="Name" error={form.error('body.name')}>
        {(props) => <input {...props} value={values.name} onChange={(event) => set('name')(event.target.value)} />}
      </Field>
      <Field label="Description" hint="what changes of this template are for, and their limits" error={form.error('body.description')}>
        {(props) => <textarea {...props} value={values.description} onChange={(event) => set('description')(event.target.value)} />}
      </Field>
      <Field label="Steps" hint="one a line, in order" error={form.error('body.steps')}>
        {(props) => <textarea {...props} value={values.steps} onChange={(event) => set('steps')(event.target.value)} />}
      </Field>
      <Field label="Rollback" hint="one step a line: how such a change is undone" error={form.error('body.rollback')}>
        {(props) => <textarea {...props} value={values.rollback} onChange={(event) => set('rollback')(event.target.value)} />}
      </Field>
      <fieldset aria-describedby={typesError ? 'asset-types-error' : 'asset-types-hint'} aria-invalid={!!typesError}>
        <legend>Asset types its changes may touch</legend>
        <small id="asset-types-hint" className="hint">
          none ticked: any
        </small>
        {ASSET_TYPES.map((type) => (
          <label key={type} className="check">
            <input
              type="checkbox"
              value={type}
              checked={types.includes(type)}
              onChange={(event) => setTypes(ASSET_TYPES.filter((candidate) => (candidate === type ? event.target.checked : types.includes(candidate))))}
            />
            {TYPE_NAMES[type]}
          </label>
        ))}
        {typesError && (
          <span id="asset-types-error" className="field-error">
            {typesError}
          </span>
        )}
      </fieldset>
      <FormActions label="Propose the template" busyLabel="Proposing…" busy={form.busy} onCancel={onCancel} />
    </form>
  );
}

const columns: Column<Template>[] = [
  { header: 'Template', rowHeader: true, cell: (template) => <Link to={`/change-templates/${template.id}`}>{template.name}</Link> },
  { header: 'Status', cell: (template) => <TemplateStatus status={template.status} /> },
  { header: 'Steps', cell: (template) => template.steps.length },
  { header: 'Asset types', cell: (template) => assetTypesText(template.assetTypes) },
  { header: 'Proposed', cell: (template) => `${personName(template.requestedByPerson, template.requestedBy)}, ${formatTime(template.createdAt)}` },
];

export default function Templates() {
  const mayPropose = holds(useWho()?.roles, TEMPLATE_PROPOSERS);
  const [proposing, setProposing] = useState(false);
  return (
    <Page
      title="Change templates"
      actions={
        mayPropose && !proposing ? (
          <button type="button" onClick={() => setProposing(true)}>
            Propose a template
          </button>
        ) : undefined
      }
    >
      <p>The pre-approved kinds of change that standard changes follow: their steps and rollback, approved once.</p>
      {proposing && <Propose onCancel={() => setProposing(false)} />}
      <PagedTable<Template>
        caption="Change templates, oldest first"
        columns={columns}
        deps={[]}
        rowKey={(template) => template.id}
        empty="No template has been proposed yet."
        load={(cursor) => api().GET('/change-templates', { params: { query: { limit: 25, ...(cursor ? { cursor } : {}) } } })}
      />
    </Page>
  );
}
