// `npm run -s token -- --tenant T --user U --roles a,b [--name 'Dana Weiss'] [--job-title …]` (or `--operator`): asks the running local stack
// for a token, registering the tenant and user if new, and prints it.
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    user: { type: 'string' },
    roles: { type: 'string' },
    name: { type: 'string' },
    'job-title': { type: 'string' },
    operator: { type: 'boolean', default: false },
    ttl: { type: 'string' },
    url: { type: 'string', default: process.env.ISMF_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  },
});

const response = await fetch(`${values.url}/_local/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    tenant: values.tenant,
    user: values.user,
    roles: values.roles
      ?.split(',')
      .map((role) => role.trim())
      .filter(Boolean),
    name: values.name,
    jobTitle: values['job-title'],
    operator: values.operator,
    ttlSeconds: values.ttl ? Number(values.ttl) : undefined,
  }),
}).catch(() => {
  console.error(`no local stack answers at ${values.url}: start it with npm start`);
  process.exit(1);
});
const answer = (await response.json()) as { token?: string; detail?: string };
if (!response.ok || !answer.token) {
  console.error(answer.detail ?? `token request failed with ${response.status}`);
  process.exit(1);
}
console.log(answer.token);
