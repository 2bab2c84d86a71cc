// The API stack: the Cognito user pool (tenant and roles as server-written claims) with its hosted UI
// (authorization code with PKCE, to the redirects context names), the HTTP APIs the catalogue needs
// (see api-split.ts) with their JWT authorizers, stages, access logs and 5xx alarms, the custom domain
// that joins them, and one nested stack per area holding its operations' functions and routes. Its
// outputs (API URL, pool, client, hosted UI host) are what docs/deploying.md reads.
import { CfnOutput, Duration, RemovalPolicy, Stack, Token, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { ApiMapping, CorsHttpMethod, DomainName, HttpApi, HttpStage, LogGroupLogDestination, SecurityPolicy } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolDomain,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { alarmOnAnyOccurrence } from '../constructs/alarm.ts';
import { exportedOutput } from '../constructs/output.ts';
import { ContextError } from '../context-error.ts';
import type { Construct } from 'constructs';
import type { Operation } from '../../packages/catalogue/src/operation.ts';
import { PLATFORM_OPERATOR, TENANT_ROLES } from '../../packages/core/src/roles.ts';
import { MAX_ROUTES_PER_API, planApis, type ApiPlan, type PlannedApi } from '../api-split.ts';
import type { IsmfFunction } from '../constructs/ismf-function.ts';
import { OperationsStack, operationGroups } from './operations-stack.ts';
import { defaultAuthDomainPrefix, hostedUiHost } from './console-stack.ts';
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_SECONDS, CORS_METHODS } from '@ismf/http/cors';

/** The custom domain that joins the APIs: from CDK context apiDomainName and apiCertificateArn. */
export interface ApiDomain {
  name: string;
  /** An ACM certificate for the name, in the stack's region. */
  certificateArn: string;
}

/** The hosted UI: its Cognito domain and where it may send a browser back to. */
export interface SignIn {
  /** The Cognito domain prefix (CDK context authDomainPrefix); default `ismf-<account id>`. */
  domainPrefix?: string;
  /** Where a signed-in browser may return with its authorization code (CDK context authCallbackUrls). */
  callbackUrls: readonly string[];
  /** Where the hosted UI may send a signed-out browser (CDK context authLogoutUrls). */
  logoutUrls: readonly string[];
}

export interface ApiStackProps extends StackProps {
  table: ITable;
  tableKey: IKey;
  digestKey: IKey;
  tenantDataRole: IRole;
  dataBucketName: string;
  operations: readonly Operation[];
  /** Required when the catalogue needs more than one API. */
  domain?: ApiDomain;
  /** Where every alarm notifies. */
  alarmTopic: ITopic;
  /** Origins a browser may call the API from (CDK context `corsOrigins`; none by default). */
  corsOrigins?: readonly string[];
  signIn: SignIn;
  /** The web console's URL, every function's ISMF_APP_URL. */
  appUrl?: string;
}

export class ApiStack extends Stack {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** The hosted UI's Cognito domain. */
  readonly userPoolDomain: UserPoolDomain;
  /** The hosted UI's host, `<prefix>.auth.<region>.amazoncognito.com`. */
  readonly hostedUiDomain: string;
  /** The API's base URL without a trailing slash: the custom domain, else the first API's execute-api endpoint. */
  readonly url: string;
  /** The API mapped at the empty path (the only one while the catalogue fits in one). */
  readonly api: HttpApi;
  readonly defaultStage: HttpStage;
  /** Every API of the plan, in plan order. */
  readonly apis: HttpApi[] = [];
  readonly plan: ApiPlan;
  /** The custom domain, when the context names one. */
  readonly domainName?: DomainName;
  /** Operation name → its function (in its area's nested stack). */
  readonly functions = new Map<string, IsmfFunction>();
  readonly operationStacks: OperationsStack[] = [];

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
      // The hosted UI: the authorization code grant only (a public client: PKCE), never the implicit
      // grant, and only to the redirects given — CDK's defaults would allow both grants to https://example.com.
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [...props.signIn.callbackUrls],
        logoutUrls: [...props.signIn.logoutUrls],
      },
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }).withCustomAttributes('tenant_id'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    for (const role of [...TENANT_ROLES, PLATFORM_OPERATOR]) {
      new UserPoolGroup(this, `Group-${role}`, { userPool: this.userPool, groupName: role, description: `ISMF role ${role}` });
    }
    // The hosted UI (classic): a first sign-in sets the password and registers the authenticator app there.
    this.userPoolDomain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.signIn.domainPrefix ?? defaultAuthDomainPrefix(this) },
    });
    this.hostedUiDomain = hostedUiHost(this, this.userPoolDomain.domainName);
    exportedOutput(this, 'UserPoolId', 'The Cognito user pool (its region is the part before the underscore)', this.userPool.userPoolId);
    exportedOutput(this, 'UserPoolClientId', 'The app client that signs in to the API (public: no secret)', this.userPoolClient.userPoolClientId);
    exportedOutput(this, 'HostedUiDomain', 'The hosted UI’s host: /oauth2/authorize, /oauth2/token and /logout are under https://<it>', this.hostedUiDomain);

    // The APIs, planned from the catalogue (see api-split.ts); the first keeps the construct ids it had
    // when it was the only one, so that splitting never replaces it.
    this.plan = planApis(props.operations);
    if (this.plan.apis.length > 1 && !props.domain) {
      throw new ContextError(
        `the catalogue's ${props.operations.length} operations need ${this.plan.apis.length} HTTP APIs (one holds ${MAX_ROUTES_PER_API} routes), ` +
          'which are joined behind one custom domain: set the CDK context apiDomainName and apiCertificateArn ' +
          '(e.g. cdk synth -c apiDomainName=api.example.com -c apiCertificateArn=arn:aws:acm:…)',
      );
    }
    const stages = this.plan.apis.map((planned, index) => this.httpApi(planned, index, props));
    this.api = this.apis[0]!;
    this.defaultStage = stages[0]!;
    if (props.domain) this.domainName = this.customDomain(props.domain, stages);
    else exportedOutput(this, 'ApiUrl', 'The API’s base URL', this.defaultStage.url);
    this.url = props.domain ? `https://${props.domain.name}` : this.api.apiEndpoint;

    // Each operation's function and route, in its area's nested stack.
    const routing = new Map(
      this.plan.apis.flatMap((planned, index) => planned.routes.map((route) => [route.operation, { api: this.apis[index]!, routePath: route.routePath }])),
    );
    for (const group of operationGroups(props.operations)) {
      const nested = new OperationsStack(this, group.id, {
        area: group.area,
        operations: group.operations.map((operation) => ({ operation, ...routing.get(operation.name)! })),
        table: props.table,
        tableKey: props.tableKey,
        digestKey: props.digestKey,
        tenantDataRole: props.tenantDataRole,
        dataBucketName: props.dataBucketName,
        userPoolArn: this.userPool.userPoolArn,
        userPoolId: this.userPool.userPoolId,
        alarmTopic: props.alarmTopic,
        appUrl: props.appUrl,
      });
      this.operationStacks.push(nested);
      for (const [name, fn] of nested.functions) this.functions.set(name, fn);
    }
  }

  /** One HTTP API of the plan: its JWT authorizer, `$default` stage with throttling and access logs, and a 5xx alarm. */
  private httpApi(planned: PlannedApi, index: number, props: ApiStackProps): HttpStage {
    // Construct ids: the first API's are those of the single API before the split; the others are named
    // by their first root, so that an API keeps its ids while the catalogue grows.
    const suffix = index === 0 ? '' : `-${planned.roots[0]}`;
    const authorizer = new HttpUserPoolAuthorizer('TokenAuthorizer', this.userPool, { userPoolClients: [this.userPoolClient] });
    const api = new HttpApi(this, `Api${suffix}`, {
      apiName: `ismf${suffix}`,
      description: index === 0 ? undefined : `ISMF API for ${planned.mappingKeys.map((key) => `/${key}`).join(', ')} (reached through the custom domain)`,
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      // Behind a custom domain, the domain is the one way in: paths on the execute-api endpoints of APIs
      // other than the first lack their root, and the domain's TLS policy would be bypassed.
      ...(props.domain ? { disableExecuteApiEndpoint: true } : {}),
      // API Gateway answers the preflights itself, for the configured origins only.
      ...(props.corsOrigins?.length
        ? {
            corsPreflight: {
              allowOrigins: [...props.corsOrigins],
              allowMethods: CORS_METHODS.map((method) => CorsHttpMethod[method]),
              allowHeaders: [...CORS_ALLOWED_HEADERS],
              exposeHeaders: [...CORS_EXPOSED_HEADERS],
              maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
            },
          }
        : {}),
    });
    this.apis.push(api);
    const accessLogs = new LogGroup(this, `AccessLogs${suffix}`, { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const stage = new HttpStage(this, `DefaultStage${suffix}`, {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.jsonWithStandardFields() },
    });
    alarmOnAnyOccurrence(this, `ServerErrorsAlarm${suffix}`, {
      description: `5xx answers of the ISMF API ${index === 0 ? '(the empty mapping)' : planned.mappingKeys.map((key) => `/${key}`).join(', ')}`,
      metric: stage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      topic: props.alarmTopic,
    });
    return stage;
  }

  /** The custom domain and one API mapping per key of the plan: the empty key, and each overflow root. */
  private customDomain(domain: ApiDomain, stages: readonly HttpStage[]): DomainName {
    const certificateRegion = domain.certificateArn.split(':')[3];
    if (!Token.isUnresolved(this.region) && certificateRegion !== this.region) {
      throw new ContextError(`context apiCertificateArn must be an ACM certificate in ${this.region} (a regional API domain's), not in ${certificateRegion}`);
    }
    const domainName = new DomainName(this, 'Domain', {
      domainName: domain.name,
      certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    this.plan.apis.forEach((planned, index) => {
      for (const key of planned.mappingKeys) {
        new ApiMapping(this, key === '' ? 'Mapping' : `Mapping-${key}`, {
          api: this.apis[index]!,
          domainName,
          stage: stages[index]!,
          ...(key === '' ? {} : { apiMappingKey: key }),
        });
      }
    });
    exportedOutput(this, 'ApiUrl', 'The API’s base URL (the custom domain)', `https://${domain.name}`);
    new CfnOutput(this, 'ApiDomainTarget', { description: 'The DNS target (CNAME or alias) of the custom domain', value: domainName.regionalDomainName });
    new CfnOutput(this, 'ApiDomainHostedZoneId', {
      description: 'The hosted zone of the DNS target, for an alias record',
      value: domainName.regionalHostedZoneId,
    });
    return domainName;
  }
}
