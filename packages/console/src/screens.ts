// The screens of the routes (routes.ts), each its own chunk: the first page loads the shell and one screen,
// not the console.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { ROUTES, type Route, type View } from './routes.ts';

export { mayOpen } from './routes.ts';

export interface Screen extends Route {
  component: LazyExoticComponent<ComponentType>;
}

const VIEWS: Record<View, LazyExoticComponent<ComponentType>> = {
  dashboard: lazy(() => import('./screens/dashboard.tsx')),
  'tasks/my-tasks': lazy(() => import('./screens/tasks/my-tasks.tsx')),
  'tasks/task': lazy(() => import('./screens/tasks/task.tsx')),
  'tasks/approval': lazy(() => import('./screens/tasks/approval.tsx')),
  'flows/flow': lazy(() => import('./screens/flows/flow.tsx')),
  'assets/register': lazy(() => import('./screens/assets/register.tsx')),
  'assets/new-asset': lazy(() => import('./screens/assets/new-asset.tsx')),
  'assets/import': lazy(() => import('./screens/assets/import.tsx')),
  'assets/asset': lazy(() => import('./screens/assets/asset.tsx')),
  'assets/review': lazy(() => import('./screens/assets/review.tsx')),
  'jobs/jobs': lazy(() => import('./screens/jobs/jobs.tsx')),
  'jobs/job': lazy(() => import('./screens/jobs/job.tsx')),
  'audit/audit': lazy(() => import('./screens/audit/audit.tsx')),
  'settings/settings': lazy(() => import('./screens/settings/settings.tsx')),
  'settings/users': lazy(() => import('./screens/settings/users.tsx')),
  'settings/asset-policy': lazy(() => import('./screens/settings/asset-policy.tsx')),
  'settings/policy-change': lazy(() => import('./screens/settings/policy-change.tsx')),
  'change/register': lazy(() => import('./screens/change/register.tsx')),
  'change/new-request': lazy(() => import('./screens/change/new-request.tsx')),
  'change/change': lazy(() => import('./screens/change/change.tsx')),
  'change/calendar': lazy(() => import('./screens/change/calendar.tsx')),
  'change/freezes': lazy(() => import('./screens/change/freezes.tsx')),
  'change/templates': lazy(() => import('./screens/change/templates.tsx')),
  'change/template': lazy(() => import('./screens/change/template.tsx')),
  'change/settings': lazy(() => import('./screens/change/settings.tsx')),
  'change/report': lazy(() => import('./screens/change/report.tsx')),
  'early-warning/early-warnings': lazy(() => import('./screens/early-warning/early-warnings.tsx')),
  'early-warning/early-warning': lazy(() => import('./screens/early-warning/early-warning.tsx')),
  'early-warning/advisories': lazy(() => import('./screens/early-warning/advisories.tsx')),
  'early-warning/advisory': lazy(() => import('./screens/early-warning/advisory.tsx')),
  'early-warning/vulnerability': lazy(() => import('./screens/early-warning/vulnerability.tsx')),
  'early-warning/recommendation-review': lazy(() => import('./screens/early-warning/recommendation-review.tsx')),
  'early-warning/sources': lazy(() => import('./screens/early-warning/sources.tsx')),
  'early-warning/new-source': lazy(() => import('./screens/early-warning/new-source.tsx')),
  'early-warning/source': lazy(() => import('./screens/early-warning/source.tsx')),
  'early-warning/deliveries': lazy(() => import('./screens/early-warning/deliveries.tsx')),
  'early-warning/delivery': lazy(() => import('./screens/early-warning/delivery.tsx')),
  'early-warning/settings': lazy(() => import('./screens/early-warning/settings.tsx')),
  'early-warning/new-advisory': lazy(() => import('./screens/early-warning/new-advisory.tsx')),
  'early-warning/weakness-reports': lazy(() => import('./screens/early-warning/weakness-reports.tsx')),
  'early-warning/report-weakness': lazy(() => import('./screens/early-warning/report-weakness.tsx')),
  'early-warning/weakness-report': lazy(() => import('./screens/early-warning/weakness-report.tsx')),
  'patches/requirements': lazy(() => import('./screens/patches/requirements.tsx')),
  'patches/requirement': lazy(() => import('./screens/patches/requirement.tsx')),
  'patches/test': lazy(() => import('./screens/patches/test.tsx')),
  'patches/waves': lazy(() => import('./screens/patches/waves.tsx')),
  'patches/wave': lazy(() => import('./screens/patches/wave.tsx')),
  'patches/settings': lazy(() => import('./screens/patches/settings.tsx')),
  'me/notifications': lazy(() => import('./screens/me/notifications.tsx')),
};

export const SCREENS: readonly Screen[] = ROUTES.map((route) => ({ ...route, component: VIEWS[route.view] }));
