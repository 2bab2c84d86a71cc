// Asset management's consumer: a changed valuation rule re-values the register.
import { defineConsumer } from '@ismf/events/consumers';
import { assetEntity, dependencyEntity } from './entities.ts';
import { assetChanged, assetPolicyChanged, assetRegistered, assetReviewed } from './events.ts';

export const revalueAssetsConsumer = defineConsumer({
  name: 'revalueAssets',
  description: 'Re-values every asset of the tenant by its new valuation rule; each change is audited and announced.',
  handler: 'functions/assets/revalue-assets.ts',
  access: { table: 'write' },
  patterns: [assetEntity.patterns.list, dependencyEntity.patterns.dependents],
  subscribes: [{ event: assetPolicyChanged, pattern: { detail: { data: { valuationChanged: [true] } } } }],
});

export const raiseImportanceConsumer = defineConsumer({
  name: 'raiseImportance',
  description:
    'Recomputes the importance that what depends on an asset raises it to (the asset policy’s importanceFromDependents), for each asset a change of dependencies or importance names; a change travels on down the chain.',
  handler: 'functions/assets/raise-importance.ts',
  access: { table: 'write' },
  patterns: [dependencyEntity.patterns.dependents],
  subscribes: [
    { event: assetChanged, pattern: { detail: { data: { dependencies: [{ exists: true }] } } } },
    { event: assetReviewed, pattern: { detail: { data: { dependencies: [{ exists: true }] } } } },
  ],
});

export const countAssetChangesConsumer = defineConsumer({
  name: 'countAssetChanges',
  description:
    'Counts registrations, and changes of what the register summary counts (status, type, importance, classification, review date), into the tenant’s summary: one update per batch of events, with a marker per event so that none is counted twice.',
  handler: 'functions/assets/count-asset-changes.ts',
  access: { table: 'write' },
  subscribes: [
    // An import counts its new rows together (countedWith): not one summary write per row.
    { event: assetRegistered, pattern: { detail: { data: { countedWith: [{ exists: false }] } } } },
    // EventBridge tests a leaf for existence, not an object: `previous.status` stands for `previous`.
    { event: assetChanged, pattern: { detail: { data: { previous: { status: [{ exists: true }] } } } } },
    { event: assetReviewed, pattern: { detail: { data: { previous: { status: [{ exists: true }] } } } } },
  ],
});
