// Puts an asset policy in force the only way there is: a change, checked by a security officer and
// approved by a manager, through the local flow. Works whether the relay runs or is drained by hand.
import { expect } from 'vitest';
import type { Api } from './api.ts';
import { eventually } from './eventually.ts';
import { owedTask } from './owed.ts';

export async function approvedPolicyChange(api: Api, tenantId: string, requester: string, policy: Record<string, unknown>) {
  const submitted = await api.call('POST', '/asset-policy-changes', { token: requester, body: { policy, reason: 'test policy' } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  const checker = await api.tokenFor(tenantId, 'policy-checker', ['security-officer']);
  const manager = await api.tokenFor(tenantId, 'policy-manager', ['manager']);
  for (const [token, step] of [
    [checker, 'check'],
    [manager, 'approve'],
  ] as const) {
    const task = await owedTask(api, token, submitted.body.id, step, { drain: true });
    const decided = await api.call('POST', `/approvals/${task.id}/decision`, { token, body: { outcome: 'approve' } });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  }
  return eventually(async () => {
    await api.relay!.drain();
    const change = await api.call('GET', `/asset-policy-changes/${submitted.body.id}`, { token: requester });
    return change.body.status === 'approved' ? change.body : undefined;
  }, 'the policy change to take effect');
}
