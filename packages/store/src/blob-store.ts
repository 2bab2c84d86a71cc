// Objects (evidence, raw payloads, exports) under the tenant's prefix: S3 with presigned URLs in AWS,
// a local folder behind the same interface locally (uploads and downloads through signed local URLs).
// Keys always begin with the tenant id, which the tenant role's S3 policy requires in AWS.
// ISMF_RUNTIME chooses (never DATA_BUCKET's presence): in AWS a missing DATA_BUCKET fails naming it;
// locally every call is checked against the running function's declared `objects`, as IAM would.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { dirname, join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { TableAccess } from '@ismf/core/access';
import { localConfig, requiredSetting, runtimeConfig } from '@ismf/core/config';
import { AccessDenied, authorizeCapability } from './capabilities.ts';
import { JOB_FILE_RETENTION_DAYS, RETENTION_TAG } from './retention.ts';
import { currentDataScope, region } from './client.ts';
import { assertOwner } from './keys.ts';
import { sessionPolicyFor, tenantCredentials } from './tenant-access.ts';

export interface UploadTicket {
  url: string;
  method: 'POST' | 'PUT';
  /** Form fields (POST) or headers (PUT) the upload must carry. */
  fields: Record<string, string>;
  expiresAt: string;
}

export interface ObjectOptions {
  /** A job's file: deleted JOB_FILE_RETENTION_DAYS after it was written. */
  expiring?: boolean;
}

export interface BlobStore {
  presignUpload(key: string, options: { contentType: string; maxBytes: number; expiresSeconds?: number } & ObjectOptions): Promise<UploadTicket>;
  /** A download of the object, or of one version of it (S3 keeps every version; overwrites add one). */
  presignDownload(key: string, options: { fileName: string; versionId?: string; expiresSeconds?: number }): Promise<{ url: string; expiresAt: string }>;
  /** The current object: its size and, in S3, the version that is current (locally objects are write-once: none). */
  stat(key: string): Promise<{ size: number; contentType?: string; versionId?: string } | undefined>;
  sha256(key: string, versionId?: string): Promise<string>;
  /** Writes an object the platform itself produces (a snapshot, an export); never overwrites. */
  put(key: string, body: Buffer, contentType: string, options?: ObjectOptions): Promise<void>;
  /** Reads an object, or the bytes [start, end) of it, as a stream of chunks (memory stays flat). */
  read(key: string, range?: { start: number; end: number }): AsyncIterable<Buffer>;
  /** Writes an object from a stream of chunks (an export of any size); never overwrites. */
  putStream(key: string, body: AsyncIterable<Buffer | string>, contentType: string, options?: ObjectOptions): Promise<{ size: number }>;
}

/** An object, or the bytes [start, end) of it, whole in memory (a document to parse, not a stream to pass on). */
export async function readObject(store: BlobStore, key: string, range?: { start: number; end: number }): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of store.read(key, range)) pieces.push(piece);
  return Buffer.concat(pieces);
}

export function objectKey(tenantId: string, ...parts: string[]): string {
  // `.`, `..` and empty parts survive encoding and would name another folder once a key is a local path.
  const bad = parts.find((part) => part === '' || part === '.' || part === '..');
  if (bad !== undefined) throw new Error(`not an object key part: '${bad}'`);
  return [assertOwner(tenantId), ...parts.map((part) => encodeURIComponent(part))].join('/');
}

const expiry = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

// ---- local: a folder, and tokens the local server honours at /_local/blobs/<token> ----

const secret = randomBytes(32);

/** The project's own folder, never a shared temporary one: evidence is the tenants' data. */
export function localBlobDirectory(): string {
  return localConfig().blobDirectory;
}

export interface LocalBlobGrant {
  op: 'put' | 'get';
  key: string;
  contentType?: string;
  maxBytes?: number;
  fileName?: string;
  /** The upload is a job's file: it expires (see JOB_FILE_RETENTION_DAYS). */
  expiring?: boolean;
  exp: number;
}

export function signLocalGrant(grant: LocalBlobGrant): string {
  const payload = Buffer.from(JSON.stringify(grant)).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

export function readLocalGrant(token: string): LocalBlobGrant | undefined {
  const [payload, mac] = token.split('.');
  if (!payload || !mac) return undefined;
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const grant = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LocalBlobGrant;
  return grant.exp > Date.now() ? grant : undefined;
}

export function localBlobPath(key: string): string {
  return join(localBlobDirectory(), ...key.split('/'));
}

function prepareLocalPath(key: string): string {
  const path = localBlobPath(key);
  // Owner-only, like the S3 bucket: other accounts of the machine read no tenant's evidence.
  const root = localBlobDirectory();
  mkdirSync(root, { recursive: true, mode: 0o700 });
  chmodSync(root, 0o700); // also a folder an earlier version created world-readable
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return path;
}

function finishLocalBlob(path: string, temporary: string, contentType: string, options: ObjectOptions): void {
  writeFileSync(`${path}.type`, contentType, { mode: 0o600 });
  if (options.expiring) writeFileSync(`${path}.expires`, new Date(Date.now() + JOB_FILE_RETENTION_DAYS * 86_400_000).toISOString(), { mode: 0o600 });
  renameSync(temporary, path);
}

/** Stores an upload once: evidence is immutable, so an existing object is never overwritten. */
export function writeLocalBlob(key: string, body: Buffer, contentType: string, options: ObjectOptions = {}): 'written' | 'exists' {
  if (existsSync(localBlobPath(key))) return 'exists';
  const path = prepareLocalPath(key);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.part`;
  writeFileSync(temporary, body, { mode: 0o600 });
  finishLocalBlob(path, temporary, contentType, options);
  return 'written';
}

/** Stores a streamed upload once, stopping at maxBytes (a 500 MiB import never sits in memory). */
export async function writeLocalBlobFrom(
  key: string,
  body: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  contentType: string,
  options: ObjectOptions & { maxBytes?: number } = {},
): Promise<{ outcome: 'written' | 'exists' | 'too-large'; size: number }> {
  if (existsSync(localBlobPath(key))) return { outcome: 'exists', size: 0 };
  const path = prepareLocalPath(key);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.part`;
  const file = await open(temporary, 'w', 0o600);
  let size = 0;
  try {
    for await (const chunk of body) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (options.maxBytes !== undefined && size > options.maxBytes) {
        await file.close();
        rmSync(temporary, { force: true });
        return { outcome: 'too-large', size };
      }
      await file.write(bytes);
    }
    await file.close();
  } catch (error) {
    await file.close().catch(() => undefined);
    rmSync(temporary, { force: true });
    throw error;
  }
  if (existsSync(path)) {
    rmSync(temporary, { force: true });
    return { outcome: 'exists', size };
  }
  finishLocalBlob(path, temporary, contentType, options);
  return { outcome: 'written', size };
}

/** Deletes local job files whose time is up (S3's lifecycle rule does this in AWS): the count removed. */
export function sweepExpiredLocalBlobs(now = new Date()): number {
  const root = localBlobDirectory();
  if (!existsSync(root)) return 0;
  let removed = 0;
  for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.expires')) continue;
    const marker = join(root, entry);
    if (Date.parse(readFileSync(marker, 'utf8')) > now.getTime()) continue;
    const path = marker.slice(0, -'.expires'.length);
    for (const file of [path, `${path}.type`, marker]) rmSync(file, { force: true });
    removed++;
  }
  return removed;
}

function localBlobStore(tenantId: string): BlobStore {
  // The local stand-in for the tenant role's S3 policy: only keys under the tenant's prefix, and only
  // the actions the running function declares (presigning checks the action the URL will perform).
  const within = (key: string, action: 's3:GetObject' | 's3:PutObject') => {
    if (!key.startsWith(`${tenantId}/`)) throw new AccessDenied(`AccessDenied: ${key} is outside tenant ${tenantId}`);
    authorizeCapability(action, key);
    return key;
  };
  const read = (key: string) => within(key, 's3:GetObject');
  const write = (key: string) => within(key, 's3:PutObject');
  const base = () => localConfig().localUrl;
  return {
    async presignUpload(key, { contentType, maxBytes, expiresSeconds = 900, expiring }) {
      const token = signLocalGrant({
        op: 'put',
        key: write(key),
        contentType,
        maxBytes,
        ...(expiring ? { expiring } : {}),
        exp: Date.now() + expiresSeconds * 1000,
      });
      return { url: `${base()}/_local/blobs/${token}`, method: 'PUT', fields: { 'content-type': contentType }, expiresAt: expiry(expiresSeconds) };
    },
    // Local objects are written once, so the one version there is the version completed.
    async presignDownload(key, { fileName, expiresSeconds = 300 }) {
      const token = signLocalGrant({ op: 'get', key: read(key), fileName, exp: Date.now() + expiresSeconds * 1000 });
      return { url: `${base()}/_local/blobs/${token}`, expiresAt: expiry(expiresSeconds) };
    },
    async stat(key) {
      const path = localBlobPath(read(key));
      if (!existsSync(path)) return undefined;
      const typeFile = `${path}.type`;
      return { size: statSync(path).size, ...(existsSync(typeFile) ? { contentType: readFileSync(typeFile, 'utf8') } : {}) };
    },
    async sha256(key) {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(localBlobPath(read(key)))) hash.update(chunk as Buffer);
      return hash.digest('hex');
    },
    async put(key, body, contentType, options) {
      writeLocalBlob(write(key), body, contentType, options);
    },
    async *read(key, range) {
      const path = localBlobPath(read(key));
      if (range && range.end <= range.start) return;
      yield* createReadStream(path, range ? { start: range.start, end: range.end - 1 } : {}) as AsyncIterable<Buffer>;
    },
    async putStream(key, body, contentType, options) {
      const { outcome, size } = await writeLocalBlobFrom(write(key), body, contentType, options);
      if (outcome === 'exists') throw new Error(`${key} exists already: objects are written once`);
      return { size };
    },
  };
}

// ---- AWS: S3 with the tenant role's credentials ----

function s3BlobStore(tenantId: string, access: TableAccess, bucket: string): BlobStore {
  const config = runtimeConfig();
  // A tenant-facing function reaches objects only through the tenant role (its own role holds no S3).
  const roleArn = config.tenantDataRoleArn;
  const client = new S3Client({
    region: region(),
    ...(roleArn ? { credentials: tenantCredentials(tenantId, sessionPolicyFor(access, tenantId), roleArn) } : {}),
  });
  const keyArn = config.tableKeyArn;
  return {
    async presignUpload(key, { contentType, maxBytes, expiresSeconds = 900, expiring }) {
      const tagging = expiring ? retentionTagging() : undefined;
      const post = await createPresignedPost(client, {
        Bucket: bucket,
        Key: key,
        Conditions: [
          ['content-length-range', 1, maxBytes],
          ['eq', '$Content-Type', contentType],
          ...(tagging ? [['eq', '$tagging', tagging] as ['eq', string, string]] : []),
        ],
        Fields: {
          'Content-Type': contentType,
          ...(tagging ? { tagging } : {}),
          ...(keyArn ? { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': keyArn } : {}),
        },
        Expires: expiresSeconds,
      });
      return { url: post.url, method: 'POST', fields: post.fields, expiresAt: expiry(expiresSeconds) };
    },
    async presignDownload(key, { fileName, versionId, expiresSeconds = 300 }) {
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(versionId ? { VersionId: versionId } : {}),
        ResponseContentDisposition: `attachment; filename="${fileName.replace(/"/g, '')}"`,
      });
      return { url: await getSignedUrl(client, command, { expiresIn: expiresSeconds }), expiresAt: expiry(expiresSeconds) };
    },
    async stat(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return {
          size: head.ContentLength ?? 0,
          ...(head.ContentType ? { contentType: head.ContentType } : {}),
          ...(head.VersionId ? { versionId: head.VersionId } : {}),
        };
      } catch (error) {
        if ((error as Error).name === 'NotFound') return undefined;
        throw error;
      }
    },
    async sha256(key, versionId) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
      const hash = createHash('sha256');
      for await (const chunk of object.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
      return hash.digest('hex');
    },
    async put(key, body, contentType, options) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ...(keyArn ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn } : {}),
          ...(options?.expiring ? { Tagging: `${RETENTION_TAG.key}=${RETENTION_TAG.value}` } : {}),
          IfNoneMatch: '*',
        }),
      );
    },
    async *read(key, range) {
      if (range && range.end <= range.start) return;
      const object = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}) }),
      );
      for await (const chunk of object.Body as AsyncIterable<Uint8Array>) yield Buffer.from(chunk);
    },
    async putStream(key, body, contentType, options) {
      let size = 0;
      const counted = Readable.from(
        (async function* () {
          for await (const chunk of body) {
            const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
            size += bytes.length;
            yield bytes;
          }
        })(),
      );
      // Multipart: parts of 8 MiB, so an export of any size streams through a Lambda's memory.
      await new Upload({
        client,
        partSize: 8 * 1024 * 1024,
        params: {
          Bucket: bucket,
          Key: key,
          Body: counted,
          ContentType: contentType,
          ...(keyArn ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn } : {}),
          ...(options?.expiring ? { Tagging: `${RETENTION_TAG.key}=${RETENTION_TAG.value}` } : {}),
        },
      }).done();
      return { size };
    },
  };
}

/** The tagging XML a presigned POST carries for an expiring upload. */
function retentionTagging(): string {
  return `<Tagging><TagSet><Tag><Key>${RETENTION_TAG.key}</Key><Value>${RETENTION_TAG.value}</Value></Tag></TagSet></Tagging>`;
}

/**
 * The tenant's object store: S3 in AWS (DATA_BUCKET required), the local folder locally. Inside a data
 * scope the scope's declared access is what the S3 session policy grants (not what a caller passes), so
 * IAM enforces the declaration in AWS as the local checks do here.
 */
export function blobStore(tenantId: string, access: TableAccess): BlobStore {
  const config = runtimeConfig();
  if (config.runtime === 'aws') return s3BlobStore(tenantId, currentDataScope()?.access ?? access, requiredSetting('dataBucket', config));
  return localBlobStore(tenantId);
}
