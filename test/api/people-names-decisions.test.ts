// People, not ULIDs, in decisions: an asset policy change submitted by one officer, returned by another
// and revised by a third names each of them — requester, decider, assignee, author — as { id, name, email }
// in the change, its approvals and tasks, its flow and /me/tasks; a list page names its people with at
// most one batch read; and no forged or foreign subject ever yields another tenant's name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASSET_POLICY } from '@ismf/assets/rules';
import { forgetPersonNames, personNames } from '@ismf/store/people-names';
import { startApi, type Api } from '../support/api.ts';
import { batchGetsDuring } from '../support/requests.ts';
import { eventually } from '../support/eventually.ts';
import { owedTask } from '../support/owed.ts';

interface PersonRef {
  id: string;
  name: string;
  email: string;
}

interface Officer extends PersonRef {
  token: string;
}

// The relay is driven by hand (`drain`): no notification is delivered in the background while a test
// counts the batch reads a page makes.
let api: Api;
beforeAll(async () => {
  api = await startApi({ events: true });
});
afterAll(() => api.close());

/** A user the token endpoint registers (`dana.weiss` → “Dana Weiss”), with their directory id. */
async function officer(tenant: { tenantId: string; adminToken: string }, user: string, roles: string[]): Promise<Officer> {
  const token = await api.tokenFor(tenant.tenantId, user, roles);
  const email = `${user}@${tenant.tenantId}.example`;
  const users = (await api.call('GET', '/users?limit=100', { token: tenant.adminToken })).body.items as { id: string; email: string; displayName: string }[];
  const found = users.find((entry) => entry.email === email);
  expect(found, email).toBeDefined();
  return { id: found!.id, name: found!.displayName, email, token };
}

const ref = ({ id, name, email }: Officer): PersonRef => ({ id, name, email });

/** The caller's task of this step on this subject, once the flow has opened it (events delivered first). */
const owed = (token: string, subjectId: string, step: string) => owedTask(api, token, subjectId, step, { drain: true });

const policy = (processes: string[]) => ({ ...DEFAULT_ASSET_POLICY, businessProcesses: processes });

async function submit(by: Officer, processes: string[]) {
  const reply = await api.call('POST', '/asset-policy-changes', {
    token: by.token,
    body: { policy: policy(processes), reason: `name ${processes.join(', ')}` },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { id: string; flowId: string; requestedBy: string; requestedByPerson: PersonRef; authorPerson: PersonRef };
}

describe('people named in decisions', () => {
  it('names requester, decider, assignee and author through a return and a revision', async () => {
    const tenant = await api.newTenant('named-flow');
    const dana = await officer(tenant, 'dana.weiss', ['security-officer']);
    const sam = await officer(tenant, 'sam.checker', ['security-officer']);
    const lena = await officer(tenant, 'lena.reviser', ['security-officer']);
    expect(dana.name).toBe('Dana Weiss');

    // Submitted by Dana: she is requester and author.
    const submitted = await submit(dana, ['Billing']);
    expect(submitted.requestedByPerson).toEqual(ref(dana));
    expect(submitted.authorPerson).toEqual(ref(dana));

    // Sam's list names the requester; the approval names requester, author and who may not decide.
    const check = await owed(sam.token, submitted.id, 'check');
    const samTasks = await api.call('GET', '/me/tasks', { token: sam.token });
    expect(samTasks.body.items.find((item: { id: string }) => item.id === check.id)).toMatchObject({
      requestedBy: submitted.requestedBy,
      requestedByPerson: ref(dana),
    });
    const approval = await api.call('GET', `/approvals/${check.id}`, { token: sam.token });
    expect(approval.body).toMatchObject({ requestedByPerson: ref(dana), authorPerson: ref(dana) });
    expect(approval.body.excluded).toEqual([{ userId: submitted.requestedBy, why: 'requester', userPerson: ref(dana) }]);

    // Sam returns it: the decision names him.
    const returned = await api.call('POST', `/approvals/${check.id}/decision`, {
      token: sam.token,
      body: { outcome: 'return', reason: 'name the network processes' },
    });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body.decision).toMatchObject({ outcome: 'return', byPerson: ref(sam) });
    expect((await api.call('GET', `/approvals/${check.id}`, { token: dana.token })).body.decision.byPerson).toEqual(ref(sam));

    // The revision is Dana's: her list, the task and the flow name her as assignee, Sam as the decider.
    const revise = await owed(dana.token, submitted.id, 'revise');
    const danaTasks = await api.call('GET', '/me/tasks', { token: dana.token });
    expect(danaTasks.body.items.find((item: { id: string }) => item.id === revise.id)).toMatchObject({
      kind: 'work',
      assigneePerson: ref(dana),
      requestedByPerson: ref(dana),
    });
    const task = await api.call('GET', `/tasks/${revise.id}`, { token: dana.token });
    expect(task.body).toMatchObject({ assigneePerson: ref(dana), requestedByPerson: ref(dana), authorPerson: ref(dana) });
    const waiting = await api.call('GET', `/flows/${submitted.flowId}`, { token: dana.token });
    expect(waiting.body).toMatchObject({
      requestedByPerson: ref(dana),
      waitingFor: { taskId: revise.id, assigneePerson: ref(dana) },
      history: [{ step: 'check', outcome: 'return', byPerson: ref(sam) }],
    });

    // Lena (an editor) revises it: she becomes the author; Dana stays the requester.
    const completed = await api.call('POST', `/tasks/${revise.id}/completion`, {
      token: lena.token,
      body: { result: { policy: policy(['Billing', 'Network operations']), note: 'named the network processes' } },
    });
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    expect(completed.body.completion).toMatchObject({ byPerson: ref(lena) });
    const revised = await eventually(async () => {
      await api.relay!.drain();
      const change = await api.call('GET', `/asset-policy-changes/${submitted.id}`, { token: dana.token });
      return change.body.author !== submitted.requestedBy ? change.body : undefined;
    }, 'the change to name its reviser as author');
    expect(revised).toMatchObject({ status: 'pending-approval', requestedByPerson: ref(dana), authorPerson: ref(lena) });

    // The second check: Sam may take it; it names Dana as requester and Lena as author, and excludes both.
    const recheck = await eventually(async () => {
      await api.relay!.drain();
      const reply = await api.call('GET', '/me/tasks', { token: sam.token });
      return (reply.body.items as { id: string; step: string; subject: { id: string } }[]).find(
        (item) => item.subject.id === submitted.id && item.step === 'check' && item.id !== check.id,
      );
    }, 'the second check');
    const second = await api.call('GET', `/approvals/${recheck.id}`, { token: sam.token });
    expect(second.body).toMatchObject({ requestedByPerson: ref(dana), authorPerson: ref(lena) });
    expect(second.body.excluded.map((entry: { userPerson: PersonRef }) => entry.userPerson)).toEqual(expect.arrayContaining([ref(dana), ref(lena)]));
    const flow = await api.call('GET', `/flows/${submitted.flowId}`, { token: sam.token });
    expect(flow.body.history).toMatchObject([
      { step: 'check', outcome: 'return', byPerson: ref(sam) },
      { step: 'revise', byPerson: ref(lena) },
    ]);
  });

  it('names the people of a list page with one batch read for the page', async () => {
    const tenant = await api.newTenant('named-page');
    const requesters = [
      await officer(tenant, 'dana.weiss', ['security-officer']),
      await officer(tenant, 'jonas.berg', ['security-officer']),
      await officer(tenant, 'amira.haddad', ['security-officer']),
    ];
    const checker = await officer(tenant, 'sam.checker', ['security-officer']);
    const changes: Awaited<ReturnType<typeof submit>>[] = [];
    for (const [index, requester] of requesters.entries()) changes.push(await submit(requester, [`Process ${index}`]));
    for (const change of changes) await owed(checker.token, change.id, 'check');
    // Every event delivered (the officers' mails read people too): nothing runs beside the pages counted.
    await api.relay!.drain();

    // Each answer so far named its requester: forget them, so that the first page reads them afresh.
    const forget = () => {
      for (const change of changes) forgetPersonNames(tenant.tenantId, change.requestedByPerson.id, change.requestedBy);
    };

    forget();
    const tasks = () => api.call('GET', '/me/tasks', { token: checker.token });
    const first = await batchGetsDuring(tasks);
    const again = await batchGetsDuring(tasks);
    // Three requesters on the page: one batch for them all, then none (cached).
    expect(first.batchGets - again.batchGets).toBe(1);
    const named = new Map(
      (first.result.body.items as { subject: { id: string }; requestedByPerson: PersonRef }[]).map((item) => [item.subject.id, item.requestedByPerson]),
    );
    changes.forEach((change, index) => expect(named.get(change.id)).toEqual(ref(requesters[index]!)));
    expect(again.result.body).toEqual(first.result.body);

    forget();
    const list = () => api.call('GET', '/asset-policy-changes?limit=100', { token: checker.token });
    const firstList = await batchGetsDuring(list);
    const againList = await batchGetsDuring(list);
    expect(firstList.batchGets - againList.batchGets).toBe(1);
    const listed = new Map((firstList.result.body.items as { id: string; requestedByPerson: PersonRef }[]).map((item) => [item.id, item.requestedByPerson]));
    changes.forEach((change, index) => expect(listed.get(change.id)).toEqual(ref(requesters[index]!)));

    // The latest decisions first (the console's dashboard), a page at a time.
    const ids = (firstList.result.body.items as { id: string }[]).map((item) => item.id);
    const newest = await api.call('GET', '/asset-policy-changes?limit=2&sort=-submitted', { token: checker.token });
    expect(newest.body.items.map((item: { id: string }) => item.id)).toEqual(ids.slice(-2).reverse());
    const next = await api.call('GET', `/asset-policy-changes?limit=2&sort=-submitted&cursor=${encodeURIComponent(newest.body.nextCursor)}`, {
      token: checker.token,
    });
    expect(next.body.items.map((item: { id: string }) => item.id)).toEqual(ids.slice(-4, -2).reverse());
    const unknown = await api.call('GET', '/asset-policy-changes?sort=newest', { token: checker.token });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toBe('query.sort');
  });

  it('never names another tenant’s person: not for a foreign subject, an impostor’s address or a forged token', async () => {
    const home = await api.newTenant('named-home');
    const away = await api.newTenant('named-away');
    const dana = await officer(home, 'dana.weiss', ['security-officer']);
    const checker = await officer(home, 'sam.checker', ['security-officer']);
    // The other tenant registers someone under Dana's very address, with another name.
    const impostor = await api.call('POST', '/users', {
      token: away.adminToken,
      body: { email: dana.email, displayName: 'Mallory Impostor', roles: ['security-officer'] },
    });
    expect(impostor.status, JSON.stringify(impostor.body)).toBe(201);
    const impostorToken = await api.tokenFor(away.tenantId, dana.email, ['security-officer']);
    const theirs = await api.call('POST', '/asset-policy-changes', { token: impostorToken, body: { policy: policy(['Elsewhere']), reason: 'theirs' } });
    expect(theirs.status).toBe(201);
    expect(theirs.body.requestedByPerson).toMatchObject({ id: impostor.body.id, name: 'Mallory Impostor' });

    const ours = await submit(dana, ['Billing']);
    expect(ours.requestedByPerson).toEqual(ref(dana));
    const check = await owed(checker.token, ours.id, 'check');
    const approval = await api.call('GET', `/approvals/${check.id}`, { token: checker.token });
    expect(approval.body.requestedByPerson).toEqual(ref(dana));
    expect(JSON.stringify(approval.body)).not.toContain('Mallory');

    // The other tenant's subject, were it ever recorded here, names no one: the read stays in this tenant.
    const names = await personNames(home.tenantId, { subjects: [theirs.body.requestedBy], users: [impostor.body.id] });
    expect(names.subject(theirs.body.requestedBy)).toEqual({ id: theirs.body.requestedBy, name: theirs.body.requestedBy });
    expect(names.user(impostor.body.id)).toEqual({ id: impostor.body.id, name: impostor.body.id });

    // A token whose subject was swapped for the impostor's (the signature no longer fits) is refused.
    const [header, payload, signature] = dana.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, sub: theirs.body.requestedBy })).toString('base64url'), signature].join('.');
    const refused = await api.call('GET', `/approvals/${check.id}`, { token: forged });
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).not.toContain('Mallory');
    // The other tenant, with a good token, finds nothing of ours.
    const foreign = await api.call('GET', `/approvals/${check.id}`, { token: impostorToken });
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain('Dana');
    const foreignFlow = await api.call('GET', `/flows/${ours.flowId}`, { token: impostorToken });
    expect(foreignFlow.status).toBe(404);
  });
});
