import { currentRegistry } from '@ismf/app/areas';
import { getEvidence as operation } from '@ismf/evidence/operations';
import { getEvidence } from '@ismf/evidence/evidence';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ tenantId, params, caller }) => ({
  body: await getEvidence(tenantId, params.evidenceId, operation.access, caller.roles, currentRegistry().evidenceSubjects),
}));
