// What the change request screens share: the request's states and classes in words (badges say them in text,
// never by colour alone), who may do what (the operations' roles), windows as people type them
// (datetime-local, sent as ISO UTC), the person pickers of the plan (the directory where the caller may read
// it, else a user id typed), and a test record as people read it.
import type { Schemas } from '@ismf/api-client/client';
import { IMPORTANCE_NAMES } from '@ismf/assets/rules';
import type { ChangeClass, ChangeState } from '@ismf/change/rules';
import { TENANT_ROLES, type TenantRole } from '@ismf/core/roles';
import { api, useApiData } from '../../api.ts';
import { Field } from '../../ui/form.tsx';
import { formatTime } from '../../ui/format.ts';
import { ROLE_LABELS } from '../../ui/roles.ts';

export type ChangeRequest = Schemas['ChangeRequest'];
export type ChangeSummary = Schemas['ChangeRequestSummary'];
export type ChangePlanRead = Schemas['ChangePlan'];
type User = Schemas['User'];

/** The operations' roles (packages/change/src/change-schema.ts and flow-operations.ts). */
export const READERS: readonly TenantRole[] = ['admin', 'security-officer', 'manager', 'auditor', 'asset-owner', 'isirt'];
export const REQUESTERS: readonly TenantRole[] = ['admin', 'security-officer', 'manager', 'asset-owner'];
export const IMPLEMENTERS: readonly TenantRole[] = TENANT_ROLES.filter((role) => role !== 'auditor');
export const REVIEWERS: readonly TenantRole[] = ['admin', 'security-officer', 'manager'];
/** Who reads the directory (GET /users): the others type a user id. */
export const DIRECTORY_READERS: readonly TenantRole[] = ['admin', 'security-officer', 'auditor'];

export const holds = (roles: readonly TenantRole[] | undefined, allowed: readonly TenantRole[]) => !!roles?.some((role) => allowed.includes(role));

export const STATE_LABELS: Record<ChangeState, string> = {
  draft: 'Draft',
  submitted: 'Submitted (in test or authorization)',
  returned: 'Returned for revision',
  authorized: 'Authorized',
  rejected: 'Rejected',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
  implemented: 'Implemented',
  'partly-implemented': 'Partly implemented',
  'rolled-back': 'Rolled back',
  failed: 'Failed',
  refused: 'Refused',
};

const STATE_CLASS: Record<ChangeState, string> = {
  draft: '',
  submitted: '',
  returned: 'warn',
  authorized: 'ok',
  rejected: 'danger',
  expired: 'warn',
  withdrawn: 'warn',
  implemented: 'ok',
  'partly-implemented': 'warn',
  'rolled-back': 'warn',
  failed: 'danger',
  refused: 'danger',
};

export function StateBadge({ state }: { state: ChangeState }) {
  return <span className={`badge ${STATE_CLASS[state]}`}>{STATE_LABELS[state]}</span>;
}

export const importanceLabel = (level: number) => `${level} · ${IMPORTANCE_NAMES[level as keyof typeof IMPORTANCE_NAMES] ?? '?'}`;

export const CLASS_LABELS: Record<ChangeClass, string> = { standard: 'Standard', normal: 'Normal', emergency: 'Emergency' };

export const SERVICE_IMPACT_LABELS = { none: 'None', degraded: 'Degraded', outage: 'Outage' } as const;

/** A window in one line, local time. */
export const windowText = (window: { start: string; end: string }) => `${formatTime(window.start)} – ${formatTime(window.end)}`;

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO time as a datetime-local input shows it (the browser's time zone). */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value as the API takes it (ISO UTC); what is no time goes as typed, for the schema to name. */
export function fromLocalInput(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** Hours from now, as a datetime-local value: the default of a new window. */
export const localInHours = (hours: number) => {
  const date = new Date(Date.now() + hours * 3_600_000);
  date.setMinutes(0, 0, 0);
  return toLocalInput(date.toISOString());
};

export const userName = (user: Pick<User, 'displayName' | 'email'>) => user.displayName ?? user.email;

/** The directory's active users (its first 100) for a picker, when the caller may read it. */
export function useDirectory(roles: readonly TenantRole[] | undefined) {
  const may = holds(roles, DIRECTORY_READERS);
  const read = useApiData(
    () => (may ? api().GET('/users', { params: { query: { limit: 100 } } }) : Promise.resolve({ response: new Response(null, { status: 204 }) })),
    [may],
  );
  const users = (read.data as Schemas['UserPage'] | undefined)?.items.filter((user) => user.status === 'active');
  return { may, users };
}

/** A user's name from the directory, else their id. */
export const nameOfUser = (users: readonly User[] | undefined, id: string) => {
  const user = users?.find((each) => each.id === id);
  return user ? userName(user) : id;
};

/** A directory user: picked from the directory, or typed as an id by those who cannot read it. */
export function UserPicker({
  label,
  value,
  onChange,
  users,
  error,
  hint,
}: {
  label: string;
  value: string;
  onChange: (id: string) => void;
  users: readonly User[] | undefined;
  error?: string | undefined;
  hint?: string;
}) {
  if (!users)
    return (
      <Field label={label} error={error} hint={hint ?? 'the user id from the directory'}>
        {(props) => <input {...props} value={value} onChange={(event) => onChange(event.target.value.trim())} />}
      </Field>
    );
  const known = users.some((user) => user.id === value);
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {(props) => (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">Choose a person</option>
          {value && !known && <option value={value}>{value}</option>}
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {userName(user)} ({user.roles.map((role) => ROLE_LABELS[role]).join(', ')})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A test's record on the request, as the API keeps it. */
export interface TestRecord {
  kind: 'lab' | 'on-site' | 'after-the-fact';
  outcome: 'passed' | 'failed';
  environment: string;
  notes: string;
  testData: { description: string; productionPersonalData: boolean };
  evidenceIds?: string[];
  planVersion: number;
  by: string;
  /** The tester, named by the API (`by` is their sign-in subject). */
  byPerson?: { name: string };
  at: string;
}

export const TEST_KIND_LABELS: Record<TestRecord['kind'], string> = { lab: 'Lab test', 'on-site': 'On-site test', 'after-the-fact': 'After-the-fact test' };

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span className={`badge ${outcome === 'passed' ? 'ok' : 'danger'}`}>{outcome === 'passed' ? 'Passed' : outcome === 'failed' ? 'Failed' : outcome}</span>
  );
}

/** The tests of a change, each a row: kind, outcome, where, what was found, the test data, who, on which plan. */
export function TestsTable({ tests, caption, users }: { tests: readonly TestRecord[]; caption: string; users?: readonly User[] | undefined }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Test</th>
          <th scope="col">Outcome</th>
          <th scope="col">Environment</th>
          <th scope="col">Notes</th>
          <th scope="col">Test data</th>
          <th scope="col">By</th>
          <th scope="col">Plan version</th>
        </tr>
      </thead>
      <tbody>
        {tests.map((test) => (
          <tr key={`${test.kind}:${test.at}`}>
            <th scope="row">
              {TEST_KIND_LABELS[test.kind] ?? test.kind}
              <br />
              <small>{formatTime(test.at)}</small>
            </th>
            <td>
              <OutcomeBadge outcome={test.outcome} />
            </td>
            <td>{test.environment}</td>
            <td>{test.notes}</td>
            <td>
              {test.testData.description}
              {test.testData.productionPersonalData && (
                <>
                  {' '}
                  <span className="badge warn">production personal data</span>
                </>
              )}
            </td>
            <td>{test.byPerson?.name ?? nameOfUser(users, test.by)}</td>
            <td>{test.planVersion}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Who carries out a test, in words. */
export function assigneeText(who: ChangePlanRead['labTest'] | undefined, users: readonly User[] | undefined): string {
  if (!who) return 'none';
  if ('role' in who) return `anyone holding the role ${ROLE_LABELS[who.role]}`;
  return users ? nameOfUser(users, who.assignee) : `a person (user ${who.assignee})`;
}
