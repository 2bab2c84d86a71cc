// The toy area's read: another tenant's proposal is as missing as one that never existed.
import { operationHandler } from '@ismf/http/operation-handler';
import { entityView, requireEntity } from '@ismf/store/entities';
import { getToy, TOY, type ToyData } from './area.ts';

export const handler = operationHandler(getToy, async ({ tenantId, params }) => ({
  body: entityView(await requireEntity<ToyData>(tenantId, TOY, params.toyId, `toy proposal ${params.toyId}`)),
}));
