// Decisions people can read, over HTTP on the local stack: the approval shows what a policy change would
// change in the policy in force; the revision task and its mail carry the return reason; mails name the
// requester and the subject in words, say UTC and link into the console, with a text and an HTML part;
// and the audit entry of the policy taking effect names the flow, the decision records and the deciders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASSET_POLICY } from '@ismf/assets/rules';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { mailsTo, type ReadMail } from '../support/mails.ts';
import { owedTask } from '../support/owed.ts';

const CONSOLE = 'https://console.ismf.test';
const UTC_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/;

let api: Api;
const savedAppUrl = process.env.ISMF_APP_URL;
beforeAll(async () => {
  // The console's address, as CDK sets it from the console's domain: every mail links there.
  process.env.ISMF_APP_URL = `${CONSOLE}/`;
  api = await startApi({ events: true });
  api.relay!.start();
});
afterAll(async () => {
  if (savedAppUrl === undefined) delete process.env.ISMF_APP_URL;
  else process.env.ISMF_APP_URL = savedAppUrl;
  await api.close();
});

interface Person {
  email: string;
  token: string;
}

async function organization() {
  const { tenantId, adminToken } = await api.newTenant('words');
  const person = async (local: string, displayName: string, roles: string[]): Promise<Person> => {
    const email = `${local}@${tenantId}.example`;
    const created = await api.call('POST', '/users', { token: adminToken, body: { email, displayName, roles } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { email, token: await api.tokenFor(tenantId, email, roles) };
  };
  return {
    tenantId,
    admin: adminToken,
    dana: await person('dana.weiss', 'Dana Weiss', ['security-officer']),
    sam: await person('sam.checker', 'Sam Checker', ['security-officer']),
    mia: await person('mia.manager', 'Mia Manager', ['manager']),
  };
}

/** The one mail to this person whose subject matches, once delivered. */
function mailTo(person: Person, subject: RegExp): Promise<ReadMail> {
  return eventually(async () => (await mailsTo(api.mailDir!, person.email)).find((mail) => subject.test(mail.subject)), `mail “${subject}” to ${person.email}`);
}

/** Both parts of a mail: the text with the words asked, the HTML with the link as an anchor. */
function expectReadable(mail: ReadMail, link: RegExp) {
  expect(mail.html).toMatch(/^<!DOCTYPE html>/);
  expect(mail.text).toMatch(new RegExp(`Open it in ISMF: ${link.source}`));
  expect(mail.html).toMatch(new RegExp(`<a href="${link.source}">Open it in ISMF</a>`));
  // Every time it prints says UTC.
  for (const time of mail.text.match(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?Z?)?(?: UTC)?/g) ?? []) expect(time).toMatch(UTC_TIME);
}

describe('a policy change people can read', () => {
  it('shows the difference, carries the return reason, names people in words and records who decided what took effect', async () => {
    const org = await organization();
    const proposed = { ...DEFAULT_ASSET_POLICY, businessProcesses: ['Billing'], valuation: { method: 'mean' } };
    const submitted = await api.call('POST', '/asset-policy-changes', { token: org.dana.token, body: { policy: proposed, reason: 'value by the mean' } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const changeId = submitted.body.id as string;
    const flowId = submitted.body.flowId as string;

    // The checker sees what the change would change in the policy in force.
    const check = await owedTask(api, org.sam.token, changeId, 'check');
    const approval = await api.call('GET', `/approvals/${check.id}`, { token: org.sam.token });
    expect(approval.body.difference).toEqual({
      of: 'the asset policy',
      version: 0,
      changes: [
        { path: '/businessProcesses/0', after: 'Billing' },
        { path: '/valuation/method', before: 'highest', after: 'mean' },
      ],
    });

    // The checker's mail: the subject and requester in words, the due time in UTC, the changed paths, the console link.
    const asked = await mailTo(org.sam, /^Decision needed: Check the asset policy change$/);
    expect(asked.toNames).toEqual(['Sam Checker']);
    expect(asked.text).toMatch(/^Hello Sam Checker,\n\n/);
    expect(asked.text).toMatch(
      new RegExp(`An asset policy change by Dana Weiss waits for a decision by the security-officer role \\(step “check”\\), due ${UTC_TIME.source}\\.`),
    );
    expect(asked.text).toContain('It changes the asset policy in force (version 0) at /businessProcesses/0, /valuation/method.');
    expectReadable(asked, new RegExp(`${CONSOLE}/approvals/${check.id}`));
    expect(asked.html).toContain('An asset policy change by Dana Weiss waits');

    // Returned with a reason (markup in it stays text): the revision task and both mails to the author carry it.
    const reason = 'name the <network> processes & their owners';
    expect((await api.call('POST', `/approvals/${check.id}/decision`, { token: org.sam.token, body: { outcome: 'return', reason } })).status).toBe(200);
    const revise = await owedTask(api, org.dana.token, changeId, 'revise');
    const task = await api.call('GET', `/tasks/${revise.id}`, { token: org.dana.token });
    const samId = (await api.call('GET', `/approvals/${check.id}`, { token: org.sam.token })).body.decision.by as string;
    expect(task.body.snapshot.returned).toEqual({ step: 'check', approvalId: check.id, by: samId, reason, at: expect.any(String) });
    expect(task.body.difference.changes).toHaveLength(2);

    const work = await mailTo(org.dana, /^Task for you: Revise the returned asset policy change$/);
    expect(work.text).toMatch(new RegExp(`Sam Checker returned an asset policy change by Dana Weiss at the step “check” on ${UTC_TIME.source}\\.`));
    expect(work.text).toContain(`Reason: “${reason}”`);
    expect(work.text).toMatch(new RegExp(`Please revise it by ${UTC_TIME.source}\\.`));
    expect(work.html).toContain('Reason: “name the &#60;network&#62; processes &#38; their owners”');
    expect(work.html).not.toContain('<network>');
    expectReadable(work, new RegExp(`${CONSOLE}/tasks/${revise.id}`));
    const returned = await mailTo(org.dana, /^Returned for revision: Check the asset policy change$/);
    expect(returned.text).toContain(`Reason: “${reason}”`);
    expect(returned.text).toContain('Requested by Dana Weiss.');
    expectReadable(returned, new RegExp(`${CONSOLE}/asset-policy-changes/${changeId}`));

    // Revised, checked and approved: the policy takes effect.
    const revised = { ...proposed, businessProcesses: ['Billing', 'Network operations'] };
    const completed = await api.call('POST', `/tasks/${revise.id}/completion`, {
      token: org.dana.token,
      body: { result: { policy: revised, note: 'named them' } },
    });
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    const recheck = await owedTask(api, org.sam.token, changeId, 'check');
    expect((await api.call('POST', `/approvals/${recheck.id}/decision`, { token: org.sam.token, body: { outcome: 'approve' } })).status).toBe(200);
    const approve = await owedTask(api, org.mia.token, changeId, 'approve');
    expect((await api.call('POST', `/approvals/${approve.id}/decision`, { token: org.mia.token, body: { outcome: 'approve' } })).status).toBe(200);
    await eventually(async () => {
      const change = await api.call('GET', `/asset-policy-changes/${changeId}`, { token: org.dana.token });
      return change.body.status === 'approved' ? change.body : undefined;
    }, 'the change to take effect');

    const done = await mailTo(org.dana, /^The asset policy change was approved$/);
    expect(done.text).toMatch(new RegExp(`The asset policy change by Dana Weiss was approved on ${UTC_TIME.source}\\.`));
    expectReadable(done, new RegExp(`${CONSOLE}/asset-policy-changes/${changeId}`));

    // The audit entry of the policy taking effect names the flow, each step's decision record and decider.
    const miaId = (await api.call('GET', `/approvals/${approve.id}`, { token: org.mia.token })).body.decision.by as string;
    const history = await api.call('GET', '/audit?entity=asset-policy:current', { token: org.admin });
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    const tookEffect = history.body.items.at(-1);
    expect(tookEffect.operation).toBe('AdvanceFlow');
    expect(tookEffect.reason).toBe(
      `asset policy change ${changeId} approved at every step of flow ${flowId} (approval), to take effect: ` +
        `check approved in approval ${recheck.id} by ${samId}; approve approved in approval ${approve.id} by ${miaId}`,
    );
    const verified = await api.call('GET', '/audit/verify', { token: org.admin });
    expect(verified.body).toMatchObject({ valid: true, brokenCount: 0 });
  });
});
