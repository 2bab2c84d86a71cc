import { ENTITY_REFERENCE, listAuditEntries as operation } from '@ismf/audit/operations';
import { personNames } from '@ismf/store/people-names';
import { operationHandler } from '@ismf/http/operation-handler';
import { listAuditEntries } from '@ismf/store/audit';

export const handler = operationHandler(operation, async ({ tenantId, query }) => {
  const [, type, id] = ENTITY_REFERENCE.exec(query.entity)!;
  const page = await listAuditEntries(tenantId, type!, id!, query);
  const names = await personNames(tenantId, { subjects: page.items.map((entry) => entry.actor.userId) });
  // The owner is the caller's tenant by construction; it is not repeated in the answer.
  return {
    body: { ...page, items: page.items.map(({ owner: _owner, ...entry }) => ({ ...entry, actorPerson: names.subject(entry.actor.userId) })) },
  };
});
