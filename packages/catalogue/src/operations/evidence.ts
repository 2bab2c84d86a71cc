// Evidence: files attached to records, uploaded and downloaded through presigned URLs.
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/ids';
import { TENANT_ROLES } from '@ismf/core/roles';
import { defineOperation } from '../operation.ts';
import { entityMeta, EXAMPLE_ID, EXAMPLE_TIME } from '../common.ts';

/** File types accepted as evidence. */
export const EVIDENCE_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'text/csv',
  'application/json',
  'application/xml',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;
export const MAX_EVIDENCE_BYTES = 100 * 1024 * 1024;

const everyone = { roles: TENANT_ROLES } as const;
const path = z.strictObject({ evidenceId: ulidSchema });
const access = { table: 'write', objects: 'write' } as const;

const evidenceSchema = z.object({
  ...entityMeta,
  fileName: z.string(),
  contentType: z.string(),
  maxBytes: z.number().int(),
  description: z.string().optional(),
  subject: z.object({ type: z.string(), id: z.string() }).optional(),
  previousVersion: z.string().optional(),
  status: z.enum(['awaiting-upload', 'available']),
  sha256: z.string().optional(),
  size: z.number().int().optional(),
  uploadedAt: z.iso.datetime().optional(),
});

const example = {
  id: EXAMPLE_ID,
  fileName: 'pentest-report.pdf',
  contentType: 'application/pdf',
  maxBytes: 2_400_000,
  subject: { type: 'asset', id: '01JDQ8R6Z8W4X3N2K1M0P9Q7RT' },
  status: 'available' as const,
  sha256: 'a3f1c9d2e4b5a6978877665544332211a3f1c9d2e4b5a6978877665544332211',
  size: 2_391_117,
  uploadedAt: EXAMPLE_TIME,
  version: 2,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};

export const createEvidence = defineOperation({
  name: 'createEvidence',
  area: 'platform',
  method: 'POST',
  path: '/evidence',
  summary: 'Start an evidence upload',
  description:
    'Records the evidence and answers a presigned upload (form POST to S3 in AWS; PUT to the local blob endpoint locally) limited to the announced type and size (at most 100 MiB), under the tenant’s prefix. Complete it with POST /evidence/{evidenceId}/completion.',
  handler: 'functions/evidence/create-evidence.ts',
  callers: everyone,
  clauses: ['13.2.3', '15.1.3'],
  access,
  body: z.strictObject({
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((name) => !/[/\\]/.test(name) && ![...name].some((char) => char.charCodeAt(0) < 32), 'a file name without slashes or control characters'),
    contentType: z.enum(EVIDENCE_TYPES),
    size: z.int().min(1).max(MAX_EVIDENCE_BYTES),
    description: z.string().trim().min(1).max(2000).optional(),
    subject: z.strictObject({ type: z.string().regex(/^[a-z][a-z-]{1,40}$/), id: z.string().min(1).max(128) }).optional(),
    previousVersion: ulidSchema.optional(),
  }),
  response: evidenceSchema.extend({
    upload: z.object({ url: z.string(), method: z.enum(['POST', 'PUT']), fields: z.record(z.string(), z.string()), expiresAt: z.iso.datetime() }),
  }),
  successStatus: 201,
  examples: {
    body: { fileName: 'pentest-report.pdf', contentType: 'application/pdf', size: 2_400_000, subject: { type: 'asset', id: '01JDQ8R6Z8W4X3N2K1M0P9Q7RT' } },
    response: {
      ...example,
      status: 'awaiting-upload',
      sha256: undefined,
      size: undefined,
      uploadedAt: undefined,
      version: 1,
      upload: { url: 'https://ismf-data.s3.amazonaws.com/', method: 'POST', fields: { key: 'acme/evidence/…' }, expiresAt: EXAMPLE_TIME },
    },
  },
});

export const completeEvidence = defineOperation({
  name: 'completeEvidence',
  area: 'platform',
  method: 'POST',
  path: '/evidence/{evidenceId}/completion',
  summary: 'Complete an evidence upload',
  description: 'Checks the uploaded object, records its SHA-256 and size, and links it (audited, EvidenceLinked). Evidence is immutable afterwards.',
  handler: 'functions/evidence/complete-evidence.ts',
  callers: everyone,
  clauses: ['13.2.3', '15.1.3'],
  access,
  params: path,
  response: evidenceSchema,
  successStatus: 200,
  examples: { response: example },
});

export const getEvidence = defineOperation({
  name: 'getEvidence',
  area: 'platform',
  method: 'GET',
  path: '/evidence/{evidenceId}',
  summary: 'Get evidence and its download',
  description: 'The evidence record and, once uploaded, a presigned download valid for five minutes.',
  handler: 'functions/evidence/get-evidence.ts',
  callers: everyone,
  clauses: ['13.2.3', '15.1.3'],
  access: { table: 'read', objects: 'read' },
  params: path,
  response: evidenceSchema.extend({ download: z.object({ url: z.string(), expiresAt: z.iso.datetime() }).optional() }),
  successStatus: 200,
  examples: { response: { ...example, download: { url: 'https://ismf-data.s3.amazonaws.com/acme/evidence/…', expiresAt: EXAMPLE_TIME } } },
});
