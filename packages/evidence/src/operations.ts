// Evidence: files attached to records, uploaded and downloaded through presigned URLs.
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/ids';
import { TENANT_ROLES } from '@ismf/core/roles';
import { defineOperation } from '@ismf/catalogue/operation';
import { EVIDENCE_TYPES, MAX_EVIDENCE_BYTES } from './rules.ts';
import { entityMeta, EXAMPLE_ID, EXAMPLE_TIME, nameSchema, personRefSchema } from '@ismf/catalogue/common';

// `.` and `..` would name the folder above once the key becomes a path (locally) and read as one in S3.
const DOT_SEGMENT = /^\.{1,2}$/;

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
  uploadedBy: z.string().optional().describe('who started the upload (the token subject); only they complete it'),
  uploadedByPerson: personRefSchema.optional().describe('the uploader, named'),
  status: z.enum(['awaiting-upload', 'available']),
  sha256: z.string().optional(),
  size: z.number().int().optional(),
  uploadedAt: z.iso.datetime().optional(),
});
nameSchema(evidenceSchema, 'Evidence', 'An evidence file and the record it supports.');

const example = {
  id: EXAMPLE_ID,
  fileName: 'pentest-report.pdf',
  contentType: 'application/pdf',
  maxBytes: 2_400_000,
  subject: { type: 'asset', id: '01JDQ8R6Z8W4X3N2K1M0P9Q7RT' },
  uploadedBy: '6f1c2b7e-0a55-4c1e-9a43-2d1f3e4a5b6c',
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
  area: 'evidence',
  method: 'POST',
  path: '/evidence',
  summary: 'Start an evidence upload',
  description: `Records the evidence and answers a presigned upload (form POST to S3 in AWS; PUT to the local blob endpoint locally) limited to the announced type and size (at most 100 MiB), under the tenant’s prefix. Complete it with POST /evidence/{evidenceId}/completion. A subject must be a record of a type that takes evidence (its area’s entity model says so: assets, asset policy changes, users …) and that the caller may read; the evidence is then shown only to those who may read the subject. Accepts Idempotency-Key: a retry answers 200 with the same evidence and a freshly signed upload (none once the upload is complete).`,
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
      .refine(
        (name) => !/[/\\]/.test(name) && !/\p{Cc}/u.test(name) && !DOT_SEGMENT.test(name),
        'a file name without slashes or control characters, and not . or ..',
      ),
    contentType: z.enum(EVIDENCE_TYPES),
    size: z.int().min(1).max(MAX_EVIDENCE_BYTES),
    description: z.string().trim().min(1).max(2000).optional(),
    subject: z
      .strictObject({
        type: z
          .string()
          .regex(/^[a-z][a-z-]{1,40}$/)
          .describe('the kind of record, an entity type that takes evidence (asset, asset-policy-change, user …)'),
        id: z.string().min(1).max(128),
      })
      .optional(),
    previousVersion: ulidSchema.optional(),
  }),
  response: evidenceSchema.extend({
    upload: z
      .object({ url: z.string(), method: z.enum(['POST', 'PUT']), fields: z.record(z.string(), z.string()), expiresAt: z.iso.datetime() })
      .optional()
      .describe('signed anew on every answer; absent on a retry once the upload is complete'),
  }),
  successStatus: 201,
  idempotent: true,
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
  area: 'evidence',
  method: 'POST',
  path: '/evidence/{evidenceId}/completion',
  summary: 'Complete an evidence upload',
  description:
    'Checks the uploaded object, records its SHA-256 and size (in AWS also the object version it hashed, which every download names), and links it (audited, EvidenceLinked). Only the user who started the upload completes it (403). Evidence is immutable afterwards.',
  handler: 'functions/evidence/complete-evidence.ts',
  callers: everyone,
  clauses: ['13.2.3', '15.1.3'],
  access,
  params: path,
  response: evidenceSchema,
  successStatus: 200,
  problems: [409], // complete already, nothing uploaded yet, or larger than announced
  examples: { response: example },
});

export const getEvidence = defineOperation({
  name: 'getEvidence',
  area: 'evidence',
  method: 'GET',
  path: '/evidence/{evidenceId}',
  summary: 'Get evidence and its download',
  description:
    'The evidence record and, once uploaded, a presigned download valid for five minutes, of exactly the version that was completed. Evidence attached to a record shows only to those who may read that record (404 for anyone else).',
  handler: 'functions/evidence/get-evidence.ts',
  callers: everyone,
  clauses: ['13.2.3', '15.1.3'],
  access: { table: 'read', objects: 'read' },
  params: path,
  response: evidenceSchema.extend({ download: z.object({ url: z.string(), expiresAt: z.iso.datetime() }).optional() }),
  successStatus: 200,
  examples: { response: { ...example, download: { url: 'https://ismf-data.s3.amazonaws.com/acme/evidence/…', expiresAt: EXAMPLE_TIME } } },
});
