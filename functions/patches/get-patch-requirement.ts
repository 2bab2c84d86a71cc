import { operationHandler } from '@ismf/http/operation-handler';
import { getPatchRequirement as operation } from '@ismf/patches/operations';
import { getRequirement } from '@ismf/patches/requirements';

export const handler = operationHandler(operation, async ({ tenantId, params }) => ({ body: await getRequirement(tenantId, params.patchRequirementId) }));
