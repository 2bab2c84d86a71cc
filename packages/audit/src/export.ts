// Audit exports: a tenant's audit trail of a time window as JSON Lines, with the signed hourly digests
// that seal it, for an auditor to verify offline (export-verify.ts, verify-audit-export-cli.ts). Entries
// are read a page at a time and written a line at a time, so memory stays flat however busy the window;
// only the window's digests (at most one per hour) are held, since the header names their keys first.
//
// Lines, in order:
//   {"type":"header","format":"ismf-audit-export/1","tenantId","from","to","digestKeys":[{keyId,algorithm,publicKey?}],"previousDigest":{hour,digestHash}|null,"sha256"}
//   {"type":"entry", …the audit entry as stored, with prevHash and hash}   by time, then entry id
//   {"type":"digest","tenantId","hour","count","entriesDigest","prevDigestHash","keyId","algorithm","digestHash","signature"}   by hour
//   {"type":"end","entries","digests","sha256"}
import * as z from 'zod';
import { problems } from '@ismf/core/problems';
import { fieldErrors } from '@ismf/http/parse-request';
import { auditEntriesBetween, MAX_VERIFY_WINDOW_DAYS } from '@ismf/store/audit';
import { digestBefore, digestsBetween, hourOf, type AuditDigest } from '@ismf/store/audit-digest';
import type { AuditEntry } from '@ismf/store/audit-entry';
import { digestSigner, type DigestSigner } from '@ismf/store/digest-signer';
import { AUDIT_EXPORT_FORMAT, DIGEST_FIELDS, ENTRY_FIELDS, lineChecksum, type DigestKey, type ExportEnd, type ExportHeader } from './export-verify.ts';

const DAY_MS = 86_400_000;

const utcTime = z.iso.datetime();

/** An export's window: ISO 8601 UTC, `from` before `to`, `to` not in the future, at most 31 days (as /audit/verify). */
export const auditExportWindowSchema = z
  .strictObject({
    from: utcTime.describe('window start (ISO 8601 UTC)'),
    to: utcTime.describe('window end (ISO 8601 UTC), not in the future'),
  })
  .superRefine(({ from, to }, ctx) => {
    // zod runs this even when a field failed its format: compare only two valid times.
    if (!utcTime.safeParse(from).success || !utcTime.safeParse(to).success) return;
    const start = Date.parse(from);
    const end = Date.parse(to);
    if (end > Date.now()) ctx.addIssue({ code: 'custom', path: ['to'], message: 'in the future: an export covers what has happened' });
    if (start >= end) ctx.addIssue({ code: 'custom', path: ['from'], message: 'not before `to`' });
    else if (end - start > MAX_VERIFY_WINDOW_DAYS * DAY_MS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `more than ${MAX_VERIFY_WINDOW_DAYS} days after \`from\`` });
    }
  });

export type AuditExportWindow = z.infer<typeof auditExportWindowSchema>;

/**
 * The tenant's audit export of a window, as JSON Lines (each string one line, without its newline). The
 * window is checked at the call (a problem naming `body.parameters.from` or `.to`); reading starts at the first
 * line asked for. Needs `table: read` with the pattern `audit.byDay`, and `signing: verify` for the keys
 * (the header carries the public half of each key that signed a digest of the window, as `signer` —
 * by default the store's digest signer — hands it out).
 */
export function auditExportLines(tenantId: string, window: { from: string; to: string }, signer?: DigestSigner): AsyncIterable<string> {
  const parsed = auditExportWindowSchema.safeParse(window);
  // Named as the job machine names a kind's refused parameters (packages/area/src/job-kind.ts).
  if (!parsed.success) throw problems.invalid('the export window is not valid', fieldErrors('body.parameters', parsed.error));
  // Canonical ISO strings: the trail's sort keys compare as strings (`…00Z` would sort after `…00.000Z#…`).
  return exportLines(tenantId, new Date(parsed.data.from).toISOString(), new Date(parsed.data.to).toISOString(), signer);
}

async function* exportLines(tenantId: string, from: string, to: string, signer: DigestSigner | undefined): AsyncGenerator<string> {
  const digests = await digestsBetween(tenantId, hourOf(from), hourOf(to));
  const previous = await digestBefore(tenantId, hourOf(from));
  const used = [...new Map(digests.map((digest) => [digest.keyId, digest.algorithm])).entries()];
  const digestKeys: DigestKey[] = [];
  for (const [keyId, algorithm] of used) {
    const publicKey = await digestPublicKey((signer ??= digestSigner()), keyId);
    digestKeys.push({ keyId, algorithm, ...(publicKey ? { publicKey } : {}) });
  }
  const header: Omit<ExportHeader, 'sha256'> = {
    type: 'header',
    format: AUDIT_EXPORT_FORMAT,
    tenantId,
    from,
    to,
    digestKeys,
    previousDigest: previous ? { hour: previous.hour, digestHash: previous.digestHash } : null,
  };
  yield JSON.stringify({ ...header, sha256: lineChecksum(header) });

  let entries = 0;
  for await (const entry of auditEntriesBetween(tenantId, from, to)) {
    entries++;
    yield JSON.stringify({ type: 'entry', ...pick(entry, [...ENTRY_FIELDS, 'hash']) });
  }
  for (const digest of digests) yield JSON.stringify({ type: 'digest', ...pick(digest, DIGEST_FIELDS) });
  const end: Omit<ExportEnd, 'sha256'> = { type: 'end', entries, digests: digests.length };
  yield JSON.stringify({ ...end, sha256: lineChecksum(end) });
}

/** Only the format's fields, in its order: an attribute the store may add later stays out of the file. */
function pick(record: AuditEntry | AuditDigest, fields: readonly string[]): Record<string, unknown> {
  const source = record as unknown as Record<string, unknown>;
  return Object.fromEntries(fields.filter((field) => source[field] !== undefined).map((field) => [field, source[field]]));
}

/**
 * The digest key's public half (SPKI PEM), for the header: KMS GetPublicKey in AWS, the local signer's own
 * key locally. A key the signer does not know (an earlier local key, a stand-in signer) is named without
 * it: the verifier then needs the key given.
 */
async function digestPublicKey(signer: DigestSigner, keyId: string): Promise<string | undefined> {
  const key = await signer.publicKey?.(keyId);
  return key ? (key.export({ type: 'spki', format: 'pem' }) as string) : undefined;
}
