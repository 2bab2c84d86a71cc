// Security patch management's consumers: an early warning's approved patch recommendations become requirements;
// requirements move on together; the change area's answers move a wave and its requirements.
import { changeRequestOpened } from '@ismf/change/events';
import { changeImplemented } from '@ismf/change/outcome-events';
import { recommendationsApproved } from '@ismf/early-warning/events';
import { defineConsumer } from '@ismf/events/consumers';
import { patchRequirementsMoved } from './events.ts';
import { patchWaveEntity } from './entities.ts';

export const identifyPatchRequirementsConsumer = defineConsumer({
  name: 'identifyPatchRequirements',
  description:
    'Turns an early warning’s approved patch recommendations into patch requirements: per asset and fix (the least fixed version above the installed one), merged with one another advisory named already; priority from the early warning’s findings, due date by the tenant’s SLAs; the owners told.',
  handler: 'functions/patches/identify-patch-requirements.ts',
  access: { table: 'write' },
  subscribes: [{ event: recommendationsApproved }],
});

export const movePatchRequirementsConsumer = defineConsumer({
  name: 'movePatchRequirements',
  description:
    'Moves the requirements an event names (into a test and out, into a wave, its change, patched, reopened), each chunk in a transaction of its own; owners told where asked.',
  handler: 'functions/patches/move-patch-requirements.ts',
  access: { table: 'write' },
  subscribes: [{ event: patchRequirementsMoved }],
});

export const followPatchChangeConsumer = defineConsumer({
  name: 'followPatchChange',
  description:
    'Follows a rollout wave’s change request: opened (the requirements are in change) or refused (back to tested), implemented (patched), rolled back or partly implemented (reopened).',
  handler: 'functions/patches/follow-patch-change.ts',
  access: { table: 'write' },
  patterns: [patchWaveEntity.patterns.byChange],
  subscribes: [{ event: changeRequestOpened, pattern: { detail: { data: { origin: { area: ['patches'] } } } } }, { event: changeImplemented }],
});
