import { earlyWarningReport, reportHtml } from '@ismf/early-warning/early-warning-register';
import { getEarlyWarningReport as operation } from '@ismf/early-warning/early-warning-operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, caller, params, mediaType }) => {
  const report = await earlyWarningReport(tenantId, caller.roles, params.earlyWarningId);
  return mediaType === 'text/html' ? { body: reportHtml(report), mediaType } : { body: report };
});
