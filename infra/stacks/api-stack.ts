// The API stack: the Cognito user pool (tenant and roles as server-written claims), the HTTP API with
// its JWT authorizer, and one function per catalogue operation.
import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Operation } from '../../packages/catalogue/src/operation.ts';
import { PLATFORM_OPERATOR, TENANT_ROLES } from '../../packages/core/src/roles.ts';
import { IsmfFunction } from '../constructs/ismf-function.ts';

export interface ApiStackProps extends StackProps {
  table: ITable;
  tableKey: IKey;
  digestKey: IKey;
  tenantDataRole: IRole;
  dataBucketName: string;
  operations: readonly Operation[];
}

export class ApiStack extends Stack {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly api: HttpApi;
  readonly functions = new Map<string, IsmfFunction>();

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // Written by the platform at onboarding only; no app client may write it (pinned by a template test).
      customAttributes: { tenant_id: new StringAttribute({ minLen: 3, maxLen: 40, mutable: false }) },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPoolClient = this.userPool.addClient('WebClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }).withCustomAttributes('tenant_id'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    for (const role of [...TENANT_ROLES, PLATFORM_OPERATOR]) {
      new UserPoolGroup(this, `Group-${role}`, { userPool: this.userPool, groupName: role, description: `ISMF role ${role}` });
    }

    const authorizer = new HttpUserPoolAuthorizer('TokenAuthorizer', this.userPool, { userPoolClients: [this.userPoolClient] });
    this.api = new HttpApi(this, 'Api', { apiName: 'ismf', createDefaultStage: false, defaultAuthorizer: authorizer });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.jsonWithStandardFields() },
    });

    for (const operation of props.operations) {
      const fn = new IsmfFunction(this, `Op-${operation.name}`, {
        handler: operation.handler,
        description: `${operation.method} ${operation.path} — ${operation.summary}`,
        serviceName: `ismf-${operation.area}`,
        access: operation.access,
        table: props.table,
        tableKey: props.tableKey,
        digestKey: props.digestKey,
        tenantDataRole: props.tenantDataRole,
        dataBucketName: props.dataBucketName,
        userPoolArn: this.userPool.userPoolArn,
        environment: operation.access.identityProvider?.length ? { USER_POOL_ID: this.userPool.userPoolId } : {},
      });
      this.functions.set(operation.name, fn);
      const isPublic = 'public' in operation.callers;
      const [route] = this.api.addRoutes({
        path: operation.path,
        methods: [HttpMethod[operation.method]],
        integration: new HttpLambdaIntegration(`Integration-${operation.name}`, fn.function),
        ...(isPublic ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      if (isPublic && route) {
        Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: `${operation.path} is public by design: ${operation.description}` });
      }
    }
  }
}
