// Hourly audit digests: each completed hour of a tenant's audit trail sealed into a digest (the entries'
// hashes, their count, the previous digest's hash), signed. The chain of digests ties the entity chains
// together, so deleting or rewriting entries — even with their hashes and the digest recomputed — shows.
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query.ts';
import { canonicalJson, sha256Hex } from '@ismf/core/canonical';
import { db, tableName } from './client.ts';
import { auditTrailByDay, GENESIS_HASH } from './audit-entry.ts';
import type { DigestSigner } from './digest-signer.ts';
import { keys } from './keys.ts';

/** An hour is sealed this long after it ends, so that no write of that hour is still on its way. */
export const SEAL_GRACE_MS = 2 * 60_000;
/** Hours one run seals at most (a longer backlog is worked off by the next runs). */
export const MAX_HOURS_PER_RUN = 72;
const HASHES_PER_PART = 2000;
const HOUR_MS = 3_600_000;

export interface SealedFields {
  tenantId: string;
  hour: string;
  count: number;
  entriesDigest: string;
  prevDigestHash: string;
  keyId: string;
  algorithm: string;
}

export interface AuditDigest extends SealedFields {
  digestHash: string;
  signature: string;
  parts: number;
  sealedAt: string;
}

export const hourOf = (time: Date | string | number) => new Date(time).toISOString().slice(0, 13);
const hourStart = (hour: string) => new Date(`${hour}:00:00.000Z`);

/** The bytes a digest's signature covers. */
export function signedMessage(fields: SealedFields): Buffer {
  const { tenantId, hour, count, entriesDigest, prevDigestHash, keyId, algorithm } = fields;
  return Buffer.from(canonicalJson({ tenantId, hour, count, entriesDigest, prevDigestHash, keyId, algorithm }));
}

export function entriesDigestOf(hashes: string[]): string {
  return sha256Hex(hashes.join('\n'));
}

/** The entry hashes of one hour, in the order the trail keeps them (time, then entry id). */
export async function entryHashesOfHour(owner: string, hour: string): Promise<string[]> {
  const items = await queryAll({
    TableName: tableName(),
    IndexName: auditTrailByDay.index,
    KeyConditionExpression: 'gsi2pk = :day AND gsi2sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':day': keys.auditDay(owner, hour.slice(0, 10)), ':from': `${hour}:00:00.000Z`, ':to': `${hour}:59:59.999Z#\uffff` },
  });
  return items.map((item) => item.hash as string);
}

export async function digestsBetween(owner: string, fromHour: string, toHour: string): Promise<AuditDigest[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.auditDigests(owner), ':from': fromHour, ':to': toHour },
  });
  return items.map(digestFromItem);
}

export async function digestBefore(owner: string, hour: string): Promise<AuditDigest | undefined> {
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk < :hour',
      ExpressionAttributeValues: { ':pk': keys.auditDigests(owner), ':hour': hour },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return page.Items?.[0] ? digestFromItem(page.Items[0]) : undefined;
}

export async function sealedHashes(owner: string, hour: string): Promise<string[]> {
  const parts = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.auditDigestPart(owner, hour, 0).pk },
  });
  return parts.flatMap((part) => part.hashes as string[]);
}

function digestFromItem(item: Record<string, unknown>): AuditDigest {
  const { pk: _pk, sk: _sk, kind: _kind, ...digest } = item;
  return digest as unknown as AuditDigest;
}

/**
 * Seals every completed hour since the last digest (or since `firstHour`, the tenant's start), at most
 * MAX_HOURS_PER_RUN per run. Answers the hours it sealed.
 */
export async function sealAuditDigests(owner: string, firstHour: string, signer: DigestSigner, now = new Date()): Promise<string[]> {
  const last = await digestBefore(owner, '\uffff');
  let hour = last ? hourOf(hourStart(last.hour).getTime() + HOUR_MS) : firstHour;
  let prevDigestHash = last?.digestHash ?? GENESIS_HASH;
  const sealed: string[] = [];
  while (sealed.length < MAX_HOURS_PER_RUN && hourStart(hour).getTime() + HOUR_MS + SEAL_GRACE_MS <= now.getTime()) {
    const hashes = await entryHashesOfHour(owner, hour);
    const fields: SealedFields = {
      tenantId: owner,
      hour,
      count: hashes.length,
      entriesDigest: entriesDigestOf(hashes),
      prevDigestHash,
      keyId: signer.keyId,
      algorithm: signer.algorithm,
    };
    const message = signedMessage(fields);
    const parts: string[][] = [];
    for (let start = 0; start < hashes.length; start += HASHES_PER_PART) parts.push(hashes.slice(start, start + HASHES_PER_PART));
    if (parts.length > 99) throw new Error(`hour ${hour} of ${owner} holds too many entries to seal in one transaction`);
    const digest: AuditDigest = {
      ...fields,
      digestHash: sha256Hex(message),
      signature: await signer.sign(message),
      parts: parts.length,
      sealedAt: now.toISOString(),
    };
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.auditDigest(owner, hour), kind: 'audit-digest', ...digest },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...parts.map((part, index) => ({
              Put: { TableName: tableName(), Item: { ...keys.auditDigestPart(owner, hour, index), kind: 'audit-digest-part', hashes: part } },
            })),
          ],
        }),
      );
    } catch (error) {
      // Another run sealed this hour first: its digest stands, and this run stops.
      if ((error as Error).name === 'TransactionCanceledException') break;
      throw error;
    }
    sealed.push(hour);
    prevDigestHash = digest.digestHash;
    hour = hourOf(hourStart(hour).getTime() + HOUR_MS);
  }
  return sealed;
}
