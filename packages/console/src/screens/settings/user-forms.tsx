// The forms of the user directory: inviting a user (POST /users, with an Idempotency-Key kept across retries
// of one submission) and changing a user's roles or status (PATCH /users/{id}, If-Match the version read:
// a 412 says someone changed the user meanwhile). Checked first with the API's own schemas (the directory's
// rules), then by the API; its errors land beside the field they name; nothing typed is lost.
import { useState, type FormEvent } from 'react';
import type { TenantRole } from '@ismf/core/roles';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, newIdempotencyKey } from '../../api.ts';
import { userInputSchema, userPatchSchema } from '@ismf/directory/rules';
import { check, Field, useSubmission } from '../../ui/form.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { RolesField } from '../../ui/roles-field.tsx';
import { ROLE_LABELS } from '../../ui/roles.ts';

export type User = Schemas['User'];

// The API's own schemas: an invitation is a user input without a line manager (set later); a change, the
// roles, the status and the reason of a user patch.
const inviteSchema = userInputSchema.omit({ managerId: true });
const changeSchema = userPatchSchema;

export function InviteUser({ onInvited }: { onInvited: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [roles, setRoles] = useState<TenantRole[]>(['staff']);
  // One key per submission: a retry after a lost answer is the same invitation, not a second one.
  const [key, setKey] = useState(newIdempotencyKey);
  const [invited, setInvited] = useState<User>();
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setInvited(undefined);
    void form.run(async () => {
      const checked = check(inviteSchema, { email: email.trim(), displayName: name, roles, ...(title.trim() ? { jobTitle: title } : {}) });
      if (checked.problem) return checked.problem;
      const outcome = await act(api().POST('/users', { params: { header: { 'Idempotency-Key': key } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      setKey(newIdempotencyKey());
      setEmail('');
      setName('');
      setTitle('');
      setRoles(['staff']);
      setInvited(outcome.data);
      onInvited(outcome.data);
      return undefined;
    });
  };
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite a user</h2>
      {invited && (
        <p role="status" className="notice">
          {invited.displayName ?? invited.email} is invited as {invited.roles.map((role) => ROLE_LABELS[role]).join(', ')}.
        </p>
      )}
      <ProblemBanner problem={form.problem} fields={['body.email', 'body.displayName', 'body.jobTitle', 'body.roles']} />
      <form onSubmit={submit} noValidate>
        <Field label="E-mail" error={form.error('body.email')}>
          {(props) => <input {...props} type="email" autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />}
        </Field>
        <Field label="Name" error={form.error('body.displayName')}>
          {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field label="Job title (optional)" error={form.error('body.jobTitle')}>
          {(props) => <input {...props} value={title} onChange={(event) => setTitle(event.target.value)} />}
        </Field>
        <RolesField value={roles} onChange={setRoles} error={form.error('body.roles')} />
        <button type="submit" disabled={form.busy}>
          Invite
        </button>
      </form>
    </section>
  );
}

export function ChangeUser({
  user,
  etag,
  onChanged,
  onReload,
}: {
  user: User;
  etag: string | undefined;
  onChanged: (user: User) => void;
  onReload: () => void;
}) {
  const [roles, setRoles] = useState<TenantRole[]>(user.roles);
  const [status, setStatus] = useState<User['status']>(user.status);
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState(false);
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void form.run(async () => {
      const sameRoles = roles.length === user.roles.length && roles.every((role) => user.roles.includes(role));
      const patch = { ...(sameRoles ? {} : { roles }), ...(status !== user.status ? { status } : {}), ...(reason.trim() ? { reason } : {}) };
      const checked = check(changeSchema, patch);
      if (checked.problem) return checked.problem;
      const outcome = await act(
        api().PATCH('/users/{userId}', {
          params: { path: { userId: user.id }, header: { 'If-Match': etag ?? `"${user.version}"` } },
          body: checked.value,
        }),
      );
      if (outcome.problem) return outcome.problem;
      setReason('');
      setSaved(true);
      onChanged(outcome.data);
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} aria-label={`Change ${user.displayName ?? user.email}`}>
      {saved && (
        <p role="status" className="notice">
          Saved.
        </p>
      )}
      <ProblemBanner problem={form.problem} fields={['body.roles', 'body.status', 'body.reason']} onReload={onReload} />
      <RolesField value={roles} onChange={setRoles} error={form.error('body.roles')} />
      <Field label="Status" error={form.error('body.status')} hint="A disabled account is signed out at once and cannot sign in.">
        {(props) => (
          <select {...props} value={status} onChange={(event) => setStatus(event.target.value as User['status'])}>
            <option value="active">active</option>
            <option value="disabled">disabled (deactivated)</option>
          </select>
        )}
      </Field>
      <Field label="Reason (kept in the audit trail)" error={form.error('body.reason')}>
        {(props) => <input {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <button type="submit" disabled={form.busy}>
        Save changes
      </button>
    </form>
  );
}
