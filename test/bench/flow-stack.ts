// The local stack the flow benches run on: the bus, a relay from now on, the flows on the real ASL, the
// server; and a JSON caller that throws on any refusal (a bench measures what succeeds).
import { registry } from '@ismf/app/areas';
import { devTokens } from '@ismf/platform/dev-identity';
import type { createLocalIdentity } from '@ismf/local/identity';
import { LocalBus } from '@ismf/local/local-bus';
import { LocalFlows } from '@ismf/local/local-flows';
import { OutboxRelay } from '@ismf/local/outbox-relay';
import { startLocalServer } from '@ismf/local/server';

export async function flowStack(root: string, endpoint: string, identity: Awaited<ReturnType<typeof createLocalIdentity>>, name: string, pollMs?: number) {
  const bus = new LocalBus({ root, routes: registry.routes });
  const relay = new OutboxRelay({ root, endpoint, bus, name: `${name}-${Date.now()}`, startAt: 'LATEST', ...(pollMs ? { pollMs } : {}) });
  await relay.poll();
  const flows = new LocalFlows(root, registry.flows).install();
  const server = await startLocalServer({ port: 0, identity, root, operations: registry.operations, devTokens, bus, flows });
  const call = async (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await response.json()) as Record<string, any>;
    if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  return { bus, relay, flows, server, call };
}
