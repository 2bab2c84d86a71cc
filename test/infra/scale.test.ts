// The cloud for a catalogue ten times today's: 350 synthetic operations over the nine areas, several HTTP
// APIs behind one custom domain. Every stack stays under 400 resources, every API under 300 routes, and
// every operation is reachable at its public path.
import { registry } from '@ismf/app/areas';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ROUTES_PER_API, routeClash, selectMappingKey } from '../../infra/api-split.ts';
import { apisOf, figuresOf, stacksOf, type InfraFigures, type TemplateApi } from '../../infra/figures.ts';
import { testApp } from './app.ts';
import { AREAS, syntheticOperations } from './synthetic-catalogue.ts';

const COUNT = 350;
const DOMAIN = 'api.example.com';
// A regional API domain's certificate lives in the stacks' region (buildApp's default, unless the environment says).
const REGION = process.env.CDK_DEFAULT_REGION ?? 'eu-west-1';
const certificateIn = (region: string) => `arn:aws:acm:${region}:123456789012:certificate/11111111-2222-3333-4444-555555555555`;
const CERTIFICATE = certificateIn(REGION);
const ALARM_EMAIL = 'ops@example.com';
const operations = syntheticOperations(COUNT);

let built: ReturnType<typeof testApp>;
let figures: InfraFigures;
let apis: TemplateApi[];
let api: Template;

beforeAll(() => {
  built = testApp({ registry: { ...registry, operations }, context: { apiDomainName: DOMAIN, apiCertificateArn: CERTIFICATE, alarmEmail: ALARM_EMAIL } });
  figures = figuresOf(built);
  apis = apisOf(built.api);
  api = Template.fromStack(built.api);
}, 180_000);
afterAll(() => built?.dispose());

describe(`the cloud for ${COUNT} operations`, () => {
  it('is built from a catalogue spread over today’s areas and the five to come, every name and route once', () => {
    expect(operations).toHaveLength(COUNT);
    expect(AREAS).toHaveLength(registry.areas.length + 5);
    const perArea = AREAS.map((area) => operations.filter((operation) => operation.area === area).length);
    expect(Math.min(...perArea)).toBeGreaterThanOrEqual(Math.floor(COUNT / AREAS.length));
    expect(new Set(operations.map((operation) => operation.name)).size).toBe(COUNT);
    expect(new Set(operations.map((operation) => `${operation.method} ${operation.path}`)).size).toBe(COUNT);
  });

  it('keeps every stack, nested ones included, under 400 resources, with a nested stack per area', () => {
    expect(built.api.operationStacks.map((nested) => nested.node.id).sort()).toEqual(AREAS.map((area) => `Area-${area}`).sort());
    expect(figures.stacks.length).toBe(stacksOf(built.app).length);
    for (const { stack, resources } of figures.stacks) expect(resources, stack).toBeLessThan(400);
    expect(figures.stacks.reduce((sum, stack) => sum + stack.resources, 0)).toBeGreaterThan(COUNT * 7);
  });

  it('needs several HTTP APIs, none with more than 300 routes, the first one full', () => {
    expect(figures.apiCount).toBeGreaterThan(1);
    expect(figures.apiCount).toBe(built.api.plan.apis.length);
    for (const { api: id, routes } of figures.apis) expect(routes, id).toBeLessThanOrEqual(MAX_ROUTES_PER_API);
    expect(figures.apis.reduce((sum, entry) => sum + entry.routes, 0)).toBe(COUNT);
    expect(figures.apis[0]!.mappingKeys).toEqual(['']);
    expect(figures.apis[0]!.routes).toBeGreaterThan(MAX_ROUTES_PER_API - 10);
  });

  it('puts every operation on exactly one route of exactly one API, reachable at its public path through the domain', () => {
    const keys = apis.flatMap((entry) => entry.mappingKeys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((key) => key === '')).toHaveLength(1);
    const routeOf = new Map(apis.flatMap((entry) => entry.routes.map((route) => [`${route.stack} ${route.functionId}`, { ...route, api: entry }])));
    expect(routeOf.size).toBe(COUNT);
    for (const operation of operations) {
      const fn = built.api.functions.get(operation.name)!;
      const nested = Stack.of(fn);
      const routes = apis.flatMap((entry) =>
        entry.routes.filter((route) => route.stack === nested.node.path && route.functionId === nested.getLogicalId(fn.function.node.defaultChild as never)),
      );
      expect(routes, operation.name).toHaveLength(1);
      const { api: served } = routeOf.get(`${nested.node.path} ${routes[0]!.functionId}`)!;

      // API Gateway picks the longest matching mapping key, strips it, then routes what is left.
      const key = selectMappingKey(operation.path, keys)!;
      // Domains with multi-level mappings match keys by character prefix: the plan leaves no difference.
      const byCharacters = keys.filter((candidate) => operation.path.slice(1).startsWith(candidate)).sort((a, b) => b.length - a.length)[0];
      expect(byCharacters, operation.path).toBe(key);
      expect(served.mappingKeys, operation.path).toContain(key);
      const rest = key === '' ? operation.path : operation.path.slice(key.length + 1) || '/';
      expect(routes[0]!.routeKey, operation.path).toBe(`${operation.method} ${rest}`);
      expect(key === '' ? rest : `/${key}${rest === '/' ? '' : rest}`).toBe(operation.path);
    }
  });

  it('registers no clashing routes on any API', () => {
    for (const entry of apis) {
      const routes = entry.routes.map((route) => {
        const [method, path] = route.routeKey.split(' ') as [string, string];
        return { method, path };
      });
      expect(new Set(routes.map(({ method, path }) => `${method} ${path.replace(/\{[^}]+\}/g, '{}')}`)).size, entry.logicalId).toBe(routes.length);
      expect(routeClash(routes), entry.logicalId).toBeUndefined();
    }
  });

  it('joins the APIs behind the custom domain: the first at the empty mapping, every other root by name', () => {
    api.resourceCountIs('AWS::ApiGatewayV2::DomainName', 1);
    api.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: DOMAIN,
      DomainNameConfigurations: [{ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    const mappings = Object.values(api.findResources('AWS::ApiGatewayV2::ApiMapping')).map((mapping) => mapping.Properties);
    expect(mappings).toHaveLength(built.api.plan.apis.reduce((sum, planned) => sum + planned.mappingKeys.length, 0));
    for (const mapping of mappings) expect(mapping.Stage).toBe('$default');
    built.api.plan.apis.forEach((planned, index) => {
      const apiId = built.api.getLogicalId(built.api.apis[index]!.node.defaultChild as never);
      expect(apis[index]!.logicalId).toBe(apiId);
      expect(apis[index]!.mappingKeys.sort()).toEqual([...planned.mappingKeys].sort());
      if (index > 0) expect(planned.mappingKeys).toEqual(planned.roots);
    });
    // The domain is the one way in.
    for (const resource of Object.values(api.findResources('AWS::ApiGatewayV2::Api'))) expect(resource.Properties.DisableExecuteApiEndpoint).toBe(true);
    // The URL the deploy guide reads is the domain's, under the same export as without one.
    api.hasOutput('ApiUrl', { Value: `https://${DOMAIN}`, Export: { Name: 'Ismf-ApiUrl' } });
    api.hasOutput('ApiDomainTarget', {});
    api.hasOutput('ApiDomainHostedZoneId', {});
  });

  it('gives every API its own $default stage with throttling and access logs, a JWT authorizer where a route needs one, and a 5xx alarm', () => {
    const stages = Object.values(api.findResources('AWS::ApiGatewayV2::Stage')).map((stage) => stage.Properties);
    const alarms = Object.values(api.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: '5xx' } })).map((alarm) => alarm.Properties);
    const authorizers = Object.values(api.findResources('AWS::ApiGatewayV2::Authorizer')).map((authorizer) => authorizer.Properties);
    for (const httpApi of built.api.apis) {
      const ref = { Ref: built.api.getLogicalId(httpApi.node.defaultChild as never) };
      const stage = stages.filter((candidate) => JSON.stringify(candidate.ApiId) === JSON.stringify(ref));
      expect(stage).toHaveLength(1);
      expect(stage[0]).toMatchObject({
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      });
      expect(stage[0]!.AccessLogSettings.DestinationArn).toBeDefined();
      expect(
        alarms.filter(
          (alarm) =>
            JSON.stringify(alarm.Dimensions) ===
            JSON.stringify([
              { Name: 'ApiId', Value: ref },
              { Name: 'Stage', Value: '$default' },
            ]),
        ),
      ).toHaveLength(1);
      // An API whose routes are all public (the health check, the API document) has no use for one.
      const planned = built.api.plan.apis[built.api.apis.findIndex((candidate) => candidate === httpApi)]!;
      const guarded = planned.routes.filter((route) => !('public' in operations.find((operation) => operation.name === route.operation)!.callers));
      expect(authorizers.filter((authorizer) => JSON.stringify(authorizer.ApiId) === JSON.stringify(ref) && authorizer.AuthorizerType === 'JWT')).toHaveLength(
        guarded.length ? 1 : 0,
      );
    }
  });

  it('subscribes the alarmEmail address to the alarm topic', () => {
    const data = Template.fromStack(built.data);
    data.resourceCountIs('AWS::SNS::Subscription', 1);
    data.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: ALARM_EMAIL,
      TopicArn: { Ref: built.data.getLogicalId(built.data.alarmTopic.node.defaultChild as never) },
    });
  });

  it('finds nothing unacknowledged by cdk-nag at this scale', () => {
    // The synthesis in beforeAll ran the checks (a finding throws there); this one is its cached result.
    expect(() => built.app.synth()).not.toThrow();
    expect(figures.stacks.length).toBeGreaterThan(AREAS.length);
  });

  it('refuses to synthesize several APIs without a custom domain, naming the context keys', () => {
    expect(() => testApp({ registry: { ...registry, operations } })).toThrow(/apiDomainName and apiCertificateArn/);
  });

  it('refuses a certificate from another region than the API domain’s', () => {
    const elsewhere = REGION === 'us-east-1' ? 'eu-west-1' : 'us-east-1';
    expect(() => testApp({ registry: { ...registry, operations }, context: { apiDomainName: DOMAIN, apiCertificateArn: certificateIn(elsewhere) } })).toThrow(
      new RegExp(`certificate in ${REGION}`),
    );
  });
});
