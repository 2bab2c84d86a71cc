// `npm run -s token -- --tenant T --user U --roles a,b [--name 'Dana Weiss'] [--job-title …]` (or `--operator`): asks the running local stack
// for a token, registering the tenant and user if new, and prints it.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runningStackUrl } from './stack-url.ts';

// The stack's key folder, as `npm start` uses it (ISMF_KEY_DIR, else .ismf/ at the repository's root).
const keyDir = process.env.ISMF_KEY_DIR ?? resolve(import.meta.dirname, '../../../.ismf');

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    user: { type: 'string' },
    roles: { type: 'string' },
    name: { type: 'string' },
    'job-title': { type: 'string' },
    operator: { type: 'boolean', default: false },
    ttl: { type: 'string' },
    url: { type: 'string', default: runningStackUrl(process.env, keyDir) },
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
