// The decision API's rules: a decision or a work task's result is accepted only from the same tenant,
// an eligible role (or the assignee), someone separation of duties allows, while the task is pending.
// It is recorded with its outbox event in one transaction; resumeFlow then sends it to the flow.
import { Problem, problems } from '@ismf/core/problems';
import { approvalDecided, taskCompleted } from './events.ts';
import { notificationRequested } from '@ismf/events/notification-requested';
import { literal, person, utcTime } from '@ismf/mail/notification-text';
import type { TableAccess } from '@ismf/core/access';
import type { PersonNames } from '@ismf/core/people';
import { blobStore } from '@ismf/store/blob-store';
import { requireEntity } from '@ismf/store/entities';
import { personNames } from '@ismf/store/people-names';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { approvalEntity, workTaskEntity } from './entities.ts';
import { APPROVAL, WORK_TASK, taskView, type HumanTaskData } from './human-tasks.ts';
import type { SubjectKindLookup } from './subject-kind.ts';

export interface Decider {
  userId: string;
  roles: string[];
}

const STATUS_OF = { approve: 'approved', reject: 'rejected', return: 'returned' } as const;

type TaskPeople = Pick<HumanTaskData, 'requestedBy' | 'author' | 'assignee' | 'excluded' | 'decision' | 'completion' | 'withdrawal' | 'votes'>;

/** The people a task names, all by token subject: requester, author, assignee, the excluded, who settled it. */
function taskSubjects(task: TaskPeople): (string | undefined)[] {
  return [
    task.requestedBy,
    task.author,
    task.assignee,
    ...task.excluded.map((entry) => entry.userId),
    task.decision?.by,
    task.completion?.by,
    task.withdrawal?.by,
    ...(task.votes ?? []).map((vote) => vote.by),
  ];
}

/** A task view with each person it names beside the recorded id (`requestedByPerson`, `decision.byPerson` …). */
function named<T extends TaskPeople>(task: T, names: PersonNames) {
  const { decision, completion, withdrawal, votes } = task;
  return {
    ...task,
    requestedByPerson: names.subject(task.requestedBy),
    authorPerson: names.subject(task.author),
    ...(task.assignee ? { assigneePerson: names.subject(task.assignee) } : {}),
    excluded: task.excluded.map((entry) => ({ ...entry, userPerson: names.subject(entry.userId) })),
    ...(decision ? { decision: { ...decision, byPerson: names.subject(decision.by) } } : {}),
    ...(completion ? { completion: { ...completion, byPerson: names.subject(completion.by) } } : {}),
    ...(withdrawal ? { withdrawal: { ...withdrawal, byPerson: names.subject(withdrawal.by) } } : {}),
    ...(votes ? { votes: votes.map((vote) => ({ ...vote, byPerson: names.subject(vote.by) })) } : {}),
  };
}

/** Tasks as people read them, their people named with one directory read for them all. */
export async function namedTaskViews(tenantId: string, tasks: readonly StoredEntity<HumanTaskData>[]) {
  const names = await personNames(tenantId, { subjects: tasks.flatMap((task) => taskSubjects(task.data)) });
  return tasks.map((task) => named(taskView(task), names));
}

const namedTaskView = async (tenantId: string, task: StoredEntity<HumanTaskData>) => (await namedTaskViews(tenantId, [task]))[0]!;

function notPending(task: StoredEntity<HumanTaskData>, what: string): Problem {
  const status = task.data.status;
  if (status === 'interrupted') {
    return problems.conflict(`this ${what} was interrupted: its flow stopped when the local runtime restarted; submit the subject again`);
  }
  if (status === 'expired') return problems.conflict(`this ${what} expired: its step escalated or lapsed when the time ran out`);
  if (status === 'withdrawn') return problems.conflict(`this ${what} ended: its subject was withdrawn by the requester`);
  return problems.conflict(`this ${what} is ${status} already`);
}

/** A lost race (the version moved) means another decision or the timeout came first: a 409, not a 412. */
async function commitPending(work: UnitOfWork, reread: () => Promise<StoredEntity<HumanTaskData>>, what: string): Promise<void> {
  try {
    await work.commit();
  } catch (error) {
    if (error instanceof Problem && error.status === 412) throw notPending(await reread(), what);
    throw error;
  }
}

export async function decide(
  ctx: WriteContext,
  tenantId: string,
  approvalId: string,
  decider: Decider,
  input: { outcome: 'approve' | 'reject' | 'return'; reason?: string },
) {
  const read = () => requireEntity<HumanTaskData>(tenantId, APPROVAL, approvalId, `approval ${approvalId}`);
  const approval = await read();
  const task = approval.data;
  if (task.status !== 'pending') throw notPending(approval, 'approval');
  if (!decider.roles.includes(task.role!)) throw problems.forbidden(`this step is decided by the ${task.role} role`);
  const excluded = task.excluded.find((entry) => entry.userId === decider.userId);
  if (excluded) throw problems.forbidden(`separation of duties: you are the ${excluded.why}, so you may not decide this step`);
  const at = new Date().toISOString();
  const work = new UnitOfWork({ ...ctx, ...(input.reason ? { reason: input.reason } : {}) });
  // A quorum: each approval is a vote until enough different people have approved; one rejection or return settles it.
  const votes = task.votes ?? [];
  if (votes.some((vote) => vote.by === decider.userId))
    throw problems.conflict('you have approved this step already; it waits for other members of the quorum');
  if (input.outcome === 'approve' && votes.length + 1 < (task.quorum ?? 1)) {
    const vote = { by: decider.userId, roles: decider.roles, at, ...(input.reason ? { reason: input.reason } : {}) };
    const voted = work.update(approvalEntity, approval, { ...task, votes: [...votes, vote] });
    await commitPending(work, read, 'approval');
    return namedTaskView(tenantId, voted);
  }
  const decision = { outcome: input.outcome, ...(input.reason ? { reason: input.reason } : {}), by: decider.userId, roles: decider.roles, at };
  const allVotes = task.quorum && task.quorum > 1 && input.outcome === 'approve' ? { votes: [...votes, { by: decider.userId, roles: decider.roles, at }] } : {};
  const after = work.update(approvalEntity, approval, { ...task, status: STATUS_OF[input.outcome], decision, ...allVotes });
  const flowRef = { flowId: task.flowId, kind: task.subjectKind, subject: { type: task.subject.type, id: task.subject.id } };
  work.event(approvalDecided.of(tenantId, { ...flowRef, approvalId, step: task.step, outcome: input.outcome }));
  if (input.outcome !== 'approve') {
    const returned = input.outcome === 'return';
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'approval-decided',
        recipients: { users: [returned ? task.author : task.requestedBy] },
        title: `${returned ? 'Returned for revision' : 'Rejected'}: ${task.act}`,
        text:
          `${person(decider.userId)} ${returned ? 'returned' : 'rejected'} it at the step “${task.step}” on ${utcTime(at)}.\n\n` +
          `Reason: “${literal(input.reason ?? '')}”\n\nRequested by ${person(task.requestedBy)}.`,
        link: task.link,
      }),
    );
  }
  await commitPending(work, read, 'approval');
  return namedTaskView(tenantId, after);
}

export async function completeTask(
  ctx: WriteContext,
  tenantId: string,
  taskId: string,
  caller: Decider,
  input: { result: unknown },
  subjectKind: SubjectKindLookup,
) {
  const read = () => requireEntity<HumanTaskData>(tenantId, WORK_TASK, taskId, `task ${taskId}`);
  const stored = await read();
  const task = stored.data;
  if (task.status !== 'pending') throw notPending(stored, 'task');
  const kind = subjectKind(task.subjectKind);
  // A work step is done by its assignee or anyone holding its role; a revision also by the kind's editors.
  const definition = task.work ? kind.work?.[task.work] : undefined;
  if (task.work && !definition) throw new Error(`subject kind ${kind.kind} declares no work ${task.work}`);
  const mayDo = definition
    ? task.assignee === caller.userId || (!task.assignee && task.role !== undefined && caller.roles.includes(task.role))
    : task.assignee === caller.userId || caller.roles.some((role) => (kind.revision.editors as readonly string[]).includes(role));
  if (!mayDo) throw problems.forbidden(task.assignee ? 'this task is assigned to someone else' : `this task is for the ${task.role} role`);
  const excluded = definition ? task.excluded.find((entry) => entry.userId === caller.userId) : undefined;
  if (excluded) throw problems.forbidden(`separation of duties: you are the ${excluded.why}, so you may not do this step`);
  const parsed = (definition?.result ?? kind.revision.result).safeParse(input.result);
  if (!parsed.success) {
    throw problems.unprocessable(
      'the result does not fit this task',
      parsed.error.issues.map((issue) => ({ path: ['body', 'result', ...issue.path.map(String)].join('.'), message: issue.message })),
    );
  }
  const check = definition ? definition.check : kind.revision.check;
  await check?.(tenantId, task.subject.id, parsed.data as Record<string, unknown>);
  const at = new Date().toISOString();
  const work = new UnitOfWork(ctx);
  const after = work.update(workTaskEntity, stored, {
    ...task,
    status: 'completed',
    completion: { result: parsed.data as Record<string, unknown>, by: caller.userId, at },
  });
  work.event(
    taskCompleted.of(tenantId, {
      flowId: task.flowId,
      kind: task.subjectKind,
      subject: { type: task.subject.type, id: task.subject.id },
      taskId,
      step: task.step,
    }),
  );
  await commitPending(work, read, 'task');
  return namedTaskView(tenantId, after);
}

/** A task as its reader sees it; a snapshot kept as an object comes with a presigned download. */
async function readTask(tenantId: string, type: string, id: string, access: TableAccess) {
  const task = await requireEntity<HumanTaskData>(tenantId, type, id, `${type} ${id}`);
  const ref = task.data.snapshotRef;
  const [view, snapshotDownload] = await Promise.all([
    namedTaskView(tenantId, task),
    ref ? blobStore(tenantId, access).presignDownload(ref.objectKey, { fileName: `${type}-${id}-snapshot.json` }) : undefined,
  ]);
  return { ...view, ...(snapshotDownload ? { snapshotDownload } : {}) };
}

export const getApproval = (tenantId: string, id: string, access: TableAccess) => readTask(tenantId, APPROVAL, id, access);
export const getTask = (tenantId: string, id: string, access: TableAccess) => readTask(tenantId, WORK_TASK, id, access);
