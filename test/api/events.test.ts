// The event path: outbox → relay → bus → consumers, exactly once in effect, with dead letters and replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCreated } from '@ismf/directory/events';
import { consumerHandler, type BusEvent } from '@ismf/events/consumer-handler';
import { OutboxRelay } from '@ismf/local/outbox-relay';
import { listScheduleRecords } from '@ismf/store/schedule-records';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
const seen: BusEvent[] = [];
const effects = new Map<string, number>();
let failing = true;

beforeAll(async () => {
  api = await startApi({ events: true });
  api.bus!.onEvent((event) => seen.push(event));
  const onUserCreated = { source: ['ismf.organization'], 'detail-type': ['UserCreated'] };
  // A counting consumer and a flaky one, made the way every consumer is made (idempotent by event id).
  const counter = consumerHandler(
    { name: 'testCounter', description: 'counts', handler: '', access: { table: 'write' }, subscribes: [{ event: userCreated }] },
    async ({ detail }) => {
      effects.set(detail.eventId, (effects.get(detail.eventId) ?? 0) + 1);
    },
  );
  const flaky = consumerHandler(
    { name: 'testFlaky', description: 'fails while told to', handler: '', access: { table: 'write' }, subscribes: [{ event: userCreated }] },
    async () => {
      if (failing) throw new Error('downstream unavailable');
    },
  );
  api.bus!.addRoute({ name: 'test-counter', consumer: 'testCounter', pattern: onUserCreated, load: async () => counter });
  api.bus!.addRoute({ name: 'test-flaky', consumer: 'testFlaky', pattern: onUserCreated, load: async () => flaky });
  tenant = await api.newTenant('evt');
  await api.relay!.drain();
});
afterAll(() => api.close());

async function createUser(email: string): Promise<string> {
  const reply = await api.call('POST', '/users', { token: tenant.adminToken, body: { email, displayName: 'Test Person', roles: ['staff'] } });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

const eventsFor = (userId: string) =>
  seen.filter((event) => event['detail-type'] === 'UserCreated' && (event.detail as { data: { userId: string } }).data.userId === userId);

describe('the event path', () => {
  it('puts exactly one event on the bus per committed change, with the catalogue’s schema', async () => {
    const userId = await createUser('one@evt.example');
    await api.relay!.drain();
    await api.relay!.drain();
    const delivered = eventsFor(userId);
    expect(delivered).toHaveLength(1);
    const detail = userCreated.detail.parse(delivered[0]!.detail);
    expect(detail).toMatchObject({ tenantId: tenant.tenantId, version: 1, data: { userId, roles: ['staff'] } });
    expect(delivered[0]).toMatchObject({ source: 'ismf.organization', 'detail-type': 'UserCreated', version: '0' });
    expect(effects.get(detail.eventId)).toBe(1);
  });

  it('delivers what was committed while the relay was down, once it is back', async () => {
    const name = api.relay!['options'].name as string;
    await api.relay!.stop();
    const userId = await createUser('downtime@evt.example');
    const restarted = new OutboxRelay({ root: api.relay!['options'].root, endpoint: process.env.DYNAMODB_ENDPOINT!, bus: api.bus!, name });
    api.relay = restarted;
    await restarted.drain();
    const delivered = eventsFor(userId);
    expect(delivered).toHaveLength(1);
    expect(effects.get((delivered[0]!.detail as { eventId: string }).eventId)).toBe(1);
  });

  it('redelivers a batch cut off before its checkpoint, and consumers still act once', async () => {
    const relay = api.relay!;
    relay.beforeCheckpoint = () => {
      throw new Error('relay killed after delivery, before its checkpoint');
    };
    const userId = await createUser('crash@evt.example');
    await expect(relay.drain()).rejects.toThrow(/killed/);
    await relay.stop();
    const restarted = new OutboxRelay({ root: relay['options'].root, endpoint: process.env.DYNAMODB_ENDPOINT!, bus: api.bus!, name: relay['options'].name });
    api.relay = restarted;
    await restarted.drain();
    const delivered = eventsFor(userId);
    expect(delivered).toHaveLength(2); // the bus saw it twice: at-least-once
    const eventIds = new Set(delivered.map((event) => (event.detail as { eventId: string }).eventId));
    expect(eventIds.size).toBe(1);
    expect(effects.get([...eventIds][0]!)).toBe(1); // the consumer did its work once
  });

  it('keeps an event a consumer keeps failing on as a dead letter, and replays it', async () => {
    failing = true;
    const userId = await createUser('flaky@evt.example');
    await api.relay!.drain();
    const letters = await api.call('GET', '/_local/dlq', { token: api.operator });
    const letter = letters.body.items.find(
      (item: { route: string; event: { detail: { data: { userId: string } } } }) => item.route === 'test-flaky' && item.event.detail.data.userId === userId,
    );
    expect(letter).toMatchObject({ consumer: 'testFlaky', attempts: 3, error: 'downstream unavailable' });
    // The other consumers of the same event were not held up.
    expect(effects.get(letter.event.detail.eventId)).toBe(1);

    failing = false;
    const replay = await api.call('POST', `/_local/dlq/${letter.id}/replay`, { token: api.operator });
    expect(replay.body).toEqual({ id: letter.id, outcome: 'delivered' });
    const after = await api.call('GET', '/_local/dlq', { token: api.operator });
    expect(after.body.items.map((item: { id: string }) => item.id)).not.toContain(letter.id);
    expect((await api.call('POST', `/_local/dlq/${letter.id}/replay`, { token: api.operator })).status).toBe(404);
  });

  it('provisions a tenant’s schedules when it is onboarded and removes them when it is disabled', async () => {
    const fresh = await api.newTenant('sched');
    await api.relay!.drain();
    expect((await listScheduleRecords('seal-audit-digest')).map((record) => record.tenantId)).toContain(fresh.tenantId);
    await api.call('POST', `/tenants/${fresh.tenantId}/disablement`, { token: api.operator, body: { reason: 'test' } });
    await api.relay!.drain();
    expect((await listScheduleRecords('seal-audit-digest')).map((record) => record.tenantId)).not.toContain(fresh.tenantId);
  });
});
