// `tsx packages/audit/src/verify-audit-export-cli.ts FILE [--key PEMFILE]` (npm run verify-audit-export):
// verifies an audit export offline and prints a one-line verdict, then each problem with its line.
// Exit code 0: verified; 1: not verified; 2: a usage error (arguments, an unreadable file or key).
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { runsAsProgram } from '@ismf/core/entry-point';
import { readPublicKey, verifyAuditExport } from './export-verify.ts';

const HELP = `Usage: verify-audit-export FILE [--key PEMFILE]

Verifies an ISMF audit export (JSON Lines) offline: each entry's hash and its link to the entity's
previous entry, each signed hourly digest (signature, chain, and that every hour wholly inside the
window holds exactly the entries it sealed), and that no line was removed. Needs no network and no
account: only the file and the digest public key.

  --key PEMFILE  the audit digest public key to check the signatures with (SPKI PEM, DER, base64
                 DER or JWK). The export's header carries the key it was signed with, used without
                 --key, but a rewritten file can carry a rewritten key: an auditor should obtain the
                 key independently and give it here. In AWS it is the platform's digest KMS key, whose
                 id the header names: \`aws kms get-public-key --key-id <keyId> --query PublicKey
                 --output text > digest-key.b64\`, run by the platform operator. Locally it is the
                 public half of .ismf/digest-signing-key.pem
                 (\`openssl pkey -in .ismf/digest-signing-key.pem -pubout\`).
  -h, --help     this text

Exit code: 0 verified, 1 not verified, 2 usage error.`;

/** Where the CLI writes: the console when run, a test's capture when called. */
export interface Output {
  log(line: string): void;
  error(line: string): void;
}

export async function run(args: string[], out: Output = console): Promise<number> {
  const usage = (message: string) => {
    out.error(`${message}\n\n${HELP}`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { key: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    return usage((error as Error).message);
  }
  if (parsed.values.help) {
    out.log(HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) return usage('give exactly one export file');
  const file = parsed.positionals[0]!;
  if (!(await stat(file).catch(() => undefined))?.isFile()) return usage(`cannot read ${file}: no such file`);
  let key;
  if (parsed.values.key !== undefined) {
    try {
      key = readPublicKey(await readFile(parsed.values.key));
    } catch {
      return usage(`${parsed.values.key} holds no public key (SPKI PEM, DER or JWK)`);
    }
  }

  // Streamed a line at a time; the first line (the header) is kept to name the tenant and window.
  let first: string | undefined;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  async function* remembered() {
    for await (const line of lines) {
      first ??= line;
      yield line;
    }
  }
  const result = await verifyAuditExport(remembered(), key);
  const header = describe(first);
  const source = key ? 'with the key given' : 'with the key the export’s own header carries (give an independently obtained key with --key)';
  if (result.ok) {
    out.log(`verified: ${result.entries} entries and ${result.digests} signed digests${header} ${source}`);
    return 0;
  }
  out.log(`NOT verified: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${file}${header}, checked ${source}`);
  for (const problem of result.problems) out.log(`  line ${problem.line}: ${problem.message}`);
  return 1;
}

function describe(first: string | undefined): string {
  try {
    const header = JSON.parse(first ?? '') as { type?: unknown; tenantId?: unknown; from?: unknown; to?: unknown };
    if (header.type === 'header') return ` of tenant ${String(header.tenantId)}, ${String(header.from)} to ${String(header.to)},`;
  } catch {
    // no header to name
  }
  return '';
}

// Run as a program (tsx FILE), not when a test imports it.
if (runsAsProgram(import.meta.url)) process.exitCode = await run(process.argv.slice(2));
