import { getWeaknessReport as operation } from '@ismf/early-warning/entry-operations';
import { getWeaknessReport } from '@ismf/early-warning/weakness-reports';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, params }) => ({
  body: await getWeaknessReport(tenantId, caller, params.reportId),
}));
