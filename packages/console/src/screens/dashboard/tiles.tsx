// The dashboard's tiles: a list of small components, each shown to the roles that may read what it shows
// (the roles of the screen built on its operation, so a tile never shows a refusal). An area adds its tiles
// here.
import type { ComponentType } from 'react';
import type { TenantRole } from '@ismf/core/roles';
import { SCREENS } from '../../screens.ts';
import { ImportanceTile, RegisterTile, ReviewTile, TypeTile } from './asset-tiles.tsx';
import { DecisionsTile, MyTasksTile } from './work-tiles.tsx';
import { ChangesThisWeekTile } from './change-tiles.tsx';
import { AdvisoriesThisWeekTile, OpenEarlyWarningsTile, WeaknessTile } from './early-warning-tiles.tsx';
import { OverduePatchesTile } from './patch-tiles.tsx';

export interface DashboardTile {
  key: string;
  /** The operation the tile reads: its screen's roles see the tile. */
  operation: string;
  component: ComponentType;
}

export function rolesOf(operation: string): readonly TenantRole[] {
  const screen = SCREENS.find((candidate) => candidate.operation === operation);
  if (!screen) throw new Error(`no screen is built on ${operation}`);
  return screen.roles;
}

export const SUMMARY_OPERATION = 'getAssetSummary';

export const TILES: readonly DashboardTile[] = [
  { key: 'register', operation: SUMMARY_OPERATION, component: RegisterTile },
  { key: 'importance', operation: SUMMARY_OPERATION, component: ImportanceTile },
  { key: 'type', operation: SUMMARY_OPERATION, component: TypeTile },
  { key: 'reviews', operation: SUMMARY_OPERATION, component: ReviewTile },
  { key: 'my-tasks', operation: 'listMyTasks', component: MyTasksTile },
  // Listing policy changes takes the roles of reading one.
  { key: 'decisions', operation: 'getAssetPolicyChange', component: DecisionsTile },
  { key: 'changes-this-week', operation: 'getChangeCalendar', component: ChangesThisWeekTile },
  { key: 'open-early-warnings', operation: 'listEarlyWarnings', component: OpenEarlyWarningsTile },
  { key: 'overdue-patches', operation: 'listPatchRequirements', component: OverduePatchesTile },
  { key: 'advisories-this-week', operation: 'listAdvisories', component: AdvisoriesThisWeekTile },
  { key: 'weaknesses', operation: 'createWeaknessReport', component: WeaknessTile },
];
