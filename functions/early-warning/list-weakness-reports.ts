import { listWeaknessReports as operation } from '@ismf/early-warning/entry-operations';
import { listWeaknessReports } from '@ismf/early-warning/weakness-reports';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, query: { limit, cursor, state } }) => ({
  body: await listWeaknessReports(tenantId, caller, state ? { state } : {}, { limit, ...(cursor ? { cursor } : {}) }),
}));
