// Evidence: files attached to records of any area, uploaded and downloaded through presigned URLs.
import { defineArea } from '@ismf/area/declaration';
import { evidenceEntity } from './entities.ts';
import { evidenceLinked } from './events.ts';
import { completeEvidence, createEvidence, getEvidence } from './operations.ts';

export const evidenceArea = defineArea({
  area: 'evidence',
  title: 'Evidence',
  operations: [createEvidence, completeEvidence, getEvidence],
  events: [evidenceLinked],
  entities: [evidenceEntity],
});
