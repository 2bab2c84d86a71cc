// Evidence's record: a file linked to a record, with its hash.
import { defineEntity } from '@ismf/store/entity-model';
import type { EvidenceData } from './evidence.ts';

export const evidenceEntity = defineEntity<EvidenceData>()({
  type: 'evidence',
  description: 'A file attached to a record (or to the tenant): type, size, SHA-256, the object version hashed.',
  audited: true,
  // Collection of evidence (13.2.3) and protection of organizational records (15.1.3).
  controls: ['13.2.3', '15.1.3'],
  label: (evidence) => evidence.fileName,
  link: (id) => `/evidence/${id}`,
});
