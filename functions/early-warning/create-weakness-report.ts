import { createWeaknessReport as operation } from '@ismf/early-warning/entry-operations';
import { createWeaknessReport } from '@ismf/early-warning/weakness-reports';
import { operationHandler } from '@ismf/http/operation-handler';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(operation, async ({ tenantId, body, write, idempotency }) =>
  createdOrReplayed(await createWeaknessReport(write, tenantId, body, idempotency)),
);
