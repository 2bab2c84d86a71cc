import { assetSummaryRecountJob } from '@ismf/assets/jobs';
import { recountSummary } from '@ismf/assets/summary';
import { jobHandler } from '@ismf/events/job-handler';
import { logger } from '@ismf/handler/logger';

export const handler = jobHandler(assetSummaryRecountJob, async (tenantId) => {
  const result = await recountSummary({ actor: { userId: 'system:asset-summary-recount', roles: [] }, operation: 'recountAssetSummary' }, tenantId);
  const { drift, ...figures } = result;
  if (result.differences) logger.warn('asset register summary drift', { ...figures, drift });
  else if (!result.settled) logger.warn('asset register summary: changes kept coming while it was recounted; not corrected', figures);
  else logger.info('asset register summary recounted', figures);
  return result;
});
