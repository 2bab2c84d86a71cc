// Local restarts: the local interpreter keeps task tokens in memory, so a restart orphans every open
// task of the runtime that stopped. Such tasks become `interrupted` (deciding one answers 409), their
// flow and subject too, and the subject can be submitted again. Step Functions in AWS needs none of this.
import { flowCompleted } from './events.ts';
import { queryPattern, requireEntity } from '@ismf/store/entities';
import { readTaskToken } from '@ismf/store/task-tokens';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { approvalEntity, flowEntity, taskModel, workTaskEntity } from './entities.ts';
import { FLOW, type FlowData } from './flow-records.ts';
import { taskType } from './human-tasks.ts';
import type { SubjectKindLookup } from './subject-kind.ts';

/** Marks the open tasks of a tenant whose local token no live runtime holds; answers how many. */
export async function interruptOrphanedTasks(
  ctx: WriteContext,
  tenantId: string,
  holds: (token: string) => boolean,
  subjectKind: SubjectKindLookup,
): Promise<number> {
  const open = (await Promise.all([approvalEntity, workTaskEntity].map((model) => queryPattern(model, 'due', tenantId, {})))).flat();
  let interrupted = 0;
  for (const task of open) {
    if (task.data.status !== 'pending') continue;
    const token = await readTaskToken(tenantId, taskType(task.data.kind), task.id);
    if (!token?.startsWith('local:') || holds(token)) continue;
    const flow = await requireEntity<FlowData>(tenantId, FLOW, task.data.flowId, `flow ${task.data.flowId}`);
    const kind = subjectKind(task.data.subjectKind);
    const work = new UnitOfWork({ ...ctx, reason: 'the local runtime restarted and lost the flow' });
    work.update(taskModel(task.data.kind), task, { ...task.data, status: 'interrupted' });
    if (flow.data.status === 'running') {
      work.update(flowEntity, flow, { ...flow.data, status: 'interrupted' });
      await kind.settle(work, tenantId, flow.data.subject.id, { outcome: 'interrupted' });
      work.event(flowCompleted.of(tenantId, { flowId: flow.id, kind: kind.kind, subject: flow.data.subject, outcome: 'interrupted' }));
    }
    await work.commit();
    interrupted++;
  }
  return interrupted;
}
