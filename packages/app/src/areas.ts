// The composition root: the one file that names every area. The registry built from it is what the
// catalogue, event routing, flow engine, /me/tasks, notifications, the local runtime, the API document
// and CDK read. Adding an area is one line here (docs/architecture.md, "Adding an area").
import { approvalsArea } from '@ismf/approvals/area';
import { buildRegistry, type Registry } from '@ismf/area/registry';
import { assetsArea } from '@ismf/assets/area';
import { auditArea } from '@ismf/audit/area';
import { changeArea } from '@ismf/change/area';
import { controlsArea } from '@ismf/controls/area';
import { organizationArea } from '@ismf/directory/area';
import { earlyWarningArea } from '@ismf/early-warning/area';
import { evidenceArea } from '@ismf/evidence/area';
import { jobsArea } from '@ismf/jobs/area';
import { notificationsArea } from '@ismf/notifications/area';
import { patchesArea } from '@ismf/patches/area';
import { platformArea } from '@ismf/platform/area';

export const areas = [
  platformArea,
  organizationArea,
  auditArea,
  assetsArea,
  evidenceArea,
  approvalsArea,
  notificationsArea,
  controlsArea,
  jobsArea,
  changeArea,
  earlyWarningArea,
  patchesArea,
];

export const registry = buildRegistry(areas);

let installed: Registry | undefined;

/**
 * The registry a function reads when it is invoked: the composed one, unless the local runtime installed
 * another (a test that adds an area). Lambda never installs one, so in AWS this is always the composed one.
 */
export function currentRegistry(): Registry {
  return installed ?? registry;
}

/** The local runtime's hook: functions loaded in this process read `other` until it is uninstalled. */
export function installRegistry(other: Registry | undefined): void {
  installed = other;
}
