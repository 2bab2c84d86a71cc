// The change plan (X.1052 12.2.4 b): its current version read, and written — the next version through
// PUT …/plan under If-Match, checked first with the area's own schema. Lists are typed one item a line, the
// window in local time (sent as ISO UTC), each test as a person of the directory or anyone holding a role.
import { useState, type FormEvent } from 'react';
import type { Schemas } from '@ismf/api-client/client';
import { changePlanSchema, SERVICE_IMPACTS, type ChangePlan, type ServiceImpact } from '@ismf/change/rules';
import { TENANT_ROLES, type TenantRole } from '@ismf/core/roles';
import { act, api, type Problem } from '../../api.ts';
import { check, Field, FormActions, NumberedList, useSubmission } from '../../ui/form.tsx';
import { ProblemBanner, errorFor } from '../../ui/problem.tsx';
import { ROLE_LABELS } from '../../ui/roles.ts';
import {
  SERVICE_IMPACT_LABELS,
  UserPicker,
  assigneeText,
  fromLocalInput,
  nameOfUser,
  toLocalInput,
  windowText,
  type ChangePlanRead,
  type ChangeRequest,
} from './request-parts.tsx';

type User = Schemas['User'];

interface AssigneeValues {
  /** '' for no test (the on-site test only). */
  by: 'person' | 'role' | '';
  person: string;
  role: TenantRole | '';
}

export interface PlanValues {
  steps: string;
  effectivenessCheck: string;
  rollback: string;
  continuity: string;
  start: string;
  end: string;
  serviceImpact: ServiceImpact;
  labTest: AssigneeValues;
  onSiteTest: AssigneeValues;
  testDataProtection: string;
  implementer: string;
  note: string;
}

const assigneeValues = (who: ChangePlanRead['labTest'] | undefined): AssigneeValues =>
  !who ? { by: '', person: '', role: '' } : 'role' in who ? { by: 'role', person: '', role: who.role } : { by: 'person', person: who.assignee, role: '' };

/** The form's values for a change: its plan as it stands, else a blank one in its requested window. */
export function planValuesOf(change: ChangeRequest): PlanValues {
  const plan = change.plan;
  return {
    steps: plan?.steps.join('\n') ?? '',
    effectivenessCheck: plan?.effectivenessCheck ?? '',
    rollback: plan?.rollback?.join('\n') ?? '',
    continuity: plan?.continuity ?? '',
    start: toLocalInput(plan?.window.start ?? change.requestedWindow.start),
    end: toLocalInput(plan?.window.end ?? change.requestedWindow.end),
    serviceImpact: plan?.serviceImpact ?? 'none',
    labTest: plan ? assigneeValues(plan.labTest) : { by: 'person', person: '', role: '' },
    onSiteTest: assigneeValues(plan?.onSiteTest),
    testDataProtection: plan?.testDataProtection ?? '',
    implementer: plan?.implementer ?? '',
    note: '',
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const assigneeOf = (values: AssigneeValues) =>
  values.by === 'role' ? { role: values.role } : values.by === 'person' ? { assignee: values.person } : undefined;

/** The plan as the API takes it (what the schema refuses is named by it). */
export function planOf(values: PlanValues): unknown {
  const rollback = lines(values.rollback);
  const onSiteTest = assigneeOf(values.onSiteTest);
  return {
    steps: lines(values.steps),
    effectivenessCheck: values.effectivenessCheck,
    ...(rollback.length ? { rollback } : {}),
    continuity: values.continuity,
    window: { start: fromLocalInput(values.start), end: fromLocalInput(values.end) },
    serviceImpact: values.serviceImpact,
    labTest: assigneeOf(values.labTest),
    ...(onSiteTest ? { onSiteTest } : {}),
    ...(values.testDataProtection.trim() ? { testDataProtection: values.testDataProtection } : {}),
    implementer: values.implementer,
    ...(values.note.trim() ? { note: values.note } : {}),
  };
}

/** The plan's fields, by their names in the API: what a problem names (body.<field>, plan.<field>) lands here. */
export const PLAN_FIELDS = [
  'steps',
  'effectivenessCheck',
  'rollback',
  'continuity',
  'window',
  'serviceImpact',
  'labTest',
  'onSiteTest',
  'testDataProtection',
  'implementer',
  'note',
] as const;

function AssigneeFields({
  legend,
  values,
  onChange,
  users,
  error,
  optional,
}: {
  legend: string;
  values: AssigneeValues;
  onChange: (values: AssigneeValues) => void;
  users: readonly User[] | undefined;
  error: string | undefined;
  optional?: boolean;
}) {
  const name = legend.toLowerCase().replace(/\W+/g, '-');
  return (
    <fieldset>
      <legend>{legend}</legend>
      {([...(optional ? ([['', 'No such test']] as const) : []), ['person', 'A person'], ['role', 'Anyone holding a role']] as const).map(([by, label]) => (
        <label key={by || 'none'} className="check">
          <input type="radio" name={name} value={by} checked={values.by === by} onChange={() => onChange({ ...values, by })} />
          {label}
        </label>
      ))}
      {values.by === 'person' && (
        <UserPicker label={`${legend}: person`} value={values.person} onChange={(person) => onChange({ ...values, person })} users={users} error={error} />
      )}
      {values.by === 'role' && (
        <Field label={`${legend}: role`} error={error}>
          {(props) => (
            <select {...props} value={values.role} onChange={(event) => onChange({ ...values, role: event.target.value as TenantRole })}>
              <option value="">Choose a role</option>
              {TENANT_ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {values.by === '' && error && <span className="field-error">{error}</span>}
    </fieldset>
  );
}

/**
 * The plan's fields. `errorAt` finds a field's error under any of the prefixes a problem names it by: the
 * plan's own write (`body.`) and the submission that holds it to the rules again (`plan.`).
 */
export function PlanFields({
  values,
  onChange,
  errorAt,
  users,
}: {
  values: PlanValues;
  onChange: (values: PlanValues) => void;
  errorAt: (field: string) => string | undefined;
  users: readonly User[] | undefined;
}) {
  const set =
    <K extends keyof PlanValues>(field: K) =>
    (value: PlanValues[K]) =>
      onChange({ ...values, [field]: value });
  const text = (field: 'effectivenessCheck' | 'continuity' | 'testDataProtection' | 'note', label: string, hint?: string) => (
    <Field label={label} error={errorAt(field)} {...(hint ? { hint } : {})}>
      {(props) => <textarea {...props} value={values[field]} onChange={(event) => set(field)(event.target.value)} />}
    </Field>
  );
  return (
    <>
      <Field label="Steps" hint="one step a line, in order" error={errorAt('steps')}>
        {(props) => <textarea {...props} rows={4} value={values.steps} onChange={(event) => set('steps')(event.target.value)} />}
      </Field>
      {text('effectivenessCheck', 'Effectiveness check', 'how the change’s effect will be checked')}
      <Field label="Rollback" hint="one step a line; required when an affected asset has importance 4 or 5" error={errorAt('rollback')}>
        {(props) => <textarea {...props} rows={3} value={values.rollback} onChange={(event) => set('rollback')(event.target.value)} />}
      </Field>
      {text('continuity', 'Service continuity', 'how the service continues meanwhile')}
      <fieldset>
        <legend>Change window (your local time)</legend>
        <Field label="Window start" error={errorAt('window.start') ?? (errorAt('window') && !errorAt('window.end') ? errorAt('window') : undefined)}>
          {(props) => <input {...props} type="datetime-local" value={values.start} onChange={(event) => set('start')(event.target.value)} />}
        </Field>
        <Field label="Window end" error={errorAt('window.end')}>
          {(props) => <input {...props} type="datetime-local" value={values.end} onChange={(event) => set('end')(event.target.value)} />}
        </Field>
      </fieldset>
      <Field label="Service impact" hint="what the service suffers during the window" error={errorAt('serviceImpact')}>
        {(props) => (
          <select {...props} value={values.serviceImpact} onChange={(event) => set('serviceImpact')(event.target.value as ServiceImpact)}>
            {SERVICE_IMPACTS.map((impact) => (
              <option key={impact} value={impact}>
                {SERVICE_IMPACT_LABELS[impact]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <AssigneeFields legend="Lab test" values={values.labTest} onChange={set('labTest')} users={users} error={errorAt('labTest')} />
      <AssigneeFields legend="On-site test" values={values.onSiteTest} onChange={set('onSiteTest')} users={users} error={errorAt('onSiteTest')} optional />
      {text('testDataProtection', 'Test data protection', 'how production personal data used in a test is protected; without it, tests use none')}
      <UserPicker label="Implementer" value={values.implementer} onChange={set('implementer')} users={users} error={errorAt('implementer')} />
      {text('note', 'Note on this version', 'optional')}
    </>
  );
}

/** The next version of the plan, written under If-Match; a submission's refusal (plan.<field>) shown beside its fields too. */
export function PlanForm({
  change,
  etag,
  users,
  submissionProblem,
  onSaved,
  onCancel,
  onReload,
}: {
  change: ChangeRequest;
  etag: string | undefined;
  users: readonly User[] | undefined;
  submissionProblem: Problem | undefined;
  onSaved: () => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const [values, setValues] = useState<PlanValues>(() => planValuesOf(change));
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(changePlanSchema, planOf(values));
      if (checked.problem) return checked.problem;
      const answer = await act(
        api().PUT('/change-requests/{changeRequestId}/plan', {
          params: { path: { changeRequestId: change.id }, header: { 'If-Match': etag ?? '' } },
          body: checked.value as ChangePlan,
        }),
      );
      if (answer.problem) return answer.problem;
      onSaved();
      return undefined;
    });
  };
  const errorAt = (field: string) => form.error(`body.${field}`) ?? errorFor(submissionProblem, `plan.${field}`);
  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby="plan-form-heading">
      <h3 id="plan-form-heading">{change.plan ? `Revise the plan (version ${change.planVersion + 1})` : 'Write the plan'}</h3>
      <ProblemBanner problem={form.problem} fields={PLAN_FIELDS.map((field) => `body.${field}`)} onReload={onReload} />
      <PlanFields values={values} onChange={setValues} errorAt={errorAt} users={users} />
      <FormActions label="Save the plan" busyLabel="Saving…" busy={form.busy} onCancel={onCancel} />
    </form>
  );
}

/** The plan's current version, read. */
/** The people the plan names, named by the API (everyone may read them, not only those who may list users). */
export interface PlanPeople {
  implementer: { name: string };
  labTester?: { name: string };
  onSiteTester?: { name: string };
}

export function PlanView({ plan, version, users, people }: { plan: ChangePlanRead; version: number; users: readonly User[] | undefined; people?: PlanPeople }) {
  const tester = (who: ChangePlanRead['labTest'] | undefined, named: { name: string } | undefined) =>
    named && who && 'assignee' in who ? named.name : assigneeText(who, users);
  return (
    <div className="card">
      <h3>Version {version}</h3>
      <dl className="facts">
        <dt>Steps</dt>
        <dd>
          <NumberedList items={plan.steps} />
        </dd>
        <dt>Effectiveness check</dt>
        <dd>{plan.effectivenessCheck}</dd>
        <dt>Rollback</dt>
        <dd>
          <NumberedList items={plan.rollback} />
        </dd>
        <dt>Service continuity</dt>
        <dd>{plan.continuity}</dd>
        <dt>Window</dt>
        <dd>{windowText(plan.window)}</dd>
        <dt>Service impact</dt>
        <dd>{SERVICE_IMPACT_LABELS[plan.serviceImpact]}</dd>
        <dt>Lab test</dt>
        <dd>{tester(plan.labTest, people?.labTester)}</dd>
        <dt>On-site test</dt>
        <dd>{tester(plan.onSiteTest, people?.onSiteTester)}</dd>
        <dt>Test data protection</dt>
        <dd>{plan.testDataProtection ?? 'none: tests use no production personal data'}</dd>
        <dt>Implementer</dt>
        <dd>{people?.implementer.name ?? nameOfUser(users, plan.implementer)}</dd>
        {plan.note && (
          <>
            <dt>Note</dt>
            <dd>{plan.note}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
