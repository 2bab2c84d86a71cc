// Signing in. In AWS: the Cognito hosted UI (PKCE), which comes back to /callback. Locally: pick the tenant,
// the user and the roles, and the local stack's dev token endpoint registers them if new and mints the token
// (the page and the endpoint exist only on a local stack). Either way the screen asked for opens next.
import { useState, type FormEvent } from 'react';
import { tenantRolesSchema, type TenantRole } from '@ismf/core/roles';
import { tenantIdSchema } from '@ismf/core/id-patterns';
import * as z from 'zod';
import { Field, check, useSubmission } from '../ui/form.tsx';
import { RolesField } from '../ui/roles-field.tsx';
import { ProblemBanner } from '../ui/problem.tsx';
import { rememberedLocalIdentity, signInKind, signInLocally, SignInProblem, startHostedSignIn } from '../session/session.ts';

/** What the dev token endpoint takes (packages/platform/src/dev-identity.ts), checked before it is sent. */
const localSignInSchema = z.strictObject({
  tenant: tenantIdSchema,
  user: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, 'a user name: letters, digits, . _ -'),
  roles: tenantRolesSchema,
});

function LocalSignIn() {
  const remembered = rememberedLocalIdentity();
  const [tenant, setTenant] = useState(remembered?.tenant ?? 'demo-telecom');
  const [user, setUser] = useState(remembered?.user ?? 'admin');
  const [roles, setRoles] = useState<TenantRole[]>((remembered?.roles as TenantRole[] | undefined) ?? ['admin']);
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(localSignInSchema, { tenant, user, roles });
      if (checked.problem) return checked.problem;
      try {
        await signInLocally(checked.value);
        return undefined;
      } catch (error) {
        const fields = error instanceof SignInProblem ? error.fields : [];
        return { type: 'about:blank', title: 'Sign-in refused', status: 400, detail: (error as Error).message, errors: fields };
      }
    });
  };
  return (
    <form onSubmit={submit} noValidate className="sign-in">
      <p className="hint">This is the local stack: pick who you are. A new tenant or user is registered with the roles you pick; an existing user gets them.</p>
      <ProblemBanner problem={form.problem} fields={['body.tenant', 'body.user', 'body.roles']} />
      <Field label="Organization (tenant id)" error={form.error('body.tenant')}>
        {(props) => <input {...props} name="tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} autoComplete="organization" />}
      </Field>
      <Field label="User" hint="a user name (mailed as user@tenant.example) " error={form.error('body.user')}>
        {(props) => <input {...props} name="user" value={user} onChange={(e) => setUser(e.target.value)} autoComplete="username" />}
      </Field>
      <RolesField value={roles} onChange={setRoles} error={form.error('body.roles')} />
      <button type="submit" disabled={form.busy}>
        Sign in
      </button>
    </form>
  );
}

export default function SignIn({ returnTo }: { returnTo: string }) {
  return (
    <main id="main" className="sign-in-page">
      <h1>Sign in to ISMF</h1>
      {signInKind() === 'local' ? (
        <LocalSignIn />
      ) : (
        <button type="button" onClick={() => void startHostedSignIn(returnTo)}>
          Sign in
        </button>
      )}
    </main>
  );
}
