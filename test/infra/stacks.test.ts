import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '@ismf/catalogue/catalogue';
import { READ_ACTIONS, WRITE_ACTIONS } from '../../infra/constructs/ismf-function.ts';
import { isTenantFacing } from '@ismf/store/tenant-access';
import { testApp } from './app.ts';

let built: ReturnType<typeof testApp>;
let data: Template;
let api: Template;

beforeAll(() => {
  built = testApp();
  data = Template.fromStack(built.data);
  api = Template.fromStack(built.api);
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
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'GSI1', KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }] }),
        Match.objectLike({ IndexName: 'GSI2', KeySchema: [{ AttributeName: 'gsi2pk', KeyType: 'HASH' }, { AttributeName: 'gsi2sk', KeyType: 'RANGE' }] }),
        Match.objectLike({ IndexName: 'GSI3', KeySchema: [{ AttributeName: 'gsi3pk', KeyType: 'HASH' }, { AttributeName: 'gsi3sk', KeyType: 'RANGE' }] }),
        Match.objectLike({ IndexName: 'GSI4', KeySchema: [{ AttributeName: 'gsi4pk', KeyType: 'HASH' }, { AttributeName: 'gsi4sk', KeyType: 'RANGE' }] }),
      ],
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
    expect(s3.flatMap(actionsOf)).toEqual(expect.arrayContaining(['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject']));
    for (const statement of s3) {
      const scoped = JSON.stringify(statement.Resource).includes('/${aws:PrincipalTag/tenantId}/*') || JSON.stringify(statement.Condition ?? {}).includes('${aws:PrincipalTag/tenantId}/*');
      expect(scoped, JSON.stringify(statement)).toBe(true);
    }
  });

  it('may be assumed only by ISMF’s tagged functions, and only with the tenantId tag', () => {
    const [, resource] = role();
    const trust = resource.Properties.AssumeRolePolicyDocument.Statement as { Action: string; Principal: unknown; Condition: Record<string, Record<string, unknown>> }[];
    expect(trust.map((statement) => statement.Action).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    for (const statement of trust) {
      expect(statement.Condition.StringEquals).toEqual({ 'aws:PrincipalTag/ismf-tenant-access': 'true' });
      expect(statement.Condition.StringLike).toEqual({ 'aws:RequestTag/tenantId': '?*' });
      expect(statement.Condition['ForAllValues:StringEquals']).toEqual({ 'aws:TagKeys': ['tenantId'] });
    }
  });
});

describe('the API stack', () => {
  it('puts the JWT authorizer on every route but health and the API document', () => {
    const routes = Object.values(api.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes).toHaveLength(operations.length);
    for (const route of routes) {
      const key = route.Properties.RouteKey as string;
      if (key === 'GET /health' || key === 'GET /openapi.json') expect(route.Properties.AuthorizationType, key).toBe('NONE');
      else expect(route.Properties.AuthorizationType, key).toBe('JWT');
    }
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }) });
  });

  it('makes one function per operation on the newest Node.js runtime, arm64, with its own log group', () => {
    const functions = Object.values(api.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(operations.length);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
    for (const group of Object.values(api.findResources('AWS::Logs::LogGroup'))) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
    expect(Object.values(api.findResources('AWS::IAM::Role')).every((role) => !role.Properties.ManagedPolicyArns)).toBe(true);
  });

  it('gives tenant-facing functions no data access of their own, and platform functions exactly what they declare', () => {
    const tableArn = built.api.resolve(built.data.table.tableArn);
    const functions = api.findResources('AWS::Lambda::Function');
    const roles = api.findResources('AWS::IAM::Role');
    for (const operation of operations) {
      const fn = built.api.functions.get(operation.name)!;
      const roleId = built.api.getLogicalId(fn.role.node.defaultChild as never);
      const statements = statementsOfRole(api, roleId);
      const dynamo = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));
      const assume = statements.filter((statement) => actionsOf(statement).includes('sts:AssumeRole'));
      const env = functions[built.api.getLogicalId(fn.function.node.defaultChild as never)]!.Properties.Environment.Variables;
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
    for (const template of [data, api]) expect(Object.keys(template.toJSON().Resources).length).toBeLessThan(400);
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the app', () => {
    expect(() => built.app.synth({ force: true })).not.toThrow();
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
