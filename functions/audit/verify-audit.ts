import { verifyAudit as operation } from '@ismf/audit/operations';
import { operationHandler } from '@ismf/http/operation-handler';
import { verifyAudit } from '@ismf/store/audit';

export const handler = operationHandler(operation, async ({ tenantId, query }) => {
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 86_400_000);
  return { body: await verifyAudit(tenantId, from.toISOString(), to.toISOString()) };
});
