// The control catalogue: the X.1051 (2008) controls every record of ISMF is traced to, with their
// ISO/IEC 27001:2022 numbers, what implements each, and the X.1052 tables of the management areas.
import { defineArea } from '@ismf/area/declaration';
import { getControl, listControlRecords, listControls, listTelecomAdditions } from './operations.ts';

export const controlsArea = defineArea({
  area: 'controls',
  title: 'Control catalogue',
  tags: [
    {
      name: 'controls',
      group: 'Records and evidence',
      description:
        'The control catalogue: the X.1051 (2008) controls every record is traced to, with their ISO/IEC 27001:2022 numbers, what implements each, and the X.1052 tables of the management areas. X.1051 15.2.1 compliance with security policies and standards.',
    },
  ],
  operations: [listControls, getControl, listControlRecords, listTelecomAdditions],
  events: [],
  entities: [],
});
