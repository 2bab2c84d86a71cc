// What a keeper does with a requirement: asks for a lab test of its fix (X.1052 12.2.3 b: POST /patch-tests, a
// work task for a person of the directory or anyone of a role, with the reason), or closes it as not to be
// patched (POST …/closure, If-Match the version read, with the resolution and the reason kept in its history).
// Checked with the area's own schemas first; the API's refusals land beside the fields they name.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { TENANT_ROLES, type TenantRole } from '@ismf/core/roles';
import { CLOSURE_RESOLUTIONS, closureSchema, patchTestRequestSchema } from '@ismf/patches/rules';
import { act, api, newIdempotencyKey } from '../../api.ts';
import { useWho } from '../../session/session.ts';
import { check, Field, FormActions, useSubmission } from '../../ui/form.tsx';
import { ProblemBanner, refusal } from '../../ui/problem.tsx';
import { ROLE_LABELS } from '../../ui/roles.ts';
import { UserPicker, useDirectory } from '../change/request-parts.tsx';
import { RESOLUTION_LABELS, type PatchTest, type Requirement, type Resolution } from './parts.tsx';

/** Focuses a form's heading when it opens, so that a screen reader says where the person is. */
function useFocusedHeading() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return heading;
}

export function TestRequestForm({ requirement, onAsked, onCancel }: { requirement: Requirement; onAsked: (test: PatchTest) => void; onCancel: () => void }) {
  const who = useWho();
  const directory = useDirectory(who?.roles);
  const [by, setBy] = useState<'person' | 'role'>('person');
  const [assignee, setAssignee] = useState('');
  const [role, setRole] = useState<TenantRole>('security-officer');
  const [reason, setReason] = useState('');
  const form = useSubmission();
  const heading = useFocusedHeading();
  const attempt = useRef<{ body: string; key: string }>(undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      if (by === 'person' && !assignee)
        return refusal('Choose the tester', 'name the person who tests it, or choose a role', 'body.assignee', 'choose a person');
      if (!reason.trim()) return refusal('Say why', 'say what to test, and why now', 'body.reason');
      const body = { requirementIds: [requirement.id], ...(by === 'person' ? { assignee } : { role }), reason };
      const checked = check(patchTestRequestSchema, body);
      if (checked.problem) return checked.problem;
      const text = JSON.stringify(checked.value);
      if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
      const outcome = await act(api().POST('/patch-tests', { params: { header: { 'Idempotency-Key': attempt.current.key } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      onAsked(outcome.data);
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="test-request-heading" className="card">
      <h2 id="test-request-heading" ref={heading} tabIndex={-1}>
        Ask for a lab test
      </h2>
      <p className="hint">
        The tester gets a work task: install the fix in the lab or a simulated environment and hand in the result. A passed test makes the requirement ready for
        a rollout wave; a failed one returns it with the tester’s notes.
      </p>
      <ProblemBanner problem={form.problem} fields={['body.assignee', 'body.role', 'body.reason', 'body.requirementIds']} />
      <fieldset>
        <legend>Who tests it</legend>
        <label className="check">
          <input type="radio" name="tester" value="person" checked={by === 'person'} onChange={() => setBy('person')} />A person
        </label>
        <label className="check">
          <input type="radio" name="tester" value="role" checked={by === 'role'} onChange={() => setBy('role')} />
          Anyone holding a role
        </label>
      </fieldset>
      {by === 'person' ? (
        <UserPicker label="Tester" value={assignee} onChange={setAssignee} users={directory.users} error={form.error('body.assignee')} />
      ) : (
        <Field label="Role" hint="anyone holding it may take the test" error={form.error('body.role')}>
          {(props) => (
            <select {...props} value={role} onChange={(event) => setRole(event.target.value as TenantRole)}>
              {TENANT_ROLES.map((each) => (
                <option key={each} value={each}>
                  {ROLE_LABELS[each]}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Reason" hint="what to test, and why now" error={form.error('body.reason') ?? form.error('body.requirementIds')}>
        {(props) => <textarea {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <FormActions label="Ask for the lab test" busyLabel="Asking…" busy={form.busy} onCancel={onCancel} />
    </form>
  );
}

export function ClosureForm({
  requirement,
  etag,
  onClosed,
  onCancel,
  onReload,
}: {
  requirement: Requirement;
  etag: string | undefined;
  onClosed: () => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const [resolution, setResolution] = useState<Resolution>('not-applicable');
  const [reason, setReason] = useState('');
  const form = useSubmission();
  const heading = useFocusedHeading();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      if (!reason.trim()) return refusal('Say why', 'say why the requirement is not to be patched', 'body.reason');
      const checked = check(closureSchema, { resolution, reason });
      if (checked.problem) return checked.problem;
      const outcome = await act(
        api().POST('/patch-requirements/{patchRequirementId}/closure', {
          params: { path: { patchRequirementId: requirement.id }, header: { 'If-Match': etag ?? `"${requirement.version}"` } },
          body: checked.value,
        }),
      );
      if (outcome.problem) return outcome.problem;
      onClosed();
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="closure-heading" className="card">
      <h2 id="closure-heading" ref={heading} tabIndex={-1}>
        Close the requirement
      </h2>
      <p className="hint">A closed requirement is not patched: say why. The reason is kept in its history.</p>
      <ProblemBanner problem={form.problem} fields={['body.resolution', 'body.reason']} onReload={onReload} />
      <Field label="Resolution" error={form.error('body.resolution')}>
        {(props) => (
          <select {...props} value={resolution} onChange={(event) => setResolution(event.target.value as Resolution)}>
            {CLOSURE_RESOLUTIONS.map((each) => (
              <option key={each} value={each}>
                {RESOLUTION_LABELS[each]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Reason for closing" hint="kept in the requirement’s history" error={form.error('body.reason')}>
        {(props) => <textarea {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <FormActions label="Close the requirement" busyLabel="Closing…" busy={form.busy} onCancel={onCancel} danger />
    </form>
  );
}
