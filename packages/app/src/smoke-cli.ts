// `npm run smoke -- --url URL --token TOKEN [options]`: the smoke test of a running ISMF (smoke.ts), one
// line per step. Exit status: 0 every step passed, 1 a step failed, 2 a usage error.
import { parseArgs } from 'node:util';
import { runsAsProgram } from '@ismf/core/entry-point';
import { runSmoke, textReporter } from './smoke.ts';

export interface SmokeIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}

export const HELP = `smoke: a smoke test of a running ISMF through its public HTTP API — in AWS, or npm start.

Usage: npm run -s smoke -- --url URL --token TOKEN [options]

Runs as a user of a tenant set aside for smoke tests, and prints one line per step:
  health    GET /health answers
  tenant    the token is accepted for its tenant (with --operator-token: the registry shows it active)
  user      the caller is an active user of the directory (with --new-user: a user registered, read back)
  asset     an asset registered, read back with its ETag and history
  event     its AssetRegistered event reached its consumer: the register summary counts it
  flow      an asset policy change (the policy in force, unchanged) started its flow on Step Functions,
            which opened the check step
  decision  with --checker-token: the checker rejects and the execution settles the change rejected;
            without: the requester withdraws the change
  cleanup   the asset retired, the change withdrawn if still open, the new user disabled
The first failed step stops the run (its answer and problem are printed); cleanup still runs.
What stays: the retired asset, the settled change and its flow record, the disabled user, and the
audit entries of all of it (the audit trail is append-only).

Options:
  --url URL               the API (default: $ISMF_URL)
  --token TOKEN           an ID token of an admin, or a security officer, of the smoke tenant
                          (default: $ISMF_TOKEN)
  --checker-token TOKEN   an ID token of a security officer of the same tenant, another person
                          (default: $ISMF_CHECKER_TOKEN)
  --operator-token TOKEN  a platform operator's token (default: $ISMF_OPERATOR_TOKEN)
  --new-user ADDRESS      register a throwaway user at ADDRESS ({run} stands for the run id; without it
                          +<run id> is added before the @) and disable it at the end; needs admin. In AWS
                          this creates a Cognito account, which sends an invitation to ADDRESS.
  --timeout SECONDS       how long to wait for each asynchronous effect (default 60)
  -h, --help              this text

Exit status: 0 every step passed; 1 a step failed; 2 a usage error.

Locally (npm start):
  npm run -s smoke -- --url http://127.0.0.1:3000 \\
    --token "$(npm run -s token -- --tenant smoke-tests --user smoke.admin --roles admin)" \\
    --checker-token "$(npm run -s token -- --tenant smoke-tests --user smoke.checker --roles security-officer)"`;

class UsageError extends Error {}

export async function main(argv: readonly string[], io: SmokeIo): Promise<number> {
  try {
    let values: Record<string, string | boolean | undefined>;
    try {
      ({ values } = parseArgs({
        args: [...argv],
        options: {
          url: { type: 'string' },
          token: { type: 'string' },
          'checker-token': { type: 'string' },
          'operator-token': { type: 'string' },
          'new-user': { type: 'string' },
          timeout: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        allowPositionals: false,
        strict: true,
      }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return 0;
    }
    const text = (name: string, env: string) => {
      const value = values[name];
      return (typeof value === 'string' ? value : undefined) || io.env[env] || undefined;
    };
    const url = text('url', 'ISMF_URL');
    const token = text('token', 'ISMF_TOKEN');
    if (!url) throw new UsageError('no URL: pass --url (or set ISMF_URL)');
    if (!/^https?:\/\//.test(url)) throw new UsageError(`--url ${url}: an http:// or https:// URL`);
    if (!token) throw new UsageError('no token: pass --token (or set ISMF_TOKEN)');
    let timeoutMs: number | undefined;
    if (typeof values.timeout === 'string') {
      const timeout = Number(values.timeout);
      if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout ${values.timeout}: a number of seconds above 0`);
      timeoutMs = timeout * 1000;
    }
    const newUser = text('new-user', 'ISMF_SMOKE_NEW_USER');
    if (newUser !== undefined && !newUser.includes('@')) throw new UsageError(`--new-user ${newUser}: an e-mail address`);
    const result = await runSmoke(
      {
        url,
        token,
        checkerToken: text('checker-token', 'ISMF_CHECKER_TOKEN'),
        operatorToken: text('operator-token', 'ISMF_OPERATOR_TOKEN'),
        newUser,
        timeoutMs,
      },
      textReporter((line) => io.stdout.write(`${line}\n`)),
    );
    return result.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`smoke: ${error.message}\nRun npm run -s smoke -- --help for the usage.\n`);
      return 2;
    }
    io.stderr.write(`smoke: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (runsAsProgram(import.meta.url)) {
  // Not process.exit: what is still buffered for a pipe is written first.
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
