import { currentRegistry } from '@ismf/app/areas';
import { getControl as operation } from '@ismf/controls/operations';
import { requireControl, controlDetail } from '@ismf/controls/views';
import { operationHandler } from '@ismf/http/operation-handler';

export const handler = operationHandler(operation, async ({ params }) => ({ body: controlDetail(requireControl(params.controlId), currentRegistry()) }));
