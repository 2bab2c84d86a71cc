// Security change management's consumer: another area's ChangeRequested opens a change request.
import { dependencyEntity } from '@ismf/assets/entities';
import { defineConsumer } from '@ismf/events/consumers';
import { changeRequested } from './events.ts';

export const openChangeRequestConsumer = defineConsumer({
  name: 'openChangeRequest',
  description:
    'Opens a draft change request from another area’s ChangeRequested (its origin names the area and record), with the affected assets and their impact; an event naming an asset the tenant does not have, an unapproved template or an impossible window is recorded as a refused request with the reason, never dead-lettered.',
  handler: 'functions/change/open-change-request.ts',
  access: { table: 'write' },
  // The affected assets' dependents (impact), written as the request's child items.
  patterns: [dependencyEntity.patterns.dependents],
  subscribes: [{ event: changeRequested }],
});
