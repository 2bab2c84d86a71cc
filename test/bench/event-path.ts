// The event path's figures: commit-to-consumer latency through the local relay and bus (median, p99),
// and events per second through the relay when a backlog is drained.
import { consumerHandler } from '@ismf/events/consumer-handler';
import { userCreated } from '@ismf/directory/events';
import { newId } from '@ismf/core/ids';
import { LocalBus } from '@ismf/local/local-bus';
import { OutboxRelay } from '@ismf/local/outbox-relay';
import { defineEntity } from '@ismf/store/entity-model';
import { UnitOfWork } from '@ismf/store/unit-of-work';

const benchItem = defineEntity<{ n: number }>()({ type: 'bench-item', description: 'a record committed to time the event path', audited: true });

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;

export async function eventPathFigures(root: string, endpoint: string, options: { latencySamples: number; backlog: number; pollMs: number }) {
  const tenantId = 'bench-events';
  const arrivals = new Map<string, number>();
  const bus = new LocalBus({ root, routes: [] });
  const probe = consumerHandler(
    { name: 'benchProbe', description: 'records arrival', handler: '', access: { table: 'write' }, subscribes: [{ event: userCreated }] },
    async ({ detail }) => {
      arrivals.set((detail.data as { userId: string }).userId, performance.now());
    },
  );
  bus.addRoute({ name: 'bench-probe', consumer: 'benchProbe', pattern: { 'detail-type': ['UserCreated'] }, load: async () => probe });
  const commit = async () => {
    const userId = newId();
    const work = new UnitOfWork({ actor: { userId: 'bench', roles: ['admin'] }, operation: 'bench' });
    work.create(benchItem, tenantId, userId, { n: 1 });
    work.event(userCreated.of(tenantId, { userId, roles: ['staff'] }));
    await work.commit();
    return { userId, committedAt: performance.now() };
  };

  // Latency: one commit at a time, the relay polling as npm start runs it (with the given idle poll).
  const relay = new OutboxRelay({ root, endpoint, bus, name: `bench-${Date.now()}`, startAt: 'LATEST', pollMs: options.pollMs });
  await relay.poll();
  relay.start();
  const latencies: number[] = [];
  for (let i = 0; i < options.latencySamples; i++) {
    const { userId, committedAt } = await commit();
    while (!arrivals.has(userId)) await new Promise((done) => setTimeout(done, 1));
    latencies.push(arrivals.get(userId)! - committedAt);
  }
  await relay.stop();

  // Throughput: a backlog committed while no relay runs, then drained by a fresh relay.
  const backlogRelay = new OutboxRelay({ root, endpoint, bus, name: `bench-backlog-${Date.now()}`, startAt: 'LATEST' });
  await backlogRelay.poll();
  for (let i = 0; i < options.backlog; i += 10) await Promise.all(Array.from({ length: Math.min(10, options.backlog - i) }, commit));
  const started = performance.now();
  await backlogRelay.drain();
  const seconds = (performance.now() - started) / 1000;
  await backlogRelay.stop();
  return {
    commitToConsumerMs: {
      median: Number(percentile(latencies, 0.5).toFixed(2)),
      p99: Number(percentile(latencies, 0.99).toFixed(2)),
      samples: latencies.length,
      relayIdlePollMs: options.pollMs,
    },
    relayEventsPerSecond: Number((backlogRelay.delivered / seconds).toFixed(1)),
    relayBacklog: backlogRelay.delivered,
  };
}
