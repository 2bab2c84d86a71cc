// Evidence: files attached to any record. An upload is granted by a presigned URL under the tenant's
// prefix; on completion the object's SHA-256 (and in S3 the version hashed) is recorded and the link
// audited. Evidence is immutable: a new version is a new object that names the one it supersedes.
// Evidence on a record shows only to those who may read that record (its area names the operation that
// reads it: the registry's evidence subjects, passed in).
import type { Operation } from '@ismf/catalogue/operation';
import type { TableAccess } from '@ismf/core/access';
import { newId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { evidenceLinked } from './events.ts';
import { blobStore, objectKey, type UploadTicket } from '@ismf/store/blob-store';
import { entityView, getEntity } from '@ismf/store/entities';
import { personNames } from '@ismf/store/people-names';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { evidenceEntity } from './entities.ts';

const EVIDENCE = evidenceEntity.type;

export interface EvidenceData {
  [key: string]: unknown;
  fileName: string;
  contentType: string;
  maxBytes: number;
  description?: string;
  subject?: { type: string; id: string };
  previousVersion?: string;
  /** The token subject of who started the upload: only they complete it. */
  uploadedBy?: string;
  status: 'awaiting-upload' | 'available';
  objectKey: string;
  /** The S3 version that was hashed; downloads name it, so a later overwrite never replaces it. */
  objectVersion?: string;
  sha256?: string;
  size?: number;
  uploadedAt?: string;
}

export interface EvidenceRequest {
  fileName: string;
  contentType: string;
  size: number;
  description?: string;
  subject?: { type: string; id: string };
  previousVersion?: string;
}

/** The records evidence may be attached to, each with the operation that reads it. */
export type EvidenceSubjects = Readonly<Record<string, Operation>>;

const view = (entity: StoredEntity<EvidenceData>) => {
  const { objectKey: _key, objectVersion: _version, ...data } = entity.data;
  return entityView({ ...entity, data });
};

/** The answer: the record with its uploader named. */
async function namedView(tenantId: string, entity: StoredEntity<EvidenceData>) {
  const uploadedBy = entity.data.uploadedBy;
  const names = await personNames(tenantId, { subjects: [uploadedBy] });
  return { ...view(entity), ...(uploadedBy ? { uploadedByPerson: names.subject(uploadedBy) } : {}) };
}

export type EvidenceView = Awaited<ReturnType<typeof namedView>>;

/** Whether these roles may read the subject: evidence without one is the whole tenant's. */
function mayRead(subject: EvidenceData['subject'], roles: readonly string[], subjects: EvidenceSubjects): boolean {
  if (!subject) return true;
  // Own keys only: `constructor` is a well-formed type name too. A type no longer declared shows to no one.
  const read = Object.hasOwn(subjects, subject.type) ? subjects[subject.type] : undefined;
  if (!read) return false;
  return 'public' in read.callers || roles.some((role) => (read.callers as { roles: readonly string[] }).roles.includes(role));
}

/** Evidence of the tenant the caller may read; anything else is as missing as another tenant's (404). */
async function readableEvidence(tenantId: string, id: string, roles: readonly string[], subjects: EvidenceSubjects): Promise<StoredEntity<EvidenceData>> {
  const evidence = await getEntity<EvidenceData>(tenantId, EVIDENCE, id);
  if (!evidence || !mayRead(evidence.data.subject, roles, subjects)) throw problems.notFound(`evidence ${id}`);
  return evidence;
}

async function requireSubject(tenantId: string, subject: { type: string; id: string }, roles: readonly string[], subjects: EvidenceSubjects): Promise<void> {
  if (!Object.hasOwn(subjects, subject.type)) {
    const types = Object.keys(subjects).join(', ');
    throw problems.unprocessable(`evidence attaches to: ${types}`, [{ path: 'body.subject.type', message: `one of ${types}` }]);
  }
  // The same answer whether the record is missing or not readable: no probing of ids one may not read.
  if (!mayRead(subject, roles, subjects) || !(await getEntity(tenantId, subject.type, subject.id))) {
    throw problems.unprocessable('the subject names no record of this tenant that you may read', [{ path: 'body.subject', message: 'no such record' }]);
  }
}

export async function requestUpload(
  ctx: WriteContext,
  tenantId: string,
  request: EvidenceRequest,
  access: TableAccess,
  subjects: EvidenceSubjects,
  idempotency?: IdempotencyRequest,
): Promise<{ response: EvidenceView & { upload?: UploadTicket }; replayed: boolean }> {
  const roles = ctx.actor.roles;
  if (request.subject) await requireSubject(tenantId, request.subject, roles, subjects);
  if (request.previousVersion) {
    const previous = await getEntity<EvidenceData>(tenantId, EVIDENCE, request.previousVersion);
    if (!previous || !mayRead(previous.data.subject, roles, subjects)) {
      throw problems.unprocessable('previousVersion names no evidence of this tenant', [{ path: 'body.previousVersion', message: 'no such evidence' }]);
    }
  }
  let created: StoredEntity<EvidenceData> | undefined;
  // Keys are the uploader's own: a replay hands out an upload link, which only its uploader may use.
  const { response, replayed } = await commitIdempotent(tenantId, `${ctx.operation}:${ctx.actor.userId}`, idempotency, async () => {
    const id = newId();
    const work = new UnitOfWork(ctx);
    const evidence = (created = work.create(evidenceEntity, tenantId, id, {
      fileName: request.fileName,
      contentType: request.contentType,
      maxBytes: request.size,
      ...(request.description ? { description: request.description } : {}),
      ...(request.subject ? { subject: request.subject } : {}),
      ...(request.previousVersion ? { previousVersion: request.previousVersion } : {}),
      uploadedBy: ctx.actor.userId,
      status: 'awaiting-upload',
      objectKey: objectKey(tenantId, 'evidence', id, request.fileName),
    }));
    // The stored answer holds no upload link: it expires, and it is a credential.
    return { work, response: view(evidence) };
  });
  // A replay answers the record as it is now (its upload may be complete by then).
  const evidence = replayed ? await getEntity<EvidenceData>(tenantId, EVIDENCE, response.id) : created;
  if (!evidence) throw new Error(`evidence ${response.id} was committed but cannot be read`);
  // Signed anew for every answer; a completed upload takes no further link.
  const upload =
    evidence.data.status === 'awaiting-upload'
      ? await blobStore(tenantId, access).presignUpload(evidence.data.objectKey, { contentType: evidence.data.contentType, maxBytes: evidence.data.maxBytes })
      : undefined;
  return { response: { ...(await namedView(tenantId, evidence)), ...(upload ? { upload } : {}) }, replayed };
}

export async function completeUpload(ctx: WriteContext, tenantId: string, id: string, access: TableAccess, subjects: EvidenceSubjects) {
  const evidence = await readableEvidence(tenantId, id, ctx.actor.roles, subjects);
  // Whoever else completes could link an object they never checked to the uploader's record.
  if (evidence.data.uploadedBy !== ctx.actor.userId) throw problems.forbidden('only the user who started this upload completes it');
  if (evidence.data.status === 'available') throw problems.conflict('this evidence is complete already; a new version is a new upload');
  const store = blobStore(tenantId, access);
  const stat = await store.stat(evidence.data.objectKey);
  if (!stat) throw problems.conflict('nothing was uploaded for this evidence yet');
  if (stat.size > evidence.data.maxBytes) throw problems.conflict(`the upload is larger than the ${evidence.data.maxBytes} bytes announced`);
  // Hash the very version that was seen: an overwrite in between is another version, and not this evidence.
  const sha256 = await store.sha256(evidence.data.objectKey, stat.versionId);
  const work = new UnitOfWork({ ...ctx, reason: 'evidence uploaded and hashed' });
  const after = work.update(evidenceEntity, evidence, {
    ...evidence.data,
    status: 'available',
    sha256,
    size: stat.size,
    uploadedAt: work.at,
    ...(stat.versionId ? { objectVersion: stat.versionId } : {}),
  });
  work.event(evidenceLinked.of(tenantId, { evidenceId: id, sha256, size: stat.size, ...(evidence.data.subject ? { subject: evidence.data.subject } : {}) }));
  await work.commit();
  return namedView(tenantId, after);
}

export async function getEvidence(tenantId: string, id: string, access: TableAccess, roles: readonly string[], subjects: EvidenceSubjects) {
  const evidence = await readableEvidence(tenantId, id, roles, subjects);
  const download =
    evidence.data.status === 'available'
      ? await blobStore(tenantId, access).presignDownload(evidence.data.objectKey, {
          fileName: evidence.data.fileName,
          ...(evidence.data.objectVersion ? { versionId: evidence.data.objectVersion } : {}),
        })
      : undefined;
  return { ...(await namedView(tenantId, evidence)), ...(download ? { download } : {}) };
}
