// The kinds of notification the areas send, in words, for My notifications. The API answers only the kinds
// a person has chosen for; test/unit/console-screens.test.ts holds this list equal to the areas' declarations.
export const NOTIFICATION_KINDS: Readonly<Record<string, string>> = {
  'approval-requested': 'A decision is asked of you',
  'task-assigned': 'A task is assigned to you',
  'approval-escalated': 'A decision was escalated to you',
  'approval-decided': 'A decision you asked for was taken',
  'flow-completed': 'A process you started has ended',
  'asset-review-due': 'An asset you own is due for review',
  'asset-summary-drift': 'The nightly recount corrected the register figures',
  'change-conflict': 'Authorized changes overlap on shared assets',
  'change-window': 'A change to assets you own is about to be made',
  'change-outside-window': 'A change was implemented outside its window',
  'change-review-due': 'A change’s post-implementation review is due',
  'change-negative-impact': 'A change caused negative impact',
  'advisory-new': 'A security advisory names a vulnerability not announced before',
  'advisory-source-silent': 'An advisory source has been silent for longer than expected',
  'early-warning-raised': 'An advisory hits assets of the register: an early warning with its priority',
  'advisory-restricted': 'A TLP:AMBER or TLP:RED advisory arrived (yours to see)',
  'weakness-reported': 'Someone reported a security weakness to triage',
  'weakness-triaged': 'A weakness you reported was triaged',
};
