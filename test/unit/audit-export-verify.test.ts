// Audit exports, verified offline: a real export of a tenant's trail (entries made through the API,
// hours sealed by the store's own job code, read back from DynamoDB Local) verifies; any byte flipped
// or any line removed is caught and named; a digest signed by another key is caught; the CLI answers
// with its exit code.
import { generateKeyPairSync, sign, createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { run } from '@ismf/audit/verify-audit-export-cli';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Problem } from '@ismf/core/problems';
import { canonicalJson } from '@ismf/core/canonical';
import { tenantSince } from '@ismf/store/access';
import { hourOf, sealAuditDigests } from '@ismf/store/audit-digest';
import { digestSigner } from '@ismf/store/digest-signer';
import { auditExportLines } from '../../packages/audit/src/export.ts';
import { lineChecksum, verifyAuditExport } from '../../packages/audit/src/export-verify.ts';
import { startApi, type Api } from '../support/api.ts';

// The local digest key in a folder of this run's own, so that the export's header carries its public half.
const keyDir = mkdtempSync(join(tmpdir(), 'ismf-test-digest-key-'));
process.env.ISMF_KEY_DIR = keyDir;
const work = mkdtempSync(join(tmpdir(), 'ismf-test-export-'));

const HOUR = 3_600_000;
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'packages/audit/src/verify-audit-export-cli.ts');

let api: Api;
let tenantId: string;
let firstHour: string;
/** When the export runs: the tenant's first two hours are complete and sealed by then. */
let exportTime: number;
let full: string[];
let publishedKey: KeyObject;
let userId: string;

const at = (time: number) => new Date(time).toISOString();
const hourStart = (hour: string) => Date.parse(`${hour}:00:00.000Z`);

/** Runs the export as the bulk job would at `exportTime`. */
async function exportOf(window: { from: string; to: string }): Promise<string[]> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(exportTime);
  try {
    const lines: string[] = [];
    for await (const line of auditExportLines(tenantId, window)) lines.push(line);
    return lines;
  } finally {
    vi.useRealTimers();
  }
}

const parse = (line: string) => JSON.parse(line) as Record<string, any>;
const lineNumbers = (problems: { line: number }[]) => [...new Set(problems.map((problem) => problem.line))];

beforeAll(async () => {
  api = await startApi();
  const tenant = await api.newTenant('axp');
  tenantId = tenant.tenantId;
  const created = await api.call('POST', '/users', { token: tenant.adminToken, body: { email: 'dana@axp.example', displayName: 'Dana', roles: ['staff'] } });
  userId = created.body.id;
  let version = 1;
  for (const body of [{ roles: ['auditor'] }, { displayName: 'Dana Analyst' }, { roles: ['staff', 'auditor'] }]) {
    const changed = await api.call('PATCH', `/users/${userId}`, { token: tenant.adminToken, body, headers: { 'if-match': `"${version++}"` } });
    expect(changed.status).toBe(200);
  }
  await api.call('POST', '/users', { token: tenant.adminToken, body: { email: 'lee@axp.example', displayName: 'Test Person', roles: ['auditor'] } });

  // The seal job's own code, run as the scheduler would once the tenant's first two hours are over.
  firstHour = hourOf(await tenantSince(tenantId));
  exportTime = hourStart(firstHour) + 2 * HOUR + 5 * 60_000;
  const sealed = await sealAuditDigests(tenantId, firstHour, digestSigner(), new Date(exportTime));
  expect(sealed).toEqual([firstHour, hourOf(hourStart(firstHour) + HOUR)]);

  full = await exportOf({ from: `${firstHour}:00:00.000Z`, to: at(hourStart(firstHour) + 2 * HOUR - 1) });
  // The key as an auditor would hold it, obtained apart from the export (here: from the key's own file).
  publishedKey = createPublicKey(readFileSync(join(keyDir, 'digest-signing-key.pem'), 'utf8'));
});

afterAll(async () => {
  await api.close();
  rmSync(keyDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('an audit export', () => {
  it('begins with a header naming the tenant, window, format and digest key, then entries with their chain hashes, digests and an end line', () => {
    const header = parse(full[0]!);
    expect(header).toMatchObject({
      type: 'header',
      format: 'ismf-audit-export/1',
      tenantId,
      from: `${firstHour}:00:00.000Z`,
      to: at(hourStart(firstHour) + 2 * HOUR - 1),
      previousDigest: null,
    });
    expect(header.digestKeys).toHaveLength(1);
    expect(header.digestKeys[0].keyId).toMatch(/^local-ed25519:/);
    expect(header.digestKeys[0].algorithm).toBe('Ed25519');
    expect(createPublicKey(header.digestKeys[0].publicKey).export({ format: 'jwk' })).toEqual(publishedKey.export({ format: 'jwk' }));

    const types = full.map((line) => parse(line).type);
    expect(types[0]).toBe('header');
    expect(types.at(-1)).toBe('end');
    expect(types.slice(1, -1)).toEqual([...types.filter((type) => type === 'entry'), ...types.filter((type) => type === 'digest')]);
    const userEntries = full.map(parse).filter((line) => line.type === 'entry' && line.entityId === userId);
    expect(userEntries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    expect(userEntries[1]!.prevHash).toBe(userEntries[0]!.hash);
    expect(full.filter((line) => parse(line).type === 'digest')).toHaveLength(2);
    expect(full.every((line) => !line.includes('\n'))).toBe(true);
    // Personal data never leaves as values: the e-mail and name appear only as salted digests.
    expect(full.join('\n')).not.toContain('dana@axp.example');
    expect(full.join('\n')).not.toContain('Dana Analyst');
  });

  it('verifies, with the key its header carries and with the published key', async () => {
    const entries = full.filter((line) => parse(line).type === 'entry').length;
    expect(entries).toBeGreaterThanOrEqual(7);
    expect(await verifyAuditExport(full)).toEqual({ ok: true, entries, digests: 2, problems: [] });
    expect(await verifyAuditExport(full, publishedKey)).toEqual({ ok: true, entries, digests: 2, problems: [] });
    expect((await verifyAuditExport(full, publishedKey.export({ type: 'spki', format: 'pem' }) as string)).ok).toBe(true);
  });

  it('verifies a window whose entries continue chains begun before it, and whose first digest links to one before it', async () => {
    const userEntries = full.map(parse).filter((line) => line.type === 'entry' && line.entityId === userId);
    const partial = await exportOf({ from: userEntries[2]!.at, to: at(hourStart(firstHour) + 2 * HOUR - 1) });
    const first = partial.map(parse).find((line) => line.type === 'entry' && line.entityId === userId)!;
    expect(first.seq).toBe(3);
    expect(await verifyAuditExport(partial, publishedKey)).toMatchObject({ ok: true, problems: [] });

    const secondHour = hourOf(hourStart(firstHour) + HOUR);
    const later = await exportOf({ from: `${secondHour}:00:00.000Z`, to: at(hourStart(firstHour) + 2 * HOUR - 1) });
    expect(parse(later[0]!).previousDigest).toMatchObject({ hour: firstHour });
    expect(await verifyAuditExport(later, publishedKey)).toMatchObject({ ok: true, digests: 1, problems: [] });
  });

  it('fails on any byte flipped, naming the line', async () => {
    for (const [index, line] of full.entries()) {
      for (let position = 0; position < line.length; position++) {
        const flipped = [...full];
        flipped[index] = line.slice(0, position) + String.fromCharCode(line.charCodeAt(position) ^ 1) + line.slice(position + 1);
        const result = await verifyAuditExport(flipped, publishedKey);
        expect(result.ok, `line ${index + 1}, character ${position}`).toBe(false);
        expect(lineNumbers(result.problems), `line ${index + 1}, character ${position}`).toContain(index + 1);
      }
    }
  });

  it('fails on any line removed', async () => {
    for (const index of full.keys()) {
      const result = await verifyAuditExport(full.toSpliced(index, 1), publishedKey);
      expect(result.ok, `without line ${index + 1}`).toBe(false);
      expect(result.problems.length).toBeGreaterThan(0);
    }
    const cut = await verifyAuditExport(full.slice(0, -1), publishedKey);
    expect(cut.problems).toEqual([{ line: full.length, message: expect.stringContaining('cut short') }]);
  });

  it('names an entry rewritten with a fresh hash: the next entry no longer links to it', async () => {
    const index = full.findIndex((line) => parse(line).type === 'entry' && parse(line).entityId === userId && parse(line).seq === 2);
    const changed: Record<string, any> = { ...parse(full[index]!), reason: 'quietly rewritten' };
    const { type: _type, hash: _hash, ...fields } = changed;
    const rewritten = [...full];
    rewritten[index] = JSON.stringify({ ...changed, hash: createHash('sha256').update(canonicalJson(fields)).digest('hex') });
    const result = await verifyAuditExport(rewritten, publishedKey);
    expect(result.ok).toBe(false);
    const next = full.findIndex((line) => parse(line).type === 'entry' && parse(line).entityId === userId && parse(line).seq === 3);
    expect(result.problems).toContainEqual({ line: next + 1, message: expect.stringContaining('does not link to entry 2') });
  });

  it('fails on a digest whose signature is another key’s, naming its line', async () => {
    const intruder = generateKeyPairSync('ed25519').privateKey;
    const index = full.findIndex((line) => parse(line).type === 'digest');
    const digest = parse(full[index]!);
    const { tenantId: t, hour, count, entriesDigest, prevDigestHash, keyId, algorithm } = digest;
    const message = Buffer.from(canonicalJson({ tenantId: t, hour, count, entriesDigest, prevDigestHash, keyId, algorithm }));
    const forged = [...full];
    forged[index] = JSON.stringify({ ...digest, signature: sign(null, message, intruder).toString('base64') });
    const result = await verifyAuditExport(forged, publishedKey);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ line: index + 1, message: expect.stringContaining('signature') }]);
  });

  it('fails against the published key when every digest and the header were re-signed with another key', async () => {
    const intruder = generateKeyPairSync('ed25519');
    const keyId = `local-ed25519:${createHash('sha256')
      .update(intruder.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex')
      .slice(0, 16)}`;
    const resigned = full.map((line) => {
      const parsed = parse(line);
      if (parsed.type === 'header') {
        const replaced: Record<string, any> = {
          ...parsed,
          digestKeys: [{ keyId, algorithm: 'Ed25519', publicKey: intruder.publicKey.export({ type: 'spki', format: 'pem' }) }],
        };
        const { sha256: _sha, ...header } = replaced;
        return JSON.stringify({ ...header, sha256: lineChecksum(header) });
      }
      if (parsed.type !== 'digest') return line;
      const { tenantId: t, hour, count, entriesDigest, prevDigestHash, algorithm } = parsed;
      const message = Buffer.from(canonicalJson({ tenantId: t, hour, count, entriesDigest, prevDigestHash, keyId, algorithm }));
      return JSON.stringify({
        ...parsed,
        keyId,
        digestHash: createHash('sha256').update(message).digest('hex'),
        signature: sign(null, message, intruder.privateKey).toString('base64'),
      });
    });
    // The digests' chain is broken by the re-signing (each links to the old hash), and above all the signatures fail.
    const result = await verifyAuditExport(resigned, publishedKey);
    expect(result.ok).toBe(false);
    const digestLines = full.flatMap((line, index) => (parse(line).type === 'digest' ? [index + 1] : []));
    for (const line of digestLines) expect(result.problems).toContainEqual({ line, message: expect.stringContaining('does not verify') });
    expect(result.problems).toContainEqual({ line: 1, message: expect.stringContaining('not the key given') });
  });

  it('is refused for a window longer than 31 days, ending in the future, reversed or not in UTC, naming the field', () => {
    const refusal = (window: { from: string; to: string }) => {
      try {
        auditExportLines(tenantId, window);
      } catch (error) {
        expect(error).toBeInstanceOf(Problem);
        return { status: (error as Problem).status, paths: (error as Problem).errors.map((e) => e.path) };
      }
      throw new Error('not refused');
    };
    const now = Date.now();
    expect(refusal({ from: at(now - 32 * 86_400_000), to: at(now - 1000) })).toEqual({ status: 400, paths: ['body.parameters.to'] });
    expect(refusal({ from: at(now - 1000), to: at(now + HOUR) })).toEqual({ status: 400, paths: ['body.parameters.to'] });
    expect(refusal({ from: at(now - 1000), to: at(now - 2000) })).toEqual({ status: 400, paths: ['body.parameters.from'] });
    expect(refusal({ from: '2026-01-01T10:00:00+02:00', to: at(now - 1000) })).toEqual({ status: 400, paths: ['body.parameters.from'] });
    expect(() => auditExportLines(tenantId, { from: at(now - 31 * 86_400_000), to: at(now - 1000) })).not.toThrow();
  });
});

describe('the verify-audit-export CLI', () => {
  const cli = (...args: string[]) => spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [CLI, ...args], { encoding: 'utf8', cwd: ROOT });
  const write = (name: string, content: string | string[]) => {
    const file = join(work, name);
    writeFileSync(file, Array.isArray(content) ? `${content.join('\n')}\n` : content);
    return file;
  };

  it('answers the same when called in-process as when run', async () => {
    const file = write('inprocess.jsonl', full);
    const keyFile = write('inprocess.pem', publishedKey.export({ type: 'spki', format: 'pem' }) as string);
    const lines: string[] = [];
    const out = { log: (line: string) => void lines.push(line), error: (line: string) => void lines.push(line) };
    expect(await run([file, '--key', keyFile], out)).toBe(0);
    expect(lines[0]).toMatch(/^verified: \d+ entries and 2 signed digests /);
    const index = full.findIndex((line) => parse(line).type === 'entry');
    const tampered = write('inprocess-tampered.jsonl', full.with(index, full[index]!.replace('"seq":1', '"seq":5')));
    expect(await run([tampered, '--key', keyFile], out)).toBe(1);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  line ${index + 1}: `)));
    expect(await run([], out)).toBe(2);
    expect(await run(['--help'], out)).toBe(0);
  });

  it('exits 0 with a verdict on a sound export, and 1 naming each problem’s line on a tampered one', () => {
    const file = write('sound.jsonl', full);
    const keyFile = write('published.pem', publishedKey.export({ type: 'spki', format: 'pem' }) as string);
    const sound = cli(file, '--key', keyFile);
    expect(sound.status).toBe(0);
    expect(sound.stdout).toMatch(new RegExp(`^verified: \\d+ entries and 2 signed digests of tenant ${tenantId}, .* with the key given\\n$`));
    // As `aws kms get-public-key --query PublicKey --output text` writes it: base64 DER.
    const b64 = write('published.b64', `${publishedKey.export({ type: 'spki', format: 'der' }).toString('base64')}\n`);
    expect(cli(file, '--key', b64).status).toBe(0);
    const der = join(work, 'published.der');
    writeFileSync(der, publishedKey.export({ type: 'spki', format: 'der' }));
    expect(cli(file, '--key', der).status).toBe(0);
    const headerOnly = cli(file);
    expect(headerOnly.status).toBe(0);
    expect(headerOnly.stdout).toContain('give an independently obtained key with --key');

    const index = full.findIndex((line) => parse(line).type === 'entry');
    const tampered = write('tampered.jsonl', full.with(index, full[index]!.replace('"seq":1', '"seq":5')));
    const caught = cli(tampered, '--key', keyFile);
    expect(caught.status).toBe(1);
    expect(caught.stdout.split('\n')[0]).toMatch(/^NOT verified: \d+ problems? in /);
    expect(caught.stdout).toContain(`  line ${index + 1}: `);

    const otherKey = write('other.pem', generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string);
    expect(cli(file, '--key', otherKey).status).toBe(1);
  });

  it('exits 2 on a usage error', () => {
    const file = write('usage.jsonl', full);
    expect(cli().status).toBe(2);
    expect(cli(file, file).status).toBe(2);
    expect(cli(join(work, 'absent.jsonl')).status).toBe(2);
    expect(cli(file, '--key', write('not-a-key.pem', 'not a key')).status).toBe(2);
    expect(cli(file, '--unknown').status).toBe(2);
    const help = cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/should obtain the\s+key independently/);
  });
});
