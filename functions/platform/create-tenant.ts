import { createTenant } from '@ismf/platform/operations';
import { onboardTenant } from '@ismf/platform/tenants';
import { operationHandler } from '@ismf/http/operation-handler';
import { createdOrReplayed } from '@ismf/store/idempotency';

export const handler = operationHandler(createTenant, async ({ body, write, idempotency }) => createdOrReplayed(await onboardTenant(write, body, idempotency)));
