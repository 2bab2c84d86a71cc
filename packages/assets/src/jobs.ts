// Asset management's job: the periodic reviews that fell due (X.1052 10.2 e).
import { defineJob } from '@ismf/events/schedules';
import { assetEntity } from './entities.ts';

export const assetReviewDueJob = defineJob({
  name: 'asset-review-due',
  expression: 'cron(0 6 * * ? *)',
  description: 'Announces the assets whose periodic review has fallen due (AssetReviewDue), once per asset and due date.',
  handler: 'functions/assets/announce-due-reviews.ts',
  access: { table: 'write' },
  patterns: [assetEntity.patterns.dueBy],
  clauses: ['7.1.1'],
});
