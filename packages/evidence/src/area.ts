// Evidence: files attached to records of any area, uploaded and downloaded through presigned URLs.
import { defineArea } from '@ismf/area/declaration';
import { evidenceEntity } from './entities.ts';
import { evidenceLinked } from './events.ts';
import { completeEvidence, createEvidence, getEvidence } from './operations.ts';

export const evidenceArea = defineArea({
  area: 'evidence',
  title: 'Evidence',
  tags: [
    {
      name: 'evidence',
      group: 'Records and evidence',
      description:
        'Evidence files attached to records of any area, uploaded and downloaded through presigned links. X.1051 13.2.3 collection of evidence, 15.1.3 protection of organizational records.',
    },
  ],
  operations: [createEvidence, completeEvidence, getEvidence],
  events: [evidenceLinked],
  entities: [evidenceEntity],
});
