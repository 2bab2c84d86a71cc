import { registry } from '@ismf/app/areas';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTenantFacing } from '@ismf/store/tenant-access';
import { MAX_ROUTES_PER_API } from '../../infra/api-split.ts';
import { alarmEmail, apiDomain } from '../../infra/build-app.ts';
import { READ_ACTIONS, WRITE_ACTIONS } from '../../infra/constructs/ismf-function.ts';
import { apisOf, figuresOf, stacksOf, templateOf, type CfnTemplate } from '../../infra/figures.ts';
import { MAX_OPERATIONS_PER_NESTED_STACK, operationGroups } from '../../infra/stacks/operations-stack.ts';
import { testApp } from './app.ts';
import { corsOrigins } from '@ismf/http/cors';

const { operations, consumers, jobs: scheduledJobs } = registry;

let built: ReturnType<typeof testApp>;
let data: Template;
let api: Template;
/** The templates of the API stack's nested stacks (one per area), by stack. */
let operationTemplates: Map<Stack, Template>;

beforeAll(() => {
  built = testApp();
  data = Template.fromStack(built.data);
  api = Template.fromStack(built.api);
  operationTemplates = new Map(built.api.operationStacks.map((nested) => [nested as Stack, Template.fromStack(nested)]));
}, 120_000);
afterAll(() => built.dispose());

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleLogicalId }]) },
  });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (statement: Statement) => [statement.Action].flat();

describe('the data stack', () => {
  it('has the single table with its keys, indexes, PITR, the platform key, deletion protection and a stream', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      GlobalSecondaryIndexes: [1, 2, 3, 4, 5, 6].map((n) =>
        Match.objectLike({
          IndexName: `GSI${n}`,
          KeySchema: [
            { AttributeName: `gsi${n}pk`, KeyType: 'HASH' },
            { AttributeName: `gsi${n}sk`, KeyType: 'RANGE' },
          ],
        }),
      ),
    });
    data.resourceCountIs('AWS::KMS::Key', 2);
    data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, KeySpec: Match.absent() });
    data.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
  });
});

describe('the tenant data-access role', () => {
  const role = () => {
    const roles = data.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('tenant data access') } });
    expect(Object.keys(roles)).toHaveLength(1);
    return Object.entries(roles)[0]!;
  };

  it('expires job files (uploads, error files, exports) 7 days after they were written, by their retention tag', () => {
    const buckets = Object.values(data.findResources('AWS::S3::Bucket')).filter((bucket) => bucket.Properties.VersioningConfiguration);
    expect(buckets).toHaveLength(1);
    const rules = buckets[0]!.Properties.LifecycleConfiguration.Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Id: 'job-files',
          Status: 'Enabled',
          ExpirationInDays: 7,
          TagFilters: [{ Key: 'ismf-retention', Value: 'job-file' }],
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        }),
        expect.objectContaining({ Id: 'unfinished-uploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
      ]),
    );
  });

  it('reaches table items only under the session tag’s tenant prefix, and objects only under its S3 prefix', () => {
    const [roleId] = role();
    const statements = statementsOfRole(data, roleId);
    const dynamo = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const statement of dynamo) {
      expect(statement.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['${aws:PrincipalTag/tenantId}#*'] } });
      expect(actionsOf(statement)).not.toContain('dynamodb:Scan');
    }
    const s3 = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')));
    expect(s3.length).toBe(2);
    // Evidence is read at the version that was completed: the bucket is versioned.
    expect(s3.flatMap(actionsOf)).toEqual(expect.arrayContaining(['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectTagging']));
    for (const statement of s3) {
      const scoped =
        JSON.stringify(statement.Resource).includes('/${aws:PrincipalTag/tenantId}/*') ||
        JSON.stringify(statement.Condition ?? {}).includes('${aws:PrincipalTag/tenantId}/*');
      expect(scoped, JSON.stringify(statement)).toBe(true);
    }
  });

  it('may be assumed only by ISMF’s tagged functions, and only with the tenantId tag', () => {
    const [, resource] = role();
    const trust = resource.Properties.AssumeRolePolicyDocument.Statement as {
      Action: string;
      Principal: unknown;
      Condition: Record<string, Record<string, unknown>>;
    }[];
    expect(trust.map((statement) => statement.Action).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    for (const statement of trust) {
      expect(statement.Condition.StringEquals).toEqual({ 'aws:PrincipalTag/ismf-tenant-access': 'true' });
      expect(statement.Condition.StringLike).toEqual({ 'aws:RequestTag/tenantId': '?*' });
      expect(statement.Condition['ForAllValues:StringEquals']).toEqual({ 'aws:TagKeys': ['tenantId'] });
    }
  });
});

describe('the API stack', () => {
  it('puts the JWT authorizer on every route but health, the API document and the signed webhooks', () => {
    // The routes live in the areas' nested stacks; the authorizer and the stage in the API stack.
    const routes = [...operationTemplates.values()].flatMap((template) => Object.values(template.findResources('AWS::ApiGatewayV2::Route')));
    expect(routes).toHaveLength(operations.length);
    for (const route of routes) {
      const key = route.Properties.RouteKey as string;
      // A vendor's webhook carries no user token: its signature authenticates (the handler verifies it).
      if (key === 'GET /health' || key === 'GET /openapi.json' || key === 'POST /webhooks/{tenantId}/{sourceId}')
        expect(route.Properties.AuthorizationType, key).toBe('NONE');
      else {
        expect(route.Properties.AuthorizationType, key).toBe('JWT');
        expect(route.Properties.AuthorizerId, key).toEqual({ Ref: expect.stringMatching(/TokenAuthorizer/) });
      }
    }
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }) });
  });

  it('puts each area’s operations in a nested stack of its own, and nothing else there', () => {
    const areas = [...new Set(operations.map((operation) => operation.area))];
    expect(built.api.operationStacks.map((nested) => nested.node.id)).toEqual(areas.map((area) => `Area-${area}`));
    for (const operation of operations) {
      const nested = Stack.of(built.api.functions.get(operation.name)!);
      expect(nested.nestedStackParent, operation.name).toBe(built.api);
      expect(nested.node.id, operation.name).toBe(`Area-${operation.area}`);
    }
    expect([...built.api.functions.keys()].sort()).toEqual(operations.map((operation) => operation.name).sort());
    api.resourceCountIs('AWS::Lambda::Function', 0);
    api.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    api.resourceCountIs('AWS::CloudFormation::Stack', areas.length);
  });

  it('cuts an area into more nested stacks only past the per-stack maximum', () => {
    const asset = operations.find((operation) => operation.area === 'assets')!;
    const many = Array.from({ length: MAX_OPERATIONS_PER_NESTED_STACK + 1 }, (_, index) => ({ ...asset, name: `op${index}` }));
    const groups = operationGroups([operations[0]!, ...many]);
    expect(groups.map((group) => [group.id, group.operations.length])).toEqual([
      [`Area-${operations[0]!.area}`, 1],
      ['Area-assets', MAX_OPERATIONS_PER_NESTED_STACK],
      ['Area-assets-2', 1],
    ]);
  });

  it('makes one function per operation on the newest Node.js runtime, arm64, with its own log group', () => {
    const functions = [...operationTemplates.values()].flatMap((template) => Object.values(template.findResources('AWS::Lambda::Function')));
    expect(functions).toHaveLength(operations.length);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
    for (const template of [api, ...operationTemplates.values()]) {
      for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
      expect(Object.values(template.findResources('AWS::IAM::Role')).every((role) => !role.Properties.ManagedPolicyArns)).toBe(true);
    }
  });

  it('gives tenant-facing functions no data access of their own, and platform functions exactly what they declare', () => {
    for (const operation of operations) {
      const fn = built.api.functions.get(operation.name)!;
      const nested = Stack.of(fn);
      const template = operationTemplates.get(nested)!;
      const tableArn = nested.resolve(built.data.table.tableArn);
      const functions = template.findResources('AWS::Lambda::Function');
      const roles = template.findResources('AWS::IAM::Role');
      const roleId = nested.getLogicalId(fn.role.node.defaultChild as never);
      const statements = statementsOfRole(template, roleId);
      const dynamo = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));
      const assume = statements.filter((statement) => actionsOf(statement).includes('sts:AssumeRole'));
      const env = functions[nested.getLogicalId(fn.function.node.defaultChild as never)]!.Properties.Environment.Variables;
      const tags = (roles[roleId]!.Properties.Tags ?? []) as { Key: string; Value: string }[];
      if (isTenantFacing(operation.access)) {
        expect(dynamo, operation.name).toEqual([]);
        expect(assume, operation.name).toHaveLength(1);
        expect(actionsOf(assume[0]!).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
        expect(JSON.stringify(assume[0]!.Resource)).toContain('TenantDataRole');
        expect(env.TENANT_DATA_ROLE_ARN, operation.name).toBeDefined();
        expect(tags).toContainEqual({ Key: 'ismf-tenant-access', Value: 'true' });
      } else {
        expect(assume, operation.name).toEqual([]);
        expect(tags).not.toContainEqual({ Key: 'ismf-tenant-access', Value: 'true' });
        if (operation.access.table === 'none') expect(dynamo, operation.name).toEqual([]);
        else {
          expect(operation.access.crossTenant?.length ?? 0, `${operation.name} states why it crosses tenants`).toBeGreaterThan(20);
          expect(dynamo, operation.name).toHaveLength(1);
          expect(actionsOf(dynamo[0]!).sort(), operation.name).toEqual([...(operation.access.table === 'write' ? WRITE_ACTIONS : READ_ACTIONS)].sort());
          const resources = [dynamo[0]!.Resource].flat();
          expect(resources).toHaveLength(1 + (operation.access.indexes?.length ?? 0));
          expect(JSON.stringify(resources)).toContain(JSON.stringify(tableArn).slice(1, -1));
          expect(JSON.stringify(resources)).not.toContain('*');
        }
      }
      const cognito = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('cognito-idp:')));
      expect(cognito.flatMap(actionsOf).sort(), operation.name).toEqual([...(operation.access.identityProvider ?? [])].sort());
      const signing = statements.flatMap(actionsOf).filter((action) => action === 'kms:Sign' || action === 'kms:GetPublicKey');
      const expected = operation.access.signing === 'sign' ? ['kms:Sign'] : operation.access.signing === 'verify' ? ['kms:GetPublicKey'] : [];
      expect(signing, operation.name).toEqual(expected);
    }
  });

  it('lets no app client write the tenant claim, and fixes it at creation', () => {
    api.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: 'tenant_id', Mutable: false })]),
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    const clients = Object.values(api.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients.length).toBeGreaterThan(0);
    for (const client of clients) {
      expect(client.Properties.WriteAttributes).toBeDefined();
      expect(client.Properties.WriteAttributes).not.toContain('custom:tenant_id');
    }
    const groups = Object.values(api.findResources('AWS::Cognito::UserPoolGroup')).map((group) => group.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'asset-owner', 'auditor', 'isirt', 'manager', 'platform-operator', 'security-officer', 'staff']);
  });

  it('keeps every stack under 400 resources', () => {
    const stacks = stacksOf(built.app);
    expect(stacks.filter((stack) => stack.nestedStackParent).length).toBeGreaterThan(0);
    for (const stack of stacks) expect(Object.keys(templateOf(stack).Resources).length, stack.node.path).toBeLessThan(400);
  });

  it('serves the whole catalogue from one HTTP API at full paths while it fits, with no custom domain', () => {
    const figures = figuresOf(built);
    expect(operations.length).toBeLessThanOrEqual(MAX_ROUTES_PER_API);
    expect(figures.apiCount).toBe(1);
    expect(figures.apis).toEqual([{ api: built.api.getLogicalId(built.api.api.node.defaultChild as never), mappingKeys: [''], routes: operations.length }]);
    const [only] = apisOf(built.api);
    const fnId = (name: string) => Stack.of(built.api.functions.get(name)!).getLogicalId(built.api.functions.get(name)!.function.node.defaultChild as never);
    expect(only!.routes.map((route) => [route.routeKey, route.functionId]).sort()).toEqual(
      operations.map((operation) => [`${operation.method} ${operation.path}`, fnId(operation.name)]).sort(),
    );
    api.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    api.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    api.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 0);
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'ismf', DisableExecuteApiEndpoint: Match.absent() });
    api.hasOutput('ApiUrl', { Value: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ Ref: only!.logicalId }])] }) });
  });

  it('takes the custom domain from context, both keys or neither', () => {
    const context = (values: Record<string, string>) => new App({ context: values });
    const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    expect(apiDomain(context({}))).toBeUndefined();
    expect(apiDomain(context({ apiDomainName: 'API.example.com', apiCertificateArn: certificateArn }))).toEqual({ name: 'api.example.com', certificateArn });
    expect(() => apiDomain(context({ apiDomainName: 'api.example.com' }))).toThrow(/apiDomainName and apiCertificateArn/);
    expect(() => apiDomain(context({ apiCertificateArn: certificateArn }))).toThrow(/apiDomainName and apiCertificateArn/);
    expect(() => apiDomain(context({ apiDomainName: 'not a domain', apiCertificateArn: certificateArn }))).toThrow(/apiDomainName/);
    expect(() => apiDomain(context({ apiDomainName: 'api.example.com', apiCertificateArn: 'arn:aws:iam::123456789012:role/x' }))).toThrow(/apiCertificateArn/);
  });

  it('answers cross-origin calls from the console only, and from the origins context adds', () => {
    // Default: the console's origin alone (its CloudFront domain, from IsmfConsole).
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'ismf', CorsConfiguration: Match.objectLike({ AllowOrigins: [Match.anyValue()] }) });
    expect(JSON.stringify(Object.values(api.findResources('AWS::ApiGatewayV2::Api'))[0]!.Properties.CorsConfiguration.AllowOrigins)).toContain(
      'IsmfConsole:ExportsOutputFnGetAttDistribution',
    );
    const withConsole = testApp({
      context: {
        corsOrigins: 'https://console.acme-telecom.example,http://localhost:5173',
        consoleDomainName: 'console.acme-telecom.example',
        consoleCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
      },
    });
    try {
      Template.fromStack(withConsole.api).hasResourceProperties('AWS::ApiGatewayV2::Api', {
        Name: 'ismf',
        CorsConfiguration: {
          // The console's own origin once, whether or not context names it too.
          AllowOrigins: ['https://console.acme-telecom.example', 'http://localhost:5173'],
          AllowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
          AllowHeaders: Match.arrayWith(['authorization', 'if-match', 'idempotency-key']),
          ExposeHeaders: Match.arrayWith(['etag', 'location', 'x-request-id']),
          MaxAge: 3600,
        },
      });
    } finally {
      withConsole.dispose();
    }
    expect(() => corsOrigins('*')).toThrow(/scheme, host and optional port/);
    expect(corsOrigins('https://A.example, http://localhost:5173')).toEqual(['https://a.example', 'http://localhost:5173']);
  });
});

describe('tracing and alarms', () => {
  const templates = () => stacksOf(built.app).map((stack) => ({ stack, template: templateOf(stack) }));
  const ofType = (template: CfnTemplate, type: string) => Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
  // Every function but CDK's own deployment function (IsmfConsoleSite's BucketDeployment), which runs only while
  // CloudFormation deploys the console's files: a failure there fails the deployment, which is its alarm.
  const isCdkDeploymentFunction = (id: string) => id.startsWith('CustomCDKBucketDeployment');
  const ismfFunctions = (template: CfnTemplate) => ofType(template, 'AWS::Lambda::Function').filter(([id]) => !isCdkDeploymentFunction(id));
  const topicIn = (stack: Stack) => stack.resolve(built.data.alarmTopic.topicArn);

  it('traces every Lambda function of every stack, nested ones included, with X-Ray', () => {
    let count = 0;
    for (const { stack, template } of templates()) {
      for (const [id, fn] of ismfFunctions(template)) {
        expect(fn.Properties.TracingConfig, `${stack.node.path}/${id}`).toEqual({ Mode: 'Active' });
        count += 1;
      }
    }
    expect(count).toBeGreaterThanOrEqual(operations.length + consumers.length + scheduledJobs.length);
  });

  it('holds "*" in a function role only for X-Ray, whose actions take no resource', () => {
    for (const { stack, template } of templates()) {
      const functionRoles = new Set(ismfFunctions(template).map(([, fn]) => fn.Properties.Role['Fn::GetAtt'][0] as string));
      for (const [id, policy] of ofType(template, 'AWS::IAM::Policy')) {
        if (!(policy.Properties.Roles as { Ref: string }[]).some((role) => functionRoles.has(role.Ref))) continue;
        const wide = (policy.Properties.PolicyDocument.Statement as Statement[]).filter((statement) => JSON.stringify(statement.Resource).includes('"*"'));
        expect(wide.length, `${stack.node.path}/${id}`).toBeLessThanOrEqual(1);
        for (const statement of wide) {
          expect(statement.Resource, `${stack.node.path}/${id}`).toBe('*');
          expect(actionsOf(statement).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
        }
      }
    }
  });

  it('gives every function exactly one alarm on its errors, notifying the alarm topic', () => {
    for (const { stack, template } of templates()) {
      const alarms = ofType(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
      for (const [id] of ismfFunctions(template)) {
        const own = alarms.filter(
          (alarm) => alarm.MetricName === 'Errors' && JSON.stringify(alarm.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: id } }]),
        );
        expect(own, `${stack.node.path}/${id}`).toHaveLength(1);
        expect(own[0]).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Period: 300, Threshold: 1, EvaluationPeriods: 1 });
        expect(own[0]).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
        expect(own[0].AlarmActions, `${stack.node.path}/${id}`).toEqual([topicIn(stack)]);
      }
    }
  });

  it('alarms on 5xx answers of every HTTP API', () => {
    const alarms = Object.values(api.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: '5xx' } })).map((alarm) => alarm.Properties);
    expect(built.api.apis.length).toBeGreaterThan(0);
    expect(alarms).toHaveLength(built.api.apis.length);
    for (const httpApi of built.api.apis) {
      const apiId = built.api.getLogicalId(httpApi.node.defaultChild as never);
      const alarm = alarms.find(
        (candidate) =>
          JSON.stringify(candidate.Dimensions) ===
          JSON.stringify([
            { Name: 'ApiId', Value: { Ref: apiId } },
            { Name: 'Stage', Value: '$default' },
          ]),
      );
      expect(alarm, apiId).toBeDefined();
      expect(alarm).toMatchObject({
        Namespace: 'AWS/ApiGateway',
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('makes every alarm of the app notify the one alarm topic', () => {
    let count = 0;
    for (const { stack, template } of templates()) {
      for (const [id, alarm] of ofType(template, 'AWS::CloudWatch::Alarm')) {
        expect(alarm.Properties.AlarmActions, `${stack.node.path}/${id}`).toEqual([topicIn(stack)]);
        count += 1;
      }
    }
    expect(count).toBeGreaterThan(operations.length);
    expect(templates().flatMap(({ template }) => ofType(template, 'AWS::SNS::Topic'))).toHaveLength(1);
  });

  it('encrypts the alarm topic with the platform key, refuses plain HTTP, and lets only this account’s alarms publish', () => {
    const keyId = built.data.getLogicalId(built.data.key.node.defaultChild as never);
    const topicId = built.data.getLogicalId(built.data.alarmTopic.node.defaultChild as never);
    data.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    const [policy] = Object.values(data.findResources('AWS::SNS::TopicPolicy'));
    const statements = policy!.Properties.PolicyDocument.Statement as (Statement & { Effect: string; Principal: unknown })[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const publish = statements.filter((statement) => statement.Effect === 'Allow');
    expect(publish).toHaveLength(1);
    expect(publish[0]).toMatchObject({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: { Ref: topicId } });
    expect(Object.keys(publish[0]!.Condition as object).sort()).toEqual(['ArnLike', 'StringEquals']);
    const key = data.findResources('AWS::KMS::Key')[keyId]!;
    const forAlarms = (key.Properties.KeyPolicy.Statement as (Statement & { Principal: unknown })[]).filter(
      (statement) => JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }),
    );
    expect(forAlarms).toHaveLength(1);
    expect(actionsOf(forAlarms[0]!).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(forAlarms[0]!.Condition).toEqual(publish[0]!.Condition);
  });

  it('subscribes no address to the topic without the alarmEmail context', () => {
    data.resourceCountIs('AWS::SNS::Subscription', 0);
    expect(alarmEmail(new App())).toBeUndefined();
    expect(alarmEmail(new App({ context: { alarmEmail: 'ops@acme.example' } }))).toBe('ops@acme.example');
    expect(() => alarmEmail(new App({ context: { alarmEmail: 'ops' } }))).toThrow(/alarmEmail/);
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the app', () => {
    expect(() => built.app.synth({ force: true })).not.toThrow();
  });

  it('acknowledges nothing wholesale on a nested stack: only on the constructs that need it', () => {
    const nested = stacksOf(built.app).filter((stack) => stack.nestedStackParent);
    expect(nested.length).toBeGreaterThan(0);
    for (const stack of nested) expect(stack.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([]);
  });

  it('does fail synthesis on a finding in a nested stack', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ismf-cdk-probe-'));
    const app = new App({ outdir });
    const nested = new NestedStack(new Stack(app, 'Probe'), 'Nested');
    const role = new Role(nested, 'Wide', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      expect(() => app.synth()).toThrow(/AwsSolutions-IAM5/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('does fail synthesis on a finding (the check is live)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ismf-cdk-probe-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Probe');
    const role = new Role(stack, 'Wide', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      expect(() => app.synth()).toThrow();
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
