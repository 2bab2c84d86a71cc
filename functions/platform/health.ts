import { health } from '@ismf/platform/operations';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(health, async () => ({ body: { status: 'ok', time: new Date().toISOString() } }));
