import { triageWeaknessReport as operation } from '@ismf/early-warning/entry-operations';
import { triageWeaknessReport } from '@ismf/early-warning/weakness-reports';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, params, body, write, expectedVersion }) => ({
  body: await triageWeaknessReport(write, tenantId, caller, params.reportId, expectedVersion!, body, operation.access),
}));
