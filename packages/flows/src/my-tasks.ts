// GET /me/tasks: what the caller owes — decisions addressed to their roles that separation of duties lets
// them take, work tasks assigned to them, reviews of the assets they own — soonest due first; and, for
// managers, the overdue tasks of their team (the users whose manager they are).
import { keys } from '@ismf/store/keys';
import { entityFromItem } from '@ismf/store/entities';
import { queryIndex } from '@ismf/store/query';
import type { UserData } from '@ismf/core/tenancy';
import { TASKS_DUE, type HumanTaskData } from './human-tasks.ts';

export interface OwedItem {
  kind: 'decision' | 'work' | 'asset-review';
  id: string;
  title: string;
  subject: { type: string; id: string };
  link: string;
  dueAt: string;
  overdue: boolean;
  step?: string;
  role?: string;
  assignee?: string;
  escalationLevel?: number;
}

export interface Caller {
  userId: string;
  roles: string[];
  memberId?: string;
}

function owedTask(task: HumanTaskData, now: string): OwedItem {
  return {
    kind: task.kind,
    id: task.id,
    title: task.act,
    subject: { type: task.subject.type, id: task.subject.id },
    link: task.kind === 'decision' ? `/approvals/${task.id}` : `/tasks/${task.id}`,
    dueAt: task.dueAt,
    overdue: task.dueAt < now,
    step: task.step,
    ...(task.role ? { role: task.role } : {}),
    ...(task.assignee ? { assignee: task.assignee } : {}),
    escalationLevel: task.escalationLevel,
  };
}

const pendingTasks = (items: Record<string, unknown>[]) =>
  items.map((item) => entityFromItem<HumanTaskData>(item).data).filter((task) => task.status === 'pending');

export async function myTasks(tenantId: string, caller: Caller, now = new Date()) {
  const at = now.toISOString();
  const queues = [...caller.roles.map((role) => keys.taskQueue(tenantId, 'role', role)), keys.taskQueue(tenantId, 'user', caller.userId)];
  const queued = (await Promise.all(queues.map((queue) => queryIndex('GSI3', queue)))).flat();
  const tasks = pendingTasks(queued)
    .filter((task) => !task.excluded.some((entry) => entry.userId === caller.userId))
    .map((task) => owedTask(task, at));
  const reviews = caller.memberId ? await assetReviewsOwed(tenantId, caller.memberId, at) : [];
  const items = [...tasks, ...reviews].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  const teamOverdue = caller.roles.includes('manager') && caller.memberId ? await teamOverdueTasks(tenantId, caller.memberId, at) : undefined;
  return { items, ...(teamOverdue ? { teamOverdue } : {}) };
}

async function assetReviewsOwed(tenantId: string, memberId: string, at: string): Promise<OwedItem[]> {
  const today = at.slice(0, 10);
  const assets = (await queryIndex('GSI3', keys.entityBy(tenantId, 'asset', 'owner', memberId))).map((item) =>
    entityFromItem<{ name: string; nextReviewDue: string }>(item),
  );
  return assets
    .filter((asset) => asset.data.nextReviewDue <= today)
    .map((asset) => ({
      kind: 'asset-review' as const,
      id: asset.id,
      title: `Review the asset “${asset.data.name}”`,
      subject: { type: 'asset', id: asset.id },
      link: `/assets/${asset.id}/reviews`,
      dueAt: `${asset.data.nextReviewDue}T00:00:00.000Z`,
      overdue: asset.data.nextReviewDue < today,
    }));
}

/** Overdue tasks owed by the manager's team: assigned to a member, or queued to a role a member holds. */
async function teamOverdueTasks(tenantId: string, memberId: string, at: string): Promise<(OwedItem & { owedBy: string[] })[]> {
  const team = (await queryIndex('GSI3', keys.entityBy(tenantId, 'user', 'managerId', memberId)))
    .map((item) => entityFromItem<UserData>(item))
    .filter((user) => user.data.status === 'active');
  if (team.length === 0) return [];
  const overdue = pendingTasks(await queryIndex('GSI4', keys.dueList(tenantId, TASKS_DUE), { before: at }));
  return overdue
    .map((task) => {
      const owedBy = team.filter((user) =>
        task.kind === 'work'
          ? task.assignee === user.data.subject
          : user.data.roles.includes(task.role!) && !task.excluded.some((entry) => entry.userId === user.data.subject),
      );
      return { ...owedTask(task, at), owedBy: owedBy.map((user) => user.id) };
    })
    .filter((task) => task.owedBy.length > 0);
}
