// Security change management's scheduled jobs: post-implementation reviews that fall due (f), and the
// owners' notice before a change window opens (b).
import { defineJob } from '@ismf/events/schedules';
import { changeRequestEntity } from './entities.ts';

export const changeReviewDueJob = defineJob({
  name: 'change-review-due',
  expression: 'cron(0 6 * * ? *)',
  description:
    'Announces the post-implementation reviews due today to the implementer’s manager (else the security officers), and again once overdue; an overdue emergency change also to the security officers.',
  handler: 'functions/change/announce-change-reviews.ts',
  access: { table: 'write' },
  patterns: [changeRequestEntity.patterns.reviewOwed],
  clauses: ['12.5.1'],
});

export const changeWindowNoticeJob = defineJob({
  name: 'change-window-notice',
  expression: 'rate(1 hour)',
  description: 'Tells the owners of the affected assets, once, that an authorized change’s window opens within the tenant’s notice period.',
  handler: 'functions/change/announce-change-windows.ts',
  access: { table: 'write' },
  patterns: [changeRequestEntity.patterns.calendar],
  clauses: ['7.1.2', '12.5.1'],
});
