// The toy area's one operation: a proposal, its approval flow requested and its event, in one unit of work.
import { newId } from '@ismf/core/ids';
import { requestFlow } from '@ismf/flows/flow-records';
import { operationHandler } from '@ismf/http/operation-handler';
import { entityView } from '@ismf/store/entities';
import { UnitOfWork } from '@ismf/store/unit-of-work';
import { proposeToy, TOY, toyEntity, toyProposed } from './area.ts';

export const handler = operationHandler(proposeToy, async ({ tenantId, body, write }) => {
  const work = new UnitOfWork(write);
  const id = newId();
  const flowId = requestFlow(work, tenantId, TOY, { type: TOY, id }, write.actor.userId);
  const toy = work.create(toyEntity, tenantId, id, { name: body.name, status: 'proposed', author: write.actor.userId, flowId });
  work.event(toyProposed.of(tenantId, { toyId: id, name: body.name }));
  await work.commit();
  return { body: entityView(toy) };
});
