// (b) The change plan, versioned with the request: steps, effectiveness check, rollback, continuity, window,
// service impact, who tests it (lab, on site) and who implements it. checkPlan holds a plan to the tenant's
// rules wherever one is handed in: written here, handed in by the revision task, rechecked at submission.
import type { UserData } from '@ismf/directory/rules';
import { problems, type FieldError } from '@ismf/core/problems';
import { getEntities } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { changeRequestEntity, type ChangeRequestData } from './entities.ts';
import { freezeAt } from './freezes.ts';
import { moveWindow } from './impact.ts';
import { requestView, requireRequest, requireShapeable, type ChangeCaller } from './requests.ts';
import { HIGH_IMPORTANCE, normalWindow, windowHours, type ChangePlan } from './rules.ts';
import { changeSettings } from './settings.ts';

/** The plan as stored: its window as `toISOString()` instants (what the calendar and the conflict check compare). */
export const normalPlan = <P extends ChangePlan>(plan: P): P => ({ ...plan, window: normalWindow(plan.window) });

/**
 * Holds a plan to the rules, against the request it is for (its class and impact summary); throws one 422
 * naming every field at fault (under `path`, `body` for an API body, `body.result` for a task's result):
 * - the window no longer than the tenant's maxWindowHours (`window.end`);
 * - a request touching an asset of importance 4 or 5 needs a rollback (`rollback`) and an on-site test (`onSiteTest`);
 * - a window in a freeze period is refused unless the change is an emergency (`window.start`, naming the freeze);
 * - the implementer and named testers are active directory users of the tenant.
 * Assets added after the plan may raise the importance: submission calls this again.
 */
export async function checkPlan(tenantId: string, request: Pick<ChangeRequestData, 'class' | 'impact'>, plan: ChangePlan, path = 'body'): Promise<void> {
  const settings = await changeSettings(tenantId);
  const window = normalWindow(plan.window);
  const errors: FieldError[] = [];
  const hours = windowHours(window);
  if (hours > settings.maxWindowHours)
    errors.push({ path: `${path}.window.end`, message: `the window is ${Math.ceil(hours)} hours long; the tenant allows at most ${settings.maxWindowHours}` });
  if (request.impact.maxImportance >= HIGH_IMPORTANCE) {
    const why = `an affected asset has importance ${request.impact.maxImportance}`;
    if (!plan.rollback?.length) errors.push({ path: `${path}.rollback`, message: `${why}: the plan needs rollback steps` });
    if (!plan.onSiteTest) errors.push({ path: `${path}.onSiteTest`, message: `${why}: the plan needs an on-site test` });
  }
  if (request.class !== 'emergency') {
    const freeze = await freezeAt(tenantId, window);
    if (freeze)
      errors.push({
        path: `${path}.window.start`,
        message: `the window falls in the change freeze “${freeze.data.name}” (${freeze.id}, ${freeze.data.start} to ${freeze.data.end}); only an emergency change may be made then`,
      });
  }
  const people: { id: string; path: string }[] = [
    { id: plan.implementer, path: `${path}.implementer` },
    ...('assignee' in plan.labTest ? [{ id: plan.labTest.assignee, path: `${path}.labTest.assignee` }] : []),
    ...(plan.onSiteTest && 'assignee' in plan.onSiteTest ? [{ id: plan.onSiteTest.assignee, path: `${path}.onSiteTest.assignee` }] : []),
  ];
  const found = await getEntities(
    tenantId,
    people.map((person) => ({ type: 'user', id: person.id })),
  );
  for (const person of people) {
    if (found<UserData>('user', person.id)?.data.status !== 'active') errors.push({ path: person.path, message: 'no active user of the tenant has this id' });
  }
  if (errors.length) throw problems.unprocessable('the change plan does not meet the tenant’s rules', errors);
}

/**
 * PUT /change-requests/{id}/plan: the plan's next version, by its requester, its author, a security officer or an
 * administrator while the request is draft or returned; the caller becomes its author. The request's window
 * becomes the plan's, and the affected assets' copies of it follow.
 */
export async function writePlan(ctx: WriteContext, tenantId: string, id: string, expectedVersion: number, given: ChangePlan, caller: ChangeCaller) {
  const before = await requireRequest(tenantId, id);
  requireShapeable(before, expectedVersion, caller);
  const plan = normalPlan(given);
  await checkPlan(tenantId, before.data, plan);
  const work = new UnitOfWork({ ...ctx, reason: plan.note ?? `change plan version ${before.data.planVersion + 1}` });
  const after = work.update(changeRequestEntity, before, {
    ...before.data,
    plan,
    planVersion: before.data.planVersion + 1,
    author: caller.userId,
    windowStart: plan.window.start,
    windowEnd: plan.window.end,
  });
  await work.commit();
  // Derived copies, rewritten in bulk after the request's version: a plan written again rewrites any it missed.
  await moveWindow(tenantId, id, plan.window);
  return requestView(tenantId, after);
}
