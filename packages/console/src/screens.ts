// Every screen of the console: its URL, who may open it and the operation it is built on. A screen's roles
// are its operation's roles in the API catalogue (test/unit/console-screens.test.ts holds them equal), so a
// person never opens a screen only to be refused by the API. The URLs are the API's own paths where a
// record has one: a link in mail (`/assets/{id}`, `/approvals/{id}`, `/tasks/{id}`) opens its screen.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { TENANT_ROLES, type TenantRole } from '@ismf/core/roles';

export interface Screen {
  path: string;
  title: string;
  /** The operation whose roles the screen takes. */
  operation: string;
  roles: readonly TenantRole[];
  component: LazyExoticComponent<ComponentType>;
  /** In the main navigation, under this label. */
  nav?: string;
}

const everyone = TENANT_ROLES;
const readers: readonly TenantRole[] = ['admin', 'security-officer', 'manager', 'auditor', 'asset-owner', 'isirt'];
const registrars: readonly TenantRole[] = ['admin', 'security-officer', 'asset-owner'];
const auditors: readonly TenantRole[] = ['admin', 'security-officer', 'auditor'];
const keepers: readonly TenantRole[] = ['admin', 'security-officer'];

// Each screen is its own chunk: the first page loads the shell and one screen, not the console.
const Dashboard = lazy(() => import('./screens/dashboard.tsx'));
const MyTasks = lazy(() => import('./screens/tasks/my-tasks.tsx'));
const Task = lazy(() => import('./screens/tasks/task.tsx'));
const Approval = lazy(() => import('./screens/tasks/approval.tsx'));
const Flow = lazy(() => import('./screens/flows/flow.tsx'));
const Register = lazy(() => import('./screens/assets/register.tsx'));
const NewAsset = lazy(() => import('./screens/assets/new-asset.tsx'));
const AssetDetail = lazy(() => import('./screens/assets/asset.tsx'));
const AssetReview = lazy(() => import('./screens/assets/review.tsx'));
const AssetImport = lazy(() => import('./screens/assets/import.tsx'));
const Jobs = lazy(() => import('./screens/jobs/jobs.tsx'));
const Job = lazy(() => import('./screens/jobs/job.tsx'));
const Audit = lazy(() => import('./screens/audit/audit.tsx'));
const Settings = lazy(() => import('./screens/settings/settings.tsx'));
const Users = lazy(() => import('./screens/settings/users.tsx'));
const AssetPolicy = lazy(() => import('./screens/settings/asset-policy.tsx'));
const PolicyChange = lazy(() => import('./screens/settings/policy-change.tsx'));
const Notifications = lazy(() => import('./screens/me/notifications.tsx'));

export const SCREENS: readonly Screen[] = [
  { path: '/', title: 'Dashboard', operation: 'listMyTasks', roles: everyone, component: Dashboard, nav: 'Dashboard' },
  { path: '/assets/summary', title: 'Dashboard', operation: 'getAssetSummary', roles: readers, component: Dashboard },
  { path: '/tasks', title: 'My tasks', operation: 'listMyTasks', roles: everyone, component: MyTasks, nav: 'My tasks' },
  { path: '/tasks/:taskId', title: 'Task', operation: 'getTask', roles: everyone, component: Task },
  { path: '/approvals/:approvalId', title: 'Decision', operation: 'getApproval', roles: everyone, component: Approval },
  { path: '/flows/:flowId', title: 'Decision record', operation: 'getFlow', roles: everyone, component: Flow },
  { path: '/assets', title: 'Assets', operation: 'listAssets', roles: readers, component: Register, nav: 'Assets' },
  { path: '/assets/new', title: 'Register an asset', operation: 'createAsset', roles: registrars, component: NewAsset },
  { path: '/assets/import', title: 'Import assets', operation: 'importAssets', roles: keepers, component: AssetImport },
  { path: '/assets/:assetId', title: 'Asset', operation: 'getAsset', roles: readers, component: AssetDetail },
  { path: '/assets/:assetId/reviews', title: 'Review an asset', operation: 'createAssetReview', roles: registrars, component: AssetReview },
  { path: '/jobs', title: 'Jobs', operation: 'listJobs', roles: everyone, component: Jobs, nav: 'Jobs' },
  { path: '/jobs/:jobId', title: 'Job', operation: 'getJob', roles: everyone, component: Job },
  { path: '/audit', title: 'Audit', operation: 'listAuditEntries', roles: auditors, component: Audit, nav: 'Audit' },
  { path: '/settings', title: 'Settings', operation: 'listUsers', roles: auditors, component: Settings, nav: 'Settings' },
  { path: '/settings/users', title: 'Users and roles', operation: 'listUsers', roles: auditors, component: Users },
  { path: '/asset-policy', title: 'Asset policy', operation: 'getAssetPolicy', roles: readers, component: AssetPolicy },
  { path: '/asset-policy-changes/:changeId', title: 'Asset policy change', operation: 'getAssetPolicyChange', roles: readers, component: PolicyChange },
  { path: '/me/notifications', title: 'My notifications', operation: 'getNotificationPreferences', roles: everyone, component: Notifications },
];

export const mayOpen = (screen: Pick<Screen, 'roles'>, roles: readonly TenantRole[]) => roles.some((role) => screen.roles.includes(role));
