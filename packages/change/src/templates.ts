// Change templates (a): a standard change follows a pre-approved template of the tenant. A template is itself
// approved once through the flow — checked by a security officer, approved by a manager — and then carries
// any number of standard changes, which need no test or authorization step but are still recorded and reviewed.
import { newId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { requestFlow } from '@ismf/flows/flow-records';
import type { SubjectKind } from '@ismf/flows/subject-kind';
import { entityView, queryPatternPage, requireEntity, type PageRequest } from '@ismf/store/entities';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { personNames } from '@ismf/store/people-names';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { changeTemplateEntity, type ChangeTemplateData } from './entities.ts';
import { changeTemplateRevisionSchema, type ChangeTemplateInput } from './step-rules.ts';

export const CHANGE_TEMPLATE = changeTemplateEntity.type;

type TemplateView = ReturnType<typeof entityView<ChangeTemplateData>>;

/** Templates as people read them: proposer and author (token subjects) named, one directory read for them all. */
async function templateViews(tenantId: string, templates: readonly TemplateView[]) {
  const names = await personNames(tenantId, { subjects: templates.flatMap((template) => [template.requestedBy, template.author]) });
  return templates.map((template) => ({ ...template, requestedByPerson: names.subject(template.requestedBy), authorPerson: names.subject(template.author) }));
}

const requireTemplate = (tenantId: string, id: string) => requireEntity<ChangeTemplateData>(tenantId, CHANGE_TEMPLATE, id, `change template ${id}`);

export async function proposeChangeTemplate(ctx: WriteContext, tenantId: string, input: ChangeTemplateInput, idempotency?: IdempotencyRequest) {
  const result = await commitIdempotent(tenantId, ctx.operation, idempotency, async () => {
    const id = newId();
    const work = new UnitOfWork({ ...ctx, reason: `change template proposed: ${input.name}` });
    const flowId = requestFlow(work, tenantId, CHANGE_TEMPLATE, { type: CHANGE_TEMPLATE, id }, ctx.actor.userId);
    const template = work.create(changeTemplateEntity, tenantId, id, {
      ...input,
      status: 'pending-approval',
      requestedBy: ctx.actor.userId,
      author: ctx.actor.userId,
      flowId,
    });
    return { work, response: entityView(template) };
  });
  // The answer kept for a replay holds the recorded ids; the names are read as it is answered.
  return { ...result, response: (await templateViews(tenantId, [result.response]))[0]! };
}

export async function getChangeTemplate(tenantId: string, id: string) {
  return (await templateViews(tenantId, [entityView(await requireTemplate(tenantId, id))]))[0]!;
}

export async function listChangeTemplates(tenantId: string, page: PageRequest) {
  const result = await queryPatternPage(changeTemplateEntity, 'list', tenantId, {}, { page });
  return {
    items: await templateViews(
      tenantId,
      result.items.map((item) => entityView(item)),
    ),
    nextCursor: result.nextCursor,
  };
}

export const changeTemplateKind: SubjectKind = {
  kind: CHANGE_TEMPLATE,
  subjectType: CHANGE_TEMPLATE,
  title: 'change template',
  link: (id) => `/change-templates/${id}`,
  steps: [
    { name: 'check', act: 'Check the change template', chain: ['security-officer', 'admin'] },
    { name: 'approve', act: 'Approve the change template for standard changes', chain: ['manager', 'admin'] },
  ],
  revision: { act: 'Revise the returned change template', result: changeTemplateRevisionSchema, editors: ['admin', 'security-officer'] },
  async current(tenantId, id) {
    const template = await requireTemplate(tenantId, id);
    const { name, description, steps, rollback, assetTypes, revisionNote } = template.data;
    return {
      version: template.version,
      author: template.data.author,
      snapshot: { name, description, steps, rollback, ...(assetTypes ? { assetTypes } : {}), ...(revisionNote ? { revisionNote } : {}) },
    };
  },
  async settle(work, tenantId, id, settlement) {
    const template = await requireTemplate(tenantId, id);
    const data = template.data;
    const settled = (after: StoredEntity<ChangeTemplateData>) => ({ subject: { version: after.version, author: after.data.author } });
    switch (settlement.outcome) {
      case 'revised': {
        const { note, ...revision } = changeTemplateRevisionSchema.parse(settlement.result);
        return settled(
          work.update(changeTemplateEntity, template, { ...data, ...revision, revisionNote: note, author: settlement.by, status: 'pending-approval' }),
        );
      }
      case 'returned':
        return settled(work.update(changeTemplateEntity, template, { ...data, status: 'returned', returnReason: settlement.reason }));
      case 'rejected':
        return settled(work.update(changeTemplateEntity, template, { ...data, status: 'rejected', rejectionReason: settlement.reason }));
      case 'withdrawn':
        return settled(work.update(changeTemplateEntity, template, { ...data, status: 'withdrawn', withdrawalReason: settlement.reason }));
      case 'worked':
        throw problems.conflict('a change template has no work steps');
      default:
        return settled(work.update(changeTemplateEntity, template, { ...data, status: settlement.outcome }));
    }
  },
};
