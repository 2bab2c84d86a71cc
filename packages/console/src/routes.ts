// Every screen of the console: its URL, who may open it and the operation it is built on. A screen's roles
// are its operation's roles in the API catalogue (test/unit/console-screens.test.ts holds them equal), so a
// person never opens a screen only to be refused by the API. The URLs are the API's own paths where a
// record has one: a link in mail (`/assets/{id}`, `/approvals/{id}`, `/tasks/{id}`) opens its screen.
// Plain data (no React), so that the tests read it as it is.
import { TENANT_ROLES, type TenantRole } from '@ismf/core/roles';

export interface Route {
  path: string;
  title: string;
  /** The operation whose roles the screen takes. */
  operation: string;
  roles: readonly TenantRole[];
  /** The module under screens/ that draws it. */
  view: string;
  /** In the main navigation, under this label. */
  nav?: string;
  /** The navigation's group (a menu of its own) the screen belongs to: its entries, and the screen marks the group current. */
  group?: string;
}

const everyone = TENANT_ROLES;
const readers: readonly TenantRole[] = ['admin', 'security-officer', 'manager', 'auditor', 'asset-owner', 'isirt'];
const registrars: readonly TenantRole[] = ['admin', 'security-officer', 'asset-owner'];
const auditors: readonly TenantRole[] = ['admin', 'security-officer', 'auditor'];
const keepers: readonly TenantRole[] = ['admin', 'security-officer'];
const requesters: readonly TenantRole[] = ['admin', 'security-officer', 'manager', 'asset-owner'];
/** Changes are read by everyone: the testers and implementers a plan names may hold any role. */
const changeReaders = everyone;
/**
 * Early warning (X.1052 12.2.1 a): administrators and security officers keep the advisory sources, their
 * deliveries and the settings, auditors read them; everyone who acts on advisories reads them (staff report
 * weaknesses instead).
 */
const sourceKeepers = keepers;
const sourceReaders = auditors;
const advisoryReaders = readers;
const EARLY_WARNING = 'Early warning';
/**
 * Patch management (X.1052 12.2.3): everyone who follows vulnerabilities reads the requirements, tests, waves
 * and SLAs (asset owners among them); administrators and security officers enter, test, close and roll out.
 */
const patchReaders = readers;
const PATCHES = 'Patches';

export const ROUTES = [
  { path: '/', title: 'Dashboard', operation: 'listMyTasks', roles: everyone, view: 'dashboard', nav: 'Dashboard' },
  { path: '/assets/summary', title: 'Dashboard', operation: 'getAssetSummary', roles: readers, view: 'dashboard' },
  { path: '/tasks', title: 'My tasks', operation: 'listMyTasks', roles: everyone, view: 'tasks/my-tasks', nav: 'My tasks' },
  { path: '/tasks/:taskId', title: 'Task', operation: 'getTask', roles: everyone, view: 'tasks/task' },
  { path: '/approvals/:approvalId', title: 'Decision', operation: 'getApproval', roles: everyone, view: 'tasks/approval' },
  { path: '/flows/:flowId', title: 'Decision record', operation: 'getFlow', roles: everyone, view: 'flows/flow' },
  { path: '/assets', title: 'Assets', operation: 'listAssets', roles: readers, view: 'assets/register', nav: 'Assets' },
  { path: '/assets/new', title: 'Register an asset', operation: 'createAsset', roles: registrars, view: 'assets/new-asset' },
  { path: '/assets/import', title: 'Import assets', operation: 'importAssets', roles: keepers, view: 'assets/import' },
  { path: '/assets/:assetId', title: 'Asset', operation: 'getAsset', roles: readers, view: 'assets/asset' },
  { path: '/assets/:assetId/reviews', title: 'Review an asset', operation: 'createAssetReview', roles: registrars, view: 'assets/review' },
  { path: '/jobs', title: 'Jobs', operation: 'listJobs', roles: everyone, view: 'jobs/jobs', nav: 'Jobs' },
  { path: '/jobs/:jobId', title: 'Job', operation: 'getJob', roles: everyone, view: 'jobs/job' },
  { path: '/audit', title: 'Audit', operation: 'listAuditEntries', roles: auditors, view: 'audit/audit', nav: 'Audit' },
  { path: '/settings', title: 'Settings', operation: 'listUsers', roles: auditors, view: 'settings/settings', nav: 'Settings' },
  { path: '/settings/users', title: 'Users and roles', operation: 'listUsers', roles: auditors, view: 'settings/users' },
  { path: '/asset-policy', title: 'Asset policy', operation: 'getAssetPolicy', roles: readers, view: 'settings/asset-policy' },
  { path: '/asset-policy-changes/:changeId', title: 'Asset policy change', operation: 'getAssetPolicyChange', roles: readers, view: 'settings/policy-change' },
  { path: '/change-requests', title: 'Changes', operation: 'listChangeRequests', roles: changeReaders, view: 'change/register', nav: 'Changes' },
  { path: '/change-requests/new', title: 'Request a change', operation: 'createChangeRequest', roles: requesters, view: 'change/new-request' },
  { path: '/change-requests/:changeRequestId', title: 'Change request', operation: 'getChangeRequest', roles: changeReaders, view: 'change/change' },
  { path: '/change-calendar', title: 'Change calendar', operation: 'getChangeCalendar', roles: changeReaders, view: 'change/calendar', nav: 'Change calendar' },
  { path: '/change-freezes', title: 'Change freezes', operation: 'listChangeFreezes', roles: changeReaders, view: 'change/freezes' },
  { path: '/change-templates', title: 'Change templates', operation: 'listChangeTemplates', roles: changeReaders, view: 'change/templates' },
  { path: '/change-templates/:changeTemplateId', title: 'Change template', operation: 'getChangeTemplate', roles: changeReaders, view: 'change/template' },
  { path: '/change-settings', title: 'Change management settings', operation: 'getChangeSettings', roles: readers, view: 'change/settings' },
  { path: '/change-report', title: 'Change report', operation: 'getChangeReport', roles: readers, view: 'change/report' },
  {
    path: '/early-warnings',
    title: 'Early warnings',
    operation: 'listEarlyWarnings',
    roles: advisoryReaders,
    view: 'early-warning/early-warnings',
    nav: 'Early warnings',
    group: EARLY_WARNING,
  },
  {
    path: '/early-warnings/:earlyWarningId',
    title: 'Early warning',
    operation: 'getEarlyWarning',
    roles: advisoryReaders,
    view: 'early-warning/early-warning',
    group: EARLY_WARNING,
  },
  {
    path: '/advisories',
    title: 'Advisories',
    operation: 'listAdvisories',
    roles: advisoryReaders,
    view: 'early-warning/advisories',
    nav: 'Advisories',
    group: EARLY_WARNING,
  },
  {
    path: '/advisories/new',
    title: 'New advisory',
    operation: 'createManualAdvisory',
    roles: sourceKeepers,
    view: 'early-warning/new-advisory',
    group: EARLY_WARNING,
  },
  {
    path: '/advisories/:advisoryId',
    title: 'Advisory',
    operation: 'getAdvisory',
    roles: advisoryReaders,
    view: 'early-warning/advisory',
    group: EARLY_WARNING,
  },
  {
    path: '/recommendation-reviews/:reviewId',
    title: 'Review of recommendations',
    operation: 'getRecommendationReview',
    roles: advisoryReaders,
    view: 'early-warning/recommendation-review',
    group: EARLY_WARNING,
  },
  {
    path: '/vulnerabilities/:vulnerabilityId',
    title: 'Vulnerability',
    operation: 'getVulnerability',
    roles: advisoryReaders,
    view: 'early-warning/vulnerability',
    group: EARLY_WARNING,
  },
  {
    path: '/weakness-reports',
    title: 'Weakness reports',
    operation: 'listWeaknessReports',
    roles: everyone,
    view: 'early-warning/weakness-reports',
    nav: 'Weakness reports',
    group: EARLY_WARNING,
  },
  {
    path: '/weakness-reports/new',
    title: 'Report a weakness',
    operation: 'createWeaknessReport',
    roles: everyone,
    view: 'early-warning/report-weakness',
    nav: 'Report a weakness',
    group: EARLY_WARNING,
  },
  {
    path: '/weakness-reports/:reportId',
    title: 'Weakness report',
    operation: 'getWeaknessReport',
    roles: everyone,
    view: 'early-warning/weakness-report',
    group: EARLY_WARNING,
  },
  {
    path: '/advisory-sources',
    title: 'Advisory sources',
    operation: 'listAdvisorySources',
    roles: sourceReaders,
    view: 'early-warning/sources',
    nav: 'Advisory sources',
    group: EARLY_WARNING,
  },
  {
    path: '/advisory-sources/new',
    title: 'New advisory source',
    operation: 'createAdvisorySource',
    roles: sourceKeepers,
    view: 'early-warning/new-source',
    group: EARLY_WARNING,
  },
  {
    path: '/advisory-sources/:sourceId',
    title: 'Advisory source',
    operation: 'getAdvisorySource',
    roles: sourceReaders,
    view: 'early-warning/source',
    group: EARLY_WARNING,
  },
  {
    path: '/advisory-deliveries',
    title: 'Advisory deliveries',
    operation: 'listAdvisoryDeliveries',
    roles: sourceReaders,
    view: 'early-warning/deliveries',
    nav: 'Deliveries',
    group: EARLY_WARNING,
  },
  {
    path: '/advisory-deliveries/:deliveryId',
    title: 'Advisory delivery',
    operation: 'getAdvisoryDelivery',
    roles: sourceReaders,
    view: 'early-warning/delivery',
    group: EARLY_WARNING,
  },
  {
    path: '/early-warning-settings',
    title: 'Early-warning settings',
    operation: 'getEarlyWarningSettings',
    roles: sourceReaders,
    view: 'early-warning/settings',
    nav: 'Early-warning settings',
    group: EARLY_WARNING,
  },
  {
    path: '/patch-requirements',
    title: 'Patch requirements',
    operation: 'listPatchRequirements',
    roles: patchReaders,
    view: 'patches/requirements',
    nav: 'Patch requirements',
    group: PATCHES,
  },
  {
    path: '/patch-requirements/:patchRequirementId',
    title: 'Patch requirement',
    operation: 'getPatchRequirement',
    roles: patchReaders,
    view: 'patches/requirement',
    group: PATCHES,
  },
  { path: '/patch-tests/:patchTestId', title: 'Patch test', operation: 'getPatchTest', roles: patchReaders, view: 'patches/test', group: PATCHES },
  {
    path: '/patch-waves',
    title: 'Patch waves',
    operation: 'listPatchWaves',
    roles: patchReaders,
    view: 'patches/waves',
    nav: 'Patch waves',
    group: PATCHES,
  },
  { path: '/patch-waves/:patchWaveId', title: 'Patch wave', operation: 'getPatchWave', roles: patchReaders, view: 'patches/wave', group: PATCHES },
  {
    path: '/patch-settings',
    title: 'Patch settings',
    operation: 'getPatchSettings',
    roles: patchReaders,
    view: 'patches/settings',
    nav: 'Patch settings',
    group: PATCHES,
  },
  { path: '/me/notifications', title: 'My notifications', operation: 'getNotificationPreferences', roles: everyone, view: 'me/notifications' },
] as const satisfies readonly Route[];

export type View = (typeof ROUTES)[number]['view'];

export const mayOpen = (route: Pick<Route, 'roles'>, roles: readonly TenantRole[]) => roles.some((role) => route.roles.includes(role));
