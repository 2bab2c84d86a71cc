// Decisions on the local stack with the real ASL: DynamoDB requests and state transitions per decision
// (from the decision request until the next step is open and its notifications are delivered), split by
// who makes them; and the notification fan-out cost per task as the number of recipients grows.
import type { TenantRole } from '@ismf/core/roles';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_ASSET_POLICY } from '@ismf/assets/rules';
import { devToken } from '@ismf/platform/dev-identity';
import type { createLocalIdentity } from '@ismf/local/identity';
import { currentDataScope, onDynamoRequest } from '@ismf/store/client';
import { flowStack } from './flow-stack.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function decisionFigures(
  root: string,
  endpoint: string,
  identity: Awaited<ReturnType<typeof createLocalIdentity>>,
  options: { decisions: number; fanOut: number[] },
) {
  process.env.ISMF_MAIL_DIR = mkdtempSync(resolve(tmpdir(), 'ismf-bench-mail-'));
  const { relay, flows, server, call } = await flowStack(root, endpoint, identity, 'bench-flows');
  // Runs the event path until the flow waits again (or ended) and no event is left to deliver.
  const settle = async (flowId: string, previousTask?: string) => {
    for (let round = 0; round < 200; round++) {
      await relay.drain();
      const run = flows.execution(flowId);
      const waiting = flows.waitingTasks().find((task) => (task.payload.flow as { flowId: string }).flowId === flowId);
      const taskId = (waiting?.payload.task as { id?: string } | undefined)?.id;
      if ((run && run.status !== 'RUNNING') || (taskId && taskId !== previousTask)) {
        await relay.drain();
        await relay.drain();
        return taskId;
      }
      await new Promise((done) => setTimeout(done, 2));
    }
    throw new Error(`flow ${flowId} did not settle`);
  };

  const byScope = new Map<string, number>();
  let counting = false;
  const stop = onDynamoRequest(() => {
    if (!counting) return;
    const label = currentDataScope()?.label ?? 'relay and local runtime';
    byScope.set(label, (byScope.get(label) ?? 0) + 1);
  });

  const tenant = `bench-flows-${Date.now().toString(36)}`;
  const token = async (user: string, roles: string[]) => (await devToken(identity, { tenant, user, roles: roles as TenantRole[] })).token;
  const requester = await token('requester', ['security-officer']);
  const checker = await token('checker', ['security-officer']);
  const manager = await token('manager', ['manager']);

  const perDecision: Record<string, number>[] = [];
  const transitions: number[] = [];
  for (let n = 0; n < options.decisions; n++) {
    const change = await call('POST', '/asset-policy-changes', requester, {
      policy: { ...DEFAULT_ASSET_POLICY, businessProcesses: [`P${n}`] },
      reason: 'bench',
    });
    const check = await settle(change.flowId);
    const entered = flows.execution(change.flowId)!.states.length;
    byScope.clear();
    counting = true;
    await call('POST', `/approvals/${check}/decision`, checker, { outcome: 'approve' });
    const approve = await settle(change.flowId, check);
    counting = false;
    perDecision.push(Object.fromEntries(byScope));
    transitions.push(flows.execution(change.flowId)!.states.length - entered);
    await call('POST', `/approvals/${approve}/decision`, manager, { outcome: 'approve' });
    await settle(change.flowId, approve);
  }
  const scopes = [...new Set(perDecision.flatMap((entry) => Object.keys(entry)))];
  const requestsPerDecision = Object.fromEntries(scopes.map((scope) => [scope, median(perDecision.map((entry) => entry[scope] ?? 0))]));

  // Fan-out: one approval request reaching N eligible people (one e-mail each).
  const fanOut: Record<string, { recipients: number; dynamoRequests: number; mails: number }> = {};
  for (const recipients of options.fanOut) {
    const team = `bench-fan-${recipients}-${Date.now().toString(36)}`;
    const teamToken = async (user: string, roles: string[]) => (await devToken(identity, { tenant: team, user, roles: roles as TenantRole[] })).token;
    const teamRequester = await teamToken('requester', ['admin']);
    for (let i = 0; i < recipients; i++) await teamToken(`officer-${i}`, ['security-officer']);
    await relay.drain();
    let mails = 0;
    const { onLocalMail } = await import('@ismf/mail/mail-transport');
    const off = onLocalMail(() => mails++);
    byScope.clear();
    counting = true;
    const change = await call('POST', '/asset-policy-changes', teamRequester, { policy: DEFAULT_ASSET_POLICY, reason: 'bench' });
    await settle(change.flowId);
    counting = false;
    off();
    fanOut[`${recipients}`] = { recipients, dynamoRequests: byScope.get('deliverNotification') ?? 0, mails };
  }
  stop();
  await relay.stop();
  await flows.stop();
  await server.close();
  return {
    decisions: options.decisions,
    dynamoRequestsPerDecision: { ...requestsPerDecision, total: Object.values(requestsPerDecision).reduce((sum, count) => sum + count, 0) },
    stateTransitionsPerDecision: median(transitions),
    notificationFanOut: fanOut,
  };
}
