// Objects (evidence, raw payloads, exports) under the tenant's prefix: S3 with presigned URLs in AWS,
// a local folder behind the same interface locally (uploads and downloads through signed local URLs).
// Keys always begin with the tenant id, which the tenant role's S3 policy requires in AWS.
// ISMF_RUNTIME chooses (never DATA_BUCKET's presence): in AWS a missing DATA_BUCKET fails naming it;
// locally every call is checked against the running function's declared `objects`, as IAM would.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { TableAccess } from '@ismf/core/access';
import { localConfig, requiredSetting, runtimeConfig } from '@ismf/core/config';
import { AccessDenied, authorizeCapability } from './capabilities.ts';
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

export interface BlobStore {
  presignUpload(key: string, options: { contentType: string; maxBytes: number; expiresSeconds?: number }): Promise<UploadTicket>;
  /** A download of the object, or of one version of it (S3 keeps every version; overwrites add one). */
  presignDownload(key: string, options: { fileName: string; versionId?: string; expiresSeconds?: number }): Promise<{ url: string; expiresAt: string }>;
  /** The current object: its size and, in S3, the version that is current (locally objects are write-once: none). */
  stat(key: string): Promise<{ size: number; contentType?: string; versionId?: string } | undefined>;
  sha256(key: string, versionId?: string): Promise<string>;
  /** Writes an object the platform itself produces (a snapshot, an export); never overwrites. */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
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

/** Stores an upload once: evidence is immutable, so an existing object is never overwritten. */
export function writeLocalBlob(key: string, body: Buffer, contentType: string): 'written' | 'exists' {
  const path = localBlobPath(key);
  if (existsSync(path)) return 'exists';
  // Owner-only, like the S3 bucket: other accounts of the machine read no tenant's evidence.
  const root = localBlobDirectory();
  mkdirSync(root, { recursive: true, mode: 0o700 });
  chmodSync(root, 0o700); // also a folder an earlier version created world-readable
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.part`;
  writeFileSync(temporary, body, { mode: 0o600 });
  writeFileSync(`${path}.type`, contentType, { mode: 0o600 });
  renameSync(temporary, path);
  return 'written';
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
    async presignUpload(key, { contentType, maxBytes, expiresSeconds = 900 }) {
      const token = signLocalGrant({ op: 'put', key: write(key), contentType, maxBytes, exp: Date.now() + expiresSeconds * 1000 });
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
    async put(key, body, contentType) {
      writeLocalBlob(write(key), body, contentType);
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
    async presignUpload(key, { contentType, maxBytes, expiresSeconds = 900 }) {
      const post = await createPresignedPost(client, {
        Bucket: bucket,
        Key: key,
        Conditions: [
          ['content-length-range', 1, maxBytes],
          ['eq', '$Content-Type', contentType],
        ],
        Fields: {
          'Content-Type': contentType,
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
    async put(key, body, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ...(keyArn ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn } : {}),
          IfNoneMatch: '*',
        }),
      );
    },
  };
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
