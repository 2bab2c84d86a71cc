// The kinds of notification a person can hear of, each sent at once or in the daily digest by their choice.
export const NOTIFICATION_KINDS = [
  'approval-requested',
  'task-assigned',
  'approval-escalated',
  'approval-decided',
  'flow-completed',
  'asset-review-due',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const DELIVERY_MODES = ['immediate', 'daily-digest'] as const;
