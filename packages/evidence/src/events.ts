// Evidence's event: a file linked to its record.
import * as z from 'zod';
import { defineEvent } from '@ismf/events/event';

export const evidenceLinked = defineEvent({
  detailType: 'EvidenceLinked',
  clauses: ['13.2.3', '15.1.3'],
  source: 'ismf.evidence',
  description: 'A file was uploaded, hashed and linked to its record as evidence.',
  data: z.strictObject({
    evidenceId: z.string(),
    sha256: z.string(),
    size: z.number().int(),
    subject: z.strictObject({ type: z.string(), id: z.string() }).optional(),
  }),
});
