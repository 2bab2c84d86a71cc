// A new area plugs in without a line changed in a generic package: the toy area (test/support/toy-area,
// one operation, one event, one job, one subject kind, one owed item) added to the composed registry
// appears in the API document, the local runtime, /me/tasks, the approval flow, the bus, the scheduler
// and the synthesised template.
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@ismf/app/areas';
import { buildRegistry } from '@ismf/area/registry';
import { buildOpenApi } from '@ismf/catalogue/openapi';
import { defineConsumer } from '@ismf/events/consumers';
import { defineEvent } from '@ismf/events/event';
import * as z from 'zod';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { owedTask } from '../support/owed.ts';
import { testApp } from '../infra/app.ts';
import { toyKind, toyRegistry, toysArea } from '../support/toy-area/area.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string };

beforeAll(async () => {
  api = await startApi({ events: true, registry: toyRegistry });
  api.relay!.start();
  tenant = await api.newTenant('toys');
});
afterAll(() => api.close());

describe('an area added to the registry', () => {
  it('is in the API document the running API serves, and only in the registry that names it', async () => {
    const document = await api.call('GET', '/openapi.json');
    expect(document.body.paths['/toy-proposals'].post).toMatchObject({ operationId: 'proposeToy', summary: 'Propose a toy' });
    expect((buildOpenApi(registry.operations) as { paths: Record<string, unknown> }).paths['/toy-proposals']).toBeUndefined();
  });

  it('is served by the local runtime, its answers held to its declaration, its bad input refused naming the field', async () => {
    const created = await api.call('POST', '/toy-proposals', { token: tenant.adminToken, body: { name: 'Kite' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Kite', status: 'proposed', version: 1 });
    const refused = await api.call('POST', '/toy-proposals', { token: tenant.adminToken, body: { name: '' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('body.name');
    const staff = await api.tokenFor(tenant.tenantId, 'staff', ['staff']);
    expect((await api.call('POST', '/toy-proposals', { token: staff, body: { name: 'Yo-yo' } })).status).toBe(403);
  });

  it('sends its event through the outbox relay to the bus, checked against its declaration', async () => {
    const created = await api.call('POST', '/toy-proposals', { token: tenant.adminToken, body: { name: 'Top' } });
    const seen = await eventually(
      async () =>
        api
          .bus!.recentEvents()
          .find((event) => event['detail-type'] === 'ToyProposed' && (event.detail as { data: { toyId: string } }).data.toyId === created.body.id),
      'ToyProposed on the bus',
    );
    expect(seen.source).toBe('ismf.toys');
  });

  it('puts its subjects through the approval flow and its owed items on /me/tasks', async () => {
    const created = await api.call('POST', '/toy-proposals', { token: tenant.adminToken, body: { name: 'Ball' } });
    const manager = await api.tokenFor(tenant.tenantId, 'manager', ['manager']);
    const decision = await owedTask(api, manager, created.body.id, 'approve');
    const approval = await api.call('GET', `/approvals/${decision.id}`, { token: manager });
    expect(approval.body).toMatchObject({ subjectKind: 'toy-proposal', act: toyKind.steps[0]!.act, snapshot: { name: 'Ball' } });
    const decided = await api.call('POST', `/approvals/${decision.id}/decision`, { token: manager, body: { outcome: 'approve' } });
    expect(decided.status).toBe(200);
    const flow = await eventually(async () => {
      const reply = await api.call('GET', `/flows/${created.body.flowId}`, { token: tenant.adminToken });
      return reply.body.status === 'approved' ? reply.body : undefined;
    }, 'the toy flow approved');
    expect(flow.subject).toEqual({ type: 'toy-proposal', id: created.body.id });

    const auditor = await api.tokenFor(tenant.tenantId, 'auditor', ['auditor']);
    const owed = await api.call('GET', '/me/tasks', { token: auditor });
    expect(owed.body.items).toContainEqual(expect.objectContaining({ kind: 'toy-count', title: 'Count the toys' }));
    expect((await api.call('GET', '/me/tasks', { token: manager })).body.items.map((item: { kind: string }) => item.kind)).not.toContain('toy-count');
  });

  it('offers its notification kind among the choices people make, and refuses a kind no area sends', async () => {
    const chosen = await api.call('PUT', '/me/notification-preferences', {
      token: tenant.adminToken,
      body: { notifications: { 'toy-counted': 'daily-digest' } },
    });
    expect(chosen.body).toEqual({ notifications: { 'toy-counted': 'daily-digest' } });
    const refused = await api.call('PUT', '/me/notification-preferences', {
      token: tenant.adminToken,
      body: { notifications: { 'toy-lost': 'daily-digest' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body.notifications.toy-lost' })]);
  });

  it('runs its scheduled job for every tenant, provisioned at onboarding', async () => {
    const runs = await eventually(async () => {
      const reply = await api.call('POST', '/_local/schedules/toy-sweep', { token: api.operator });
      return reply.status === 200 && (reply.body.runs as { tenantId: string }[]).some((run) => run.tenantId === tenant.tenantId) ? reply.body.runs : undefined;
    }, 'the toy-sweep schedule of the tenant');
    expect(runs.find((run: { tenantId: string }) => run.tenantId === tenant.tenantId)).toMatchObject({ ok: true, result: { proposals: 3 } });
  });

  it('is in the synthesised template: its operation in a nested stack of IsmfApi, its job in one of IsmfEvents', () => {
    const built = testApp({ registry: toyRegistry });
    try {
      const api = built.api.operationStacks.find((nested) => nested.node.id === 'Area-toys')!;
      expect(api).toBeDefined();
      Template.fromStack(api).hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /toy-proposals' });
      const events = built.events.areaStacks.find((nested) => nested.node.id === 'Area-toys')!;
      expect(Template.fromStack(events).findResources('AWS::Lambda::Function')).not.toEqual({});
      Template.fromStack(built.events).hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'ismf-toy-sweep' });
    } finally {
      built.dispose();
    }
  });

  it('keeps another tenant out of its records, as every area must', async () => {
    const created = await api.call('POST', '/toy-proposals', { token: tenant.adminToken, body: { name: 'Drum' } });
    const other = await api.newTenant('toys-b');
    const read = await api.call('GET', `/toy-proposals/${created.body.id}`, { token: other.adminToken });
    expect(read.status).toBe(404);
    expect((await api.call('GET', `/toy-proposals/${created.body.id}`, { token: tenant.adminToken })).body).toMatchObject({ name: 'Drum' });
  });

  it('is refused by the registry when it clashes with another area, claims another area, or subscribes to an undeclared event', () => {
    expect(() => buildRegistry([...registry.areas, toysArea, toysArea])).toThrow('two areas are named toys');
    const clash = { ...toysArea, area: 'toys-again', operations: toysArea.operations.map((operation) => ({ ...operation, area: 'toys-again' })) };
    expect(() => buildRegistry([...registry.areas, toysArea, clash])).toThrow('two operations are named proposeToy');
    const claiming = { ...toysArea, operations: toysArea.operations.map((operation) => ({ ...operation, area: 'assets' })) };
    expect(() => buildRegistry([...registry.areas, claiming])).toThrow('operation proposeToy says area assets but is declared by toys');
    const stray = defineEvent({ detailType: 'ToyLost', source: 'ismf.toys', description: 'not declared', clauses: [], data: z.strictObject({}) });
    const listening = {
      ...toysArea,
      consumers: [defineConsumer({ name: 'toyFinder', description: 'x', handler: 'x.ts', access: { table: 'none' }, subscribes: [{ event: stray }] })],
    };
    expect(() => buildRegistry([...registry.areas, listening])).toThrow('consumer toyFinder subscribes to ToyLost, which no area declares');
    // The API document's tags: an operation's tag must be described by an area, and once.
    const untagged = { ...toysArea, operations: toysArea.operations.map((operation) => ({ ...operation, tag: 'playroom' })) };
    expect(() => buildRegistry([...registry.areas, untagged])).toThrow('operation proposeToy carries tag playroom, which no area describes');
    const twice = { ...toysArea, tags: [{ name: 'assets', description: 'toys as assets', group: 'Platform' }] };
    expect(() => buildRegistry([...registry.areas, twice])).toThrow('two tags are named assets');
  });
});
