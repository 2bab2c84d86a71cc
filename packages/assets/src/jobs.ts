// Asset management's jobs: the periodic reviews that fell due (X.1052 10.2 e), and the nightly recount of
// the register summary.
import { defineJob } from '@ismf/events/schedules';
import { assetEntity } from './entities.ts';

export const assetReviewDueJob = defineJob({
  name: 'asset-review-due',
  expression: 'cron(0 6 * * ? *)',
  description:
    'Announces the assets whose periodic review has fallen due (AssetReviewDue), once per asset and due date; then recounts the register summary’s review states for the day.',
  handler: 'functions/assets/announce-due-reviews.ts',
  access: { table: 'write' },
  patterns: [assetEntity.patterns.dueBy],
  clauses: ['7.1.1'],
});

export const assetSummaryRecountJob = defineJob({
  name: 'asset-summary-recount',
  expression: 'cron(30 2 * * ? *)',
  description:
    'Recounts the register summary (GET /assets/summary) from the register itself, writes the true figures and reports the drift: on the summary, and to security officers when figures were off.',
  handler: 'functions/assets/recount-asset-summary.ts',
  access: { table: 'write' },
  patterns: [assetEntity.patterns.list],
  clauses: ['7.1.1'],
});
