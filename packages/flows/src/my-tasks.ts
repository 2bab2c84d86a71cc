// GET /me/tasks: what the caller owes — decisions addressed to their roles that separation of duties lets
// them take, work tasks assigned to them, and what each area owes them (reviews of the assets they own …)
// — soonest due first; and, for managers, the overdue tasks of their team (the people they manage).
import type { People, PersonRef } from '@ismf/core/people';
import { queryPattern } from '@ismf/store/entities';
import type { AccessPattern } from '@ismf/store/entity-model';
import { personNames } from '@ismf/store/people-names';
import type { StoredEntity } from '@ismf/store/unit-of-work';
import { approvalEntity, workTaskEntity } from './entities.ts';
import type { HumanTaskData } from './human-tasks.ts';

export interface OwedItem {
  /** `decision` and `work` are the flows'; an area's own items carry its kind (`asset-review`). */
  kind: string;
  id: string;
  title: string;
  subject: { type: string; id: string };
  link: string;
  dueAt: string;
  overdue: boolean;
  step?: string;
  role?: string;
  /** Who does it (a token subject). */
  assignee?: string;
  /** Who asked for it (a token subject). */
  requestedBy?: string;
  escalationLevel?: number;
}

/** An item as `/me/tasks` answers it: each person it names beside the recorded id. */
export type NamedOwedItem = OwedItem & { assigneePerson?: PersonRef; requestedByPerson?: PersonRef };

export interface Caller {
  userId: string;
  roles: string[];
  memberId?: string;
}

/** What an area owes a caller at a time (`at`, ISO 8601), for `/me/tasks`, and the patterns it reads. */
export type OwedSource = ((tenantId: string, caller: Caller, at: string) => Promise<OwedItem[]>) & { readonly patterns?: readonly AccessPattern[] };

/** An owed source that names the patterns it reads (GET /me/tasks must declare their indexes: a unit test checks). */
export function defineOwedSource(patterns: readonly AccessPattern[], read: (tenantId: string, caller: Caller, at: string) => Promise<OwedItem[]>): OwedSource {
  return Object.assign(read, { patterns });
}

export interface OwedRegistry {
  owed: readonly OwedSource[];
  people: People;
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
    requestedBy: task.requestedBy,
    escalationLevel: task.escalationLevel,
  };
}

const pendingTasks = (entities: StoredEntity<HumanTaskData>[]) => entities.map((entity) => entity.data).filter((task) => task.status === 'pending');

export async function myTasks(tenantId: string, caller: Caller, registry: OwedRegistry, now = new Date()) {
  const at = now.toISOString();
  const queued = (
    await Promise.all([
      ...caller.roles.map((role) => queryPattern(approvalEntity, 'queuedTo', tenantId, { role })),
      ...caller.roles.map((role) => queryPattern(workTaskEntity, 'queuedToRole', tenantId, { role })),
      queryPattern(workTaskEntity, 'queuedTo', tenantId, { assignee: caller.userId }),
    ])
  ).flat();
  const tasks = pendingTasks(queued)
    .filter((task) => !task.excluded.some((entry) => entry.userId === caller.userId))
    .map((task) => owedTask(task, at));
  const owed = (await Promise.all(registry.owed.map((source) => source(tenantId, caller, at)))).flat();
  const items = [...tasks, ...owed].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  const teamOverdue = caller.roles.includes('manager') && caller.memberId ? await teamOverdueTasks(tenantId, caller.memberId, at, registry.people) : undefined;
  // Everyone the page names, read at once: requesters and assignees by token subject, team members by user id.
  const all = [...items, ...(teamOverdue ?? [])];
  const names = await personNames(tenantId, {
    subjects: all.flatMap((item) => [item.requestedBy, item.assignee]),
    users: (teamOverdue ?? []).flatMap((item) => item.owedBy),
  });
  const named = <T extends OwedItem>(item: T): T & NamedOwedItem => ({
    ...item,
    ...(item.assignee ? { assigneePerson: names.subject(item.assignee) } : {}),
    ...(item.requestedBy ? { requestedByPerson: names.subject(item.requestedBy) } : {}),
  });
  return {
    items: items.map(named),
    ...(teamOverdue ? { teamOverdue: teamOverdue.map((item) => ({ ...named(item), owedByPeople: item.owedBy.map((id) => names.user(id)) })) } : {}),
  };
}

/** Overdue tasks owed by the manager's team: assigned to a member, or queued to a role a member holds. */
async function teamOverdueTasks(tenantId: string, memberId: string, at: string, people: People): Promise<(OwedItem & { owedBy: string[] })[]> {
  const team = await people.teamOf(tenantId, memberId);
  if (team.length === 0) return [];
  // Decisions and work tasks due before now, merged in due order (as one due list would hold them).
  const due = await Promise.all([approvalEntity, workTaskEntity].map((model) => queryPattern(model, 'due', tenantId, {}, { before: { dueAt: at } })));
  const order = (task: HumanTaskData) => `${task.dueAt}#${task.id}`;
  const overdue = pendingTasks(due.flat()).sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return overdue
    .map((task) => {
      const owedBy = team.filter((user) =>
        task.kind === 'work' && task.assignee
          ? task.assignee === user.subject
          : user.roles.includes(task.role!) && !task.excluded.some((entry) => entry.userId === user.subject),
      );
      return { ...owedTask(task, at), owedBy: owedBy.map((user) => user.id) };
    })
    .filter((task) => task.owedBy.length > 0);
}
