// Asset management's consumer: a changed valuation rule re-values the register.
import { defineConsumer } from '@ismf/events/consumers';
import { assetEntity } from './entities.ts';
import { assetPolicyChanged } from './events.ts';

export const revalueAssetsConsumer = defineConsumer({
  name: 'revalueAssets',
  description: 'Re-values every asset of the tenant by its new valuation rule; each change is audited and announced.',
  handler: 'functions/assets/revalue-assets.ts',
  access: { table: 'write' },
  patterns: [assetEntity.patterns.list],
  subscribes: [{ event: assetPolicyChanged, pattern: { detail: { data: { valuationChanged: [true] } } } }],
});
