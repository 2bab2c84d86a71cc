// Evidence: files attached to any record. An upload is granted by a presigned URL under the tenant's
// prefix; on completion the object's SHA-256 is recorded and the link audited. Evidence is immutable:
// a new version is a new object that names the one it supersedes.
import type { TableAccess } from '@ismf/catalogue/operation';
import { newId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { evidenceLinked } from '@ismf/events/catalogue';
import { blobStore, objectKey } from '@ismf/store/blob-store';
import { entityView, getEntity, requireEntity } from '@ismf/store/entities';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';

const EVIDENCE = 'evidence';

export interface EvidenceData {
  [key: string]: unknown;
  fileName: string;
  contentType: string;
  maxBytes: number;
  description?: string;
  subject?: { type: string; id: string };
  previousVersion?: string;
  status: 'awaiting-upload' | 'available';
  objectKey: string;
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

const view = (entity: StoredEntity<EvidenceData>) => {
  const { objectKey: _key, ...data } = entity.data;
  return entityView({ ...entity, data });
};

export async function requestUpload(ctx: WriteContext, tenantId: string, request: EvidenceRequest, access: TableAccess) {
  if (request.subject && !(await getEntity(tenantId, request.subject.type, request.subject.id))) {
    throw problems.unprocessable('the subject names no record of this tenant', [{ path: 'body.subject', message: 'no such record' }]);
  }
  if (request.previousVersion) {
    const previous = await getEntity<EvidenceData>(tenantId, EVIDENCE, request.previousVersion);
    if (!previous) throw problems.unprocessable('previousVersion names no evidence of this tenant', [{ path: 'body.previousVersion', message: 'no such evidence' }]);
  }
  const id = newId();
  const key = objectKey(tenantId, 'evidence', id, request.fileName);
  const work = new UnitOfWork(ctx);
  const evidence = work.create<EvidenceData>(tenantId, EVIDENCE, id, {
    fileName: request.fileName,
    contentType: request.contentType,
    maxBytes: request.size,
    ...(request.description ? { description: request.description } : {}),
    ...(request.subject ? { subject: request.subject } : {}),
    ...(request.previousVersion ? { previousVersion: request.previousVersion } : {}),
    status: 'awaiting-upload',
    objectKey: key,
  });
  await work.commit();
  const upload = await blobStore(tenantId, access).presignUpload(key, { contentType: request.contentType, maxBytes: request.size });
  return { ...view(evidence), upload };
}

export async function completeUpload(ctx: WriteContext, tenantId: string, id: string, access: TableAccess) {
  const evidence = await requireEntity<EvidenceData>(tenantId, EVIDENCE, id, `evidence ${id}`);
  if (evidence.data.status === 'available') throw problems.conflict('this evidence is complete already; a new version is a new upload');
  const store = blobStore(tenantId, access);
  const stat = await store.stat(evidence.data.objectKey);
  if (!stat) throw problems.conflict('nothing was uploaded for this evidence yet');
  if (stat.size > evidence.data.maxBytes) throw problems.conflict(`the upload is larger than the ${evidence.data.maxBytes} bytes announced`);
  const sha256 = await store.sha256(evidence.data.objectKey);
  const work = new UnitOfWork({ ...ctx, reason: 'evidence uploaded and hashed' });
  const after = work.update(evidence, { ...evidence.data, status: 'available', sha256, size: stat.size, uploadedAt: work.at });
  work.event(evidenceLinked.of(tenantId, { evidenceId: id, sha256, size: stat.size, ...(evidence.data.subject ? { subject: evidence.data.subject } : {}) }));
  await work.commit();
  return view(after);
}

export async function getEvidence(tenantId: string, id: string, access: TableAccess) {
  const evidence = await requireEntity<EvidenceData>(tenantId, EVIDENCE, id, `evidence ${id}`);
  const download =
    evidence.data.status === 'available' ? await blobStore(tenantId, access).presignDownload(evidence.data.objectKey, { fileName: evidence.data.fileName }) : undefined;
  return { ...view(evidence), ...(download ? { download } : {}) };
}
