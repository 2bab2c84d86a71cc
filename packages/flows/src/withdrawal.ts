// Withdrawing a subject while its flow runs: the open task, the flow record and the subject are settled
// in one transaction, and FlowWithdrawn tells the waiting execution (SendTaskFailure Flow.Withdrawn),
// which then ends in its Withdrawn state. Deciding the withdrawn task answers 409.
import { problems } from '@ismf/core/problems';
import { flowCompleted, flowWithdrawn } from './events.ts';
import { getEntity, requireEntity } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { flowEntity, taskModel } from './entities.ts';
import { FLOW, type FlowData } from './flow-records.ts';
import { taskType, type HumanTaskData } from './human-tasks.ts';
import type { SubjectKind } from './subject-kind.ts';

/** The subject's kind is passed in by its area (importing the registry here would import the area back). */
export async function withdrawFlow(ctx: WriteContext, tenantId: string, kind: SubjectKind, flowId: string, reason: string): Promise<void> {
  const flow = await requireEntity<FlowData>(tenantId, FLOW, flowId, `flow ${flowId}`);
  if (flow.data.status !== 'running') throw problems.conflict(`this flow is ${flow.data.status} already`);
  const spec = flow.data.next && 'task' in flow.data.next ? flow.data.next.task : undefined;
  const type = spec ? taskType(spec.kind) : undefined;
  const task = spec && type ? await getEntity<HumanTaskData>(tenantId, type, spec.id) : undefined;
  if (!spec || !type || !task) throw problems.conflict('the flow is opening its next step; withdraw again in a moment');
  if (task.data.status !== 'pending') throw problems.conflict('a decision on the open step is being processed; withdraw again in a moment');
  if (flow.data.kind !== kind.kind) throw new Error(`flow ${flowId} is a ${flow.data.kind} flow, not ${kind.kind}`);
  const at = new Date().toISOString();
  const by = ctx.actor.userId;
  const work = new UnitOfWork({ ...ctx, reason });
  work.update(taskModel(spec.kind), task, { ...task.data, status: 'withdrawn', withdrawal: { reason, by, at } });
  work.update(flowEntity, flow, {
    ...flow.data,
    status: 'withdrawn',
    settled: [...flow.data.settled, spec.id],
    history: [...flow.data.history, { taskId: spec.id, step: spec.step, outcome: 'withdrawn', by, reason, at }],
  });
  await kind.settle(work, tenantId, flow.data.subject.id, { outcome: 'withdrawn', reason, by });
  const flowRef = { flowId, kind: kind.kind, subject: flow.data.subject };
  work.event(flowWithdrawn.of(tenantId, { ...flowRef, taskId: spec.id, taskType: type as 'approval' | 'task', reason }));
  work.event(flowCompleted.of(tenantId, { ...flowRef, outcome: 'withdrawn' }));
  // The version checks of task and flow make a racing decision or timeout lose cleanly: 412 → 409.
  try {
    await work.commit();
  } catch (error) {
    if ((error as { status?: number }).status === 412) throw problems.conflict('the flow moved on meanwhile; look again and retry');
    throw error;
  }
}
