// The API document tells the truth in a shape generated clients can use: every body and response a named
// component, shared entities under one name, no reference to a schema the document does not hold; the
// headers each answer carries; Idempotency-Key on every create; a described tag per documentation group.
import { registry } from '@ismf/app/areas';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { buildOpenApi } from '@ismf/catalogue/openapi';
import { namedSchemas } from '@ismf/catalogue/openapi-schemas';
import { defineOperation, type Operation } from '@ismf/catalogue/operation';
import { toyRegistry } from '../support/toy-area/area.ts';

type Json = Record<string, any>;
const document = buildOpenApi(registry.operations, registry.tags) as Json;
const schemas = document.components.schemas as Record<string, Json>;
const SCHEMA = '#/components/schemas/';

const operations = Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
);
const byId = (id: string) => operations.find(({ operation }) => operation.operationId === id)!.operation;
const resolve = (value: Json): Json =>
  value.$ref
    ? resolve(
        (value.$ref as string)
          .slice(2)
          .split('/')
          .reduce<Json>((node, key) => node[key], document),
      )
    : value;
const responseSchemaRef = (id: string, status: string) => resolve(byId(id).responses[status]).content['application/json'].schema.$ref as string;

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refsIn(item, found);
    }
  }
  return found;
}

describe('named schemas', () => {
  it('refers to every request body and response by $ref to a component the document holds', () => {
    for (const { operation } of operations) {
      const bodies = Object.values((operation.requestBody?.content ?? {}) as Record<string, Json>);
      const answers = Object.values(operation.responses as Record<string, Json>).flatMap((response) =>
        Object.values((resolve(response).content ?? {}) as Record<string, Json>),
      );
      for (const media of [...bodies, ...answers]) {
        expect(Object.keys(media.schema), operation.operationId).toEqual(['$ref']);
        expect(schemas[(media.schema.$ref as string).slice(SCHEMA.length)], media.schema.$ref).toBeDefined();
      }
    }
  });

  it('has no dangling reference, and no component nothing refers to', () => {
    const refs = refsIn(document);
    for (const ref of refs) expect(() => resolve({ $ref: ref }), ref).not.toThrow();
    for (const ref of refs) expect(resolve({ $ref: ref }), ref).toBeDefined();
    const used = new Set(refs.filter((ref) => ref.startsWith(SCHEMA)).map((ref) => ref.slice(SCHEMA.length)));
    expect(Object.keys(schemas).filter((name) => !used.has(name))).toEqual([]);
    for (const kind of ['headers', 'parameters', 'responses']) {
      const prefix = `#/components/${kind}/`;
      const usedHere = new Set(refs.filter((ref) => ref.startsWith(prefix)).map((ref) => ref.slice(prefix.length)));
      expect(
        Object.keys(document.components[kind]).filter((name) => !usedHere.has(name)),
        kind,
      ).toEqual([]);
    }
  });

  it('names the entities, their pages and the problem, each once however many operations answer it', () => {
    for (const name of [
      'Asset',
      'AssetPage',
      'AssetPolicy',
      'AssetPolicyChange',
      'AssetPolicyChangePage',
      'AssetComponent',
      'AssetDependencies',
      'AssetSummary',
      'AuditEntry',
      'AuditEntryPage',
      'Control',
      'ControlPage',
      'ControlDetail',
      'Evidence',
      'Flow',
      'Job',
      'JobPage',
      'MyTasks',
      'NotificationPreferences',
      'OwedItem',
      'PersonRef',
      'Task',
      'TaskDetail',
      'Tenant',
      'TenantPage',
      'User',
      'UserPage',
      'Problem',
      'GatewayUnauthorized',
      'GatewayMessage',
    ]) {
      expect(schemas[name], name).toBeDefined();
    }
    for (const id of ['createAsset', 'getAsset', 'updateAsset', 'retireAsset', 'createAssetReview'])
      expect(responseSchemaRef(id, id === 'createAsset' ? '201' : '200')).toBe(`${SCHEMA}Asset`);
    expect(responseSchemaRef('listAssets', '200')).toBe(`${SCHEMA}AssetPage`);
    expect(schemas.AssetPage!.properties.items.items).toEqual({ $ref: `${SCHEMA}Asset` });
    for (const id of ['getJob', 'cancelJob', 'mergeAsset']) expect(responseSchemaRef(id, id === 'mergeAsset' ? '202' : '200')).toBe(`${SCHEMA}Job`);
    expect(responseSchemaRef('getApproval', '200')).toBe(`${SCHEMA}TaskDetail`);
    expect(responseSchemaRef('decideApproval', '200')).toBe(`${SCHEMA}Task`);
    // Nested entities are references too: the asset's owner, the policy of a change, the tenant's first admin.
    expect(schemas.Asset!.properties.ownerPerson.$ref).toBe(`${SCHEMA}PersonRef`);
    expect(schemas.AssetPolicyChange!.properties.policy.$ref).toBe(`${SCHEMA}AssetPolicy`);
    expect(schemas.CreateTenantResponse!.properties).toMatchObject({ tenant: { $ref: `${SCHEMA}Tenant` }, admin: { $ref: `${SCHEMA}User` } });
    for (const ref of [...Object.values(document.components.responses as Record<string, Json>)].map(
      (response) => response.content['application/problem+json'].schema.$ref,
    )) {
      expect(ref).toBe(`${SCHEMA}Problem`);
    }
  });

  it('names a body or response nobody named after its operation', () => {
    expect(byId('createAsset').requestBody.content['application/json'].schema.$ref).toBe(`${SCHEMA}CreateAssetRequest`);
    expect(responseSchemaRef('health', '200')).toBe(`${SCHEMA}HealthResponse`);
    expect(responseSchemaRef('listAssetComponents', '200')).toBe(`${SCHEMA}ListAssetComponentsPage`);
    expect(byId('importAssets').requestBody.content['text/csv'].schema.$ref).toBe(`${SCHEMA}ImportAssetsCsvRequest`);
    // A new area's schemas, named by nobody, get names all the same.
    const toys = buildOpenApi(toyRegistry.operations, toyRegistry.tags) as Json;
    const propose = toys.paths['/toy-proposals'].post;
    expect(propose.requestBody.content['application/json'].schema.$ref).toBe(`${SCHEMA}ProposeToyRequest`);
    expect(propose.responses['201'].content['application/json'].schema.$ref).toBe(`${SCHEMA}ProposeToyResponse`);
    // Its tag, which it does not describe, is described by its title, in the group of areas without an X.1052 clause.
    expect(toys.tags).toContainEqual({ name: 'toys', description: 'Toys (a test area).' });
    expect(toys['x-tagGroups']).toContainEqual({ name: 'Platform', tags: ['platform', 'toys'] });
  });

  it('names the input of a schema apart where it reads otherwise than its output (defaults, unknown members)', () => {
    // A policy sent in a change may leave out what has a default; a policy answered has every member.
    expect(byId('createAssetPolicyChange').requestBody.content['application/json'].schema.$ref).toBe(`${SCHEMA}CreateAssetPolicyChangeRequest`);
    expect(schemas.CreateAssetPolicyChangeRequest!.properties.policy.$ref).toBe(`${SCHEMA}AssetPolicyInput`);
    expect(schemas.AssetPolicy!.required).toContain('categories');
    expect(schemas.AssetPolicyInput!.required ?? []).not.toContain('categories');
  });
});

describe('naming rules (synthetic operations)', () => {
  const base = {
    area: 'synthetic',
    method: 'POST' as const,
    summary: 's',
    description: 'd',
    handler: 'functions/synthetic.ts',
    callers: { public: true as const },
    clauses: [],
    access: { table: 'none' as const },
    successStatus: 200 as const,
    examples: { response: {} },
  };
  const operation = (name: string, parts: Partial<Operation>): Operation =>
    defineOperation({ ...base, name, path: `/${name}`, response: z.object({}), ...parts });

  it('keeps one name where input and output read alike, and answers the input of another as <name>Input', () => {
    const same = z.strictObject({ a: z.string() }).meta({ id: 'SyntheticSame' });
    const open = z.object({ a: z.string(), b: z.number().default(1) }).meta({ id: 'SyntheticOpen' });
    const named = namedSchemas([operation('syntheticOne', { body: z.strictObject({ same, open }), response: z.object({ same, open }) })]);
    expect(Object.keys(named.schemas).sort()).toEqual(['SyntheticOneRequest', 'SyntheticOneResponse', 'SyntheticOpen', 'SyntheticOpenInput', 'SyntheticSame']);
    expect(named.schemas.SyntheticOneRequest!.properties).toEqual({ same: { $ref: `${SCHEMA}SyntheticSame` }, open: { $ref: `${SCHEMA}SyntheticOpenInput` } });
    expect(named.schemas.SyntheticOneResponse!.properties).toEqual({ same: { $ref: `${SCHEMA}SyntheticSame` }, open: { $ref: `${SCHEMA}SyntheticOpen` } });
  });

  it('refuses two schemas under one name', () => {
    const first = z.object({ a: z.string() }).meta({ id: 'SyntheticTwice' });
    const second = z.object({ b: z.string() }).meta({ id: 'SyntheticTwice' });
    expect(() => namedSchemas([operation('syntheticTwo', { response: first }), operation('syntheticThree', { response: second })])).toThrow(/SyntheticTwice/);
  });

  it('folds an intersection with a named closed object, which would otherwise admit nothing', () => {
    const closed = z.strictObject({ a: z.string() }).meta({ id: 'SyntheticClosed' });
    const named = namedSchemas([
      operation('syntheticFour', { response: closed.and(z.strictObject({ version: z.number() })), body: closed }),
      operation('syntheticFive', { response: closed.and(z.object({ version: z.number() })) }),
    ]);
    expect(named.schemas.SyntheticFourResponse).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, version: { type: 'number' } },
      required: ['a', 'version'],
      additionalProperties: false,
    });
    // With a plain object, the intersection takes other members (zod's intersection refuses a key only if both sides do).
    expect(named.schemas.SyntheticFiveResponse!.additionalProperties).toBeUndefined();
    expect(named.schemas.SyntheticFiveResponse!.allOf).toBeUndefined();
    expect(named.schemas.SyntheticClosed!.additionalProperties).toBe(false);
  });
});

describe('headers and parameters', () => {
  const headers = (id: string, status: string): Json =>
    Object.fromEntries(Object.entries(resolve(byId(id).responses[status]).headers ?? {}).map(([name, value]) => [name, resolve(value as Json)]));

  it('gives every answer its x-request-id, required except where API Gateway answers (401)', () => {
    for (const { operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        const requestId = resolve(resolve(response).headers['x-request-id']);
        expect(requestId.required, `${operation.operationId} ${status}`).toBe(status !== '401' && status !== 'default');
      }
    }
  });

  it('hands out the ETag of a versioned record on its reads and writes, and on a 304', () => {
    expect(headers('getAsset', '200').ETag.required).toBe(true);
    expect(headers('getAsset', '304').ETag.required).toBe(true);
    expect(headers('updateAsset', '200').ETag.required).toBe(true);
    expect(headers('createAsset', '201').ETag.required).toBe(true);
    expect(headers('getAssetPolicy', '200').ETag.required).toBe(true);
    expect(headers('listAssets', '200').ETag).toBeUndefined();
  });

  it('says where a created record or an accepted job is (Location), and where a merged record went (410)', () => {
    expect(headers('createAsset', '201').Location.required).toBe(true);
    expect(headers('createAsset', '200').Location).toBeUndefined(); // a replay created nothing
    expect(headers('createJob', '202').Location.required).toBe(true);
    expect(headers('getAsset', '410').Location.required).toBe(true);
    // Onboarding answers the tenant and its admin: there is no one record to point at.
    expect(headers('createTenant', '201').Location).toBeUndefined();
  });

  it('documents a 401 as our problem and as API Gateway’s own refusal, with WWW-Authenticate', () => {
    const unauthorized = resolve(byId('getAsset').responses['401']);
    expect(Object.keys(unauthorized.content).sort()).toEqual(['application/json', 'application/problem+json']);
    expect(unauthorized.content['application/json'].schema.$ref).toBe(`${SCHEMA}GatewayUnauthorized`);
    expect(schemas.GatewayUnauthorized).toMatchObject({ required: ['message'], properties: { message: { type: 'string' } } });
    expect(headers('getAsset', '401')['WWW-Authenticate']).toMatchObject({ required: false });
  });

  it('takes an Idempotency-Key on every create (201, 202), and If-Match on every versioned change', () => {
    for (const { operation } of operations) {
      const names = (operation.parameters as Json[]).map((parameter) => resolve(parameter).name);
      // A signed webhook is idempotent by its sender's own delivery id (`webhook-id`), which senders already send.
      if (operation.responses['201'] || operation.responses['202'])
        expect(names, operation.operationId).toContain(names.includes('webhook-id') ? 'webhook-id' : 'Idempotency-Key');
      if (operation.responses['428']) expect(names, operation.operationId).toContain('If-Match');
    }
  });

  it('documents what else may come (a 500 of ours, API Gateway’s 429, 503, 504) as every operation’s default, never as a listed status', () => {
    for (const { operation } of operations) {
      expect(operation.responses.default, operation.operationId).toEqual({ $ref: '#/components/responses/Unexpected' });
      expect(operation.responses['500'], operation.operationId).toBeUndefined();
    }
    const unexpected = document.components.responses.Unexpected;
    expect(Object.keys(unexpected.content).sort()).toEqual(['application/json', 'application/problem+json']);
    expect(unexpected.content['application/json'].schema.$ref).toBe(`${SCHEMA}GatewayMessage`);
    expect(unexpected.content['application/problem+json'].example.status).toBe(500);
  });
});

describe('tags and info', () => {
  it('describes every tag an operation has, with the clauses it serves', () => {
    const described = new Map((document.tags as { name: string; description: string }[]).map((tag) => [tag.name, tag.description]));
    for (const { operation } of operations) {
      const tag = operation.tags[0] as string;
      expect(described.get(tag), tag).toBe(registry.tags.find((doc) => doc.name === tag)?.description);
      expect(described.get(tag), tag).toMatch(/X\.105[12]/);
    }
    const grouped = (document['x-tagGroups'] as { tags: string[] }[]).flatMap((group) => group.tags);
    expect(grouped.sort()).toEqual([...described.keys()].sort());
  });

  it('puts approvals, tasks, flows and what is the caller’s own under tags of their own', () => {
    expect(byId('decideApproval').tags).toEqual(['approvals']);
    expect(byId('completeTask').tags).toEqual(['tasks']);
    expect(byId('getFlow').tags).toEqual(['flows']);
    expect(byId('listMyTasks').tags).toEqual(['me']);
    expect(byId('putNotificationPreferences').tags).toEqual(['me']);
    expect(byId('createEvidence').tags).toEqual(['evidence']);
    expect(byId('createTenant').tags).toEqual(['platform']);
  });

  it('is licensed Apache-2.0', () => {
    expect(document.info.license).toEqual({ name: 'Apache-2.0', identifier: 'Apache-2.0' });
  });
});
