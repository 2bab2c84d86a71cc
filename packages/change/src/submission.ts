// Submitting a planned change request: its plan is held to the tenant's rules again (assets added after the
// plan may have raised the importance), a standard change to its approved template, and the flow of its class
// starts — tests and authorization for a normal change, authorization for an emergency one, none for a
// standard change, which the flow authorizes at once by its template. Withdrawing ends that flow.
import type { FieldError } from '@ismf/core/problems';
import { problems } from '@ismf/core/problems';
import { requestFlow } from '@ismf/flows/flow-records';
import { withdrawFlow } from '@ismf/flows/withdrawal';
import { keyedChildren } from '@ismf/store/batch-write';
import { getEntity } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { CHANGE_REQUEST, changeRequestKind } from './change-kind.ts';
import {
  changeAssetEntity,
  changeRequestEntity,
  changeTemplateEntity,
  type ChangeAssetData,
  type ChangeRequestData,
  type ChangeTemplateData,
} from './entities.ts';
import { checkPlan } from './plan.ts';
import { mayShape, requestView, requireRequest, type ChangeCaller } from './requests.ts';

/** A standard change follows its template: approved still, and only on the asset types it names. */
async function templateErrors(tenantId: string, change: { id: string; data: ChangeRequestData }): Promise<FieldError[]> {
  if (change.data.class !== 'standard') return [];
  const template = change.data.templateId ? await getEntity<ChangeTemplateData>(tenantId, changeTemplateEntity.type, change.data.templateId) : undefined;
  if (!template || template.data.status !== 'approved')
    return [{ path: 'templateId', message: `the template is ${template?.data.status ?? 'missing'}, not approved` }];
  const types = template.data.assetTypes;
  if (!types?.length) return [];
  const assets = await keyedChildren<ChangeAssetData>(changeAssetEntity, tenantId, change.id);
  const outside = assets.filter((asset) => !types.includes(asset.type));
  return outside.length
    ? [
        {
          path: 'assets',
          message: `the template “${template.data.name}” covers ${types.join(', ')} assets only; ${outside.map((asset) => asset.assetName).join(', ')} is not`,
        },
      ]
    : [];
}

export async function submitChangeRequest(ctx: WriteContext, tenantId: string, id: string, expectedVersion: number, caller: ChangeCaller) {
  const before = await requireRequest(tenantId, id);
  if (!mayShape(before, caller))
    throw problems.forbidden('only the requester, the plan’s author, a security officer or an administrator submits a change request');
  if (before.data.state !== 'draft') {
    throw problems.conflict(
      `a draft change request is submitted; this one is ${before.data.state}${before.data.state === 'returned' ? ' (a returned plan is revised through its task)' : ''}`,
    );
  }
  if (before.version !== expectedVersion) throw problems.stale(`change request ${id} is at version ${before.version}, not ${expectedVersion}`);
  const plan = before.data.plan;
  if (!plan) throw problems.unprocessable('write the change plan first (PUT /change-requests/{id}/plan)', [{ path: 'plan', message: 'no plan yet' }]);
  const errors = await templateErrors(tenantId, before);
  if (errors.length) throw problems.unprocessable('the standard change does not follow its template', errors);
  await checkPlan(tenantId, before.data, plan, 'plan');
  const work = new UnitOfWork({
    ...ctx,
    reason: before.data.class === 'standard' ? 'submitted: a standard change, authorized by its template' : 'submitted for tests and authorization',
  });
  const flowId = requestFlow(work, tenantId, CHANGE_REQUEST, { type: CHANGE_REQUEST, id }, before.data.requestedBy);
  const after = work.update(changeRequestEntity, before, { ...before.data, state: 'submitted', flowId, submittedAt: new Date().toISOString() });
  await work.commit();
  return requestView(tenantId, after);
}

/** The requester (or an administrator) withdraws a change still under tests or authorization. */
export async function withdrawChangeRequest(ctx: WriteContext, tenantId: string, id: string, reason: string) {
  const change = await requireRequest(tenantId, id);
  if (change.data.requestedBy !== ctx.actor.userId && !ctx.actor.roles.includes('admin'))
    throw problems.forbidden('only the requester or an administrator withdraws a change request');
  if (change.data.state !== 'submitted' && change.data.state !== 'returned') {
    throw problems.conflict(`a change request is withdrawn while it is tested or authorized; this one is ${change.data.state}`);
  }
  await withdrawFlow(ctx, tenantId, changeRequestKind, change.data.flowId!, reason);
  return requestView(tenantId, await requireRequest(tenantId, id));
}
