// The audit trail as auditors use it (X.1051 10.10 monitoring, 15.3 information systems audit).
import * as z from 'zod';
import { defineOperation } from '@ismf/catalogue/operation';
import { EXAMPLE_ID, EXAMPLE_PERSON, EXAMPLE_TIME, nameSchema, pageQuery, personRefSchema } from '@ismf/catalogue/common';
import type { TenantRole } from '@ismf/core/roles';
import { auditTrailByDay } from '@ismf/store/audit-entry';

/** Who reads the audit trail: its operations, and its jobs (job-kinds.ts). */
export const AUDIT_ROLES: readonly TenantRole[] = ['admin', 'security-officer', 'auditor'];
const auditors = { roles: AUDIT_ROLES } as const;

export const auditEntrySchema = z.object({
  entryId: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  seq: z.number().int().min(1).describe('the entity version this entry produced'),
  at: z.iso.datetime(),
  operation: z.string(),
  actor: z.object({ userId: z.string().describe('the token subject, as recorded'), roles: z.array(z.string()) }),
  actorPerson: personRefSchema.describe('the actor, named (not part of the hashed entry)'),
  reason: z.string().optional(),
  requestId: z.string().optional(),
  beforeDigest: z.string().nullable().describe('SHA-256 of the entity before the change'),
  afterDigest: z.string().nullable().describe('SHA-256 of the entity after the change'),
  changes: z
    .array(
      z.object({
        field: z.string(),
        from: z.unknown().optional(),
        to: z.unknown().optional(),
        sensitive: z.literal(true).optional().describe('a sensitive field (personal data): shown as changed, without values'),
      }),
    )
    .optional()
    .describe('what the change did, field by field (top level)'),
  sensitive: z.array(z.string()).optional().describe('the entity’s sensitive fields: its digests cover them as salted digests, never values'),
  prevHash: z.string().describe('hash of the entity’s previous entry'),
  hash: z.string(),
});
nameSchema(auditEntrySchema, 'AuditEntry', 'One entry of a record’s hash-chained audit trail.');

const exampleEntry = {
  entryId: EXAMPLE_ID,
  entityType: 'user',
  entityId: '01JDQ8R6Z8W4X3N2K1M0P9Q7RT',
  seq: 1,
  at: EXAMPLE_TIME,
  operation: 'createUser',
  actor: { userId: 'c41f2b7e-0a55-4c1e-9a43-2d1f3e4a5b6c', roles: ['admin'] },
  actorPerson: EXAMPLE_PERSON,
  beforeDigest: null,
  afterDigest: 'a3f1c9d2e4b5a6978877665544332211a3f1c9d2e4b5a6978877665544332211',
  prevHash: '0'.repeat(64),
  hash: '5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592',
};

export const ENTITY_REFERENCE = /^([a-z][a-z-]{1,40}):([A-Za-z0-9][A-Za-z0-9._-]{0,127})$/;

export const listAuditEntries = defineOperation({
  name: 'listAuditEntries',
  area: 'audit',
  method: 'GET',
  path: '/audit',
  summary: 'List an entity’s audit entries',
  description: 'The audit trail of one entity (`entity=<type>:<id>`, e.g. `user:01J…`), oldest first.',
  handler: 'functions/audit/list-audit-entries.ts',
  callers: auditors,
  clauses: ['10.10.1', '10.10.3', '15.3.1'],
  access: { table: 'read' },
  query: pageQuery.extend({
    entity: z.string().regex(ENTITY_REFERENCE, 'an entity reference is <type>:<id>, e.g. user:01JDQ8R6Z8W4X3N2K1M0P9Q7RS'),
  }),
  response: z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().optional() }),
  successStatus: 200,
  sort: 'by entity version, ascending',
  examples: { response: { items: [exampleEntry] } },
});
nameSchema(listAuditEntries.response, 'AuditEntryPage', 'A page of audit entries.');

export const verifyAudit = defineOperation({
  name: 'verifyAudit',
  area: 'audit',
  method: 'GET',
  path: '/audit/verify',
  summary: 'Verify the audit trail of a time window',
  description:
    'Recomputes every entry hash in the window and checks each entity’s chain (also across the window’s start), then the signed hourly digests: each signature, their chain, and that every sealed hour holds exactly the entries sealed. ' +
    'Every entity with an entry in the window is also checked against its stored state, so that a change written to the table outside the audit trail shows: the entity must exist, its version must be that of its latest entry (the entry for that version exists, no later one does), its audit hash must be that entry’s hash and its data must hash to that entry’s after-digest. ' +
    'An entity with no entry in the window is not checked: verifying the windows back to its last change covers it. ' +
    'Names the first broken entry, the first broken digest and the first broken entity. The window spans at most 31 days; by default the last 24 hours.',
  handler: 'functions/audit/verify-audit.ts',
  callers: auditors,
  clauses: ['10.10.3', '15.3.2'],
  access: { table: 'read', signing: 'verify' },
  patterns: [auditTrailByDay],
  query: z.strictObject({
    from: z.iso.datetime({ offset: true }).optional().describe('window start (ISO 8601); default: 24 hours before `to`'),
    to: z.iso.datetime({ offset: true }).optional().describe('window end (ISO 8601); default: now'),
  }),
  response: z.object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    valid: z.boolean(),
    entriesChecked: z.number().int(),
    entitiesChecked: z.number().int(),
    digestsChecked: z.number().int().describe('signed hourly digests checked'),
    brokenCount: z.number().int().describe('broken entries, digests and entities found'),
    firstBroken: z.object({ entryId: z.string(), entity: z.string(), seq: z.number().int(), at: z.iso.datetime(), problem: z.string() }).optional(),
    firstBrokenDigest: z.object({ hour: z.string(), problem: z.string() }).optional(),
    firstBrokenEntity: z
      .object({
        entity: z.string().describe('`<type>:<id>`'),
        version: z.number().int().optional().describe('the version the entity’s stored state claims; absent when the entity is missing'),
        problem: z.string(),
      })
      .optional()
      .describe('the first entity whose stored state does not match its latest audit entry: it was changed outside the audit trail'),
  }),
  successStatus: 200,
  problems: [422], // the window holds too many entries
  examples: {
    response: {
      from: '2026-11-28T09:30:00.000Z',
      to: EXAMPLE_TIME,
      valid: false,
      entriesChecked: 42,
      entitiesChecked: 17,
      digestsChecked: 24,
      brokenCount: 1,
      firstBrokenEntity: {
        entity: 'user:01JDQ8R6Z8W4X3N2K1M0P9Q7RT',
        version: 3,
        problem: "the entity's data does not match the after-digest of its audit entry 3: it was changed outside the audit trail",
      },
    },
  },
});
