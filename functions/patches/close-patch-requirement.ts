import { operationHandler } from '@ismf/http/operation-handler';
import { closePatchRequirement as operation } from '@ismf/patches/operations';
import { closeRequirement } from '@ismf/patches/requirements';

export const handler = operationHandler(operation, async ({ tenantId, params, body, write, expectedVersion }) => ({
  body: await closeRequirement(write, tenantId, params.patchRequirementId, expectedVersion!, body),
}));
