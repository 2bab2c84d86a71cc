// Every ISMF Lambda function: the defaults fixed in one place (newest Node.js runtime, arm64, minified
// ESM bundle with source maps, an explicit log group with retention, active X-Ray tracing, an alarm on its
// errors) and a role holding only the access its catalogue entry declares — an API operation, an event
// consumer, a scheduled job or a flow task alike.
import { resolve } from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { alarmOnAnyOccurrence } from './alarm.ts';
import { asNagSees } from '../nag.ts';
import { Construct } from 'constructs';
import { SEALED_SECRET_PURPOSE, type TableAccess } from '../../packages/core/src/access.ts';
import { READ_ACTIONS, WRITE_ACTIONS } from '../../packages/store/src/iam-policy.ts';
import { isTenantFacing } from '../../packages/store/src/tenant-access.ts';
import { flowArnVariable } from '../../packages/core/src/flow-arn.ts';
import { BUNDLE, LAMBDA_NODE_TARGET } from '../bundling.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export { READ_ACTIONS, WRITE_ACTIONS };

/** The role tag that lets a function assume the tenant data-access role. */
export const TENANT_ACCESS_TAG = 'ismf-tenant-access';

/** The e-mail sender: the From address and the SES identity (its domain, or the address itself) that verifies it. */
export interface MailSender {
  from: string;
  identity: string;
}

/** The SES identity's ARN in the given stack's account and region. */
export function mailIdentityArn(stack: Stack, mail: MailSender): string {
  return stack.formatArn({ service: 'ses', resource: 'identity', resourceName: mail.identity, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

export interface IsmfFunctionProps {
  /** The handler module, relative to the repository root. */
  handler: string;
  description: string;
  serviceName: string;
  access: TableAccess;
  table: ITable;
  tableKey: IKey;
  /** The audit digest key, for functions that sign or verify digests. */
  digestKey?: IKey;
  userPoolArn?: string;
  /** The tenant data-access role that tenant-facing functions assume. */
  tenantDataRole?: IRole;
  /** The data bucket, for functions that reach objects. */
  dataBucketName?: string;
  /** The catalogue's state machines by flow name, for functions that start or resume flows. */
  flowArns?: Readonly<Record<string, string>>;
  /** The e-mail sender, for functions that send e-mail. */
  mail?: MailSender;
  /** The web console's URL (ISMF_APP_URL): links in e-mail point into it. */
  appUrl?: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  /** The platform's alarm topic, which the function's error alarm notifies. */
  alarmTopic: ITopic;
}

export class IsmfFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  /** Any invocation error in five minutes. */
  readonly errorsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: IsmfFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `ISMF ${props.handler}: only the access its catalogue entry declares`,
    });
    // The group's ARN attribute already covers its streams (it ends in `:*`).
    this.role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    this.function = new NodejsFunction(this, 'Function', {
      entry: resolve(ROOT, props.handler),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: props.timeout ?? Duration.seconds(15),
      role: this.role,
      logGroup,
      // X-Ray by the Lambda service itself (no tracer library in the bundle): a trace per invocation,
      // joined to API Gateway's and Step Functions' when they pass a trace header.
      tracing: Tracing.ACTIVE,
      description: props.description.slice(0, 256),
      projectRoot: ROOT,
      depsLockFilePath: resolve(ROOT, 'package-lock.json'),
      environment: {
        ISMF_RUNTIME: 'aws',
        TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        NODE_OPTIONS: '--enable-source-maps',
        ...(props.digestKey && props.access.signing ? { DIGEST_SIGNING_KEY_ID: props.digestKey.keyArn } : {}),
        ...(props.access.secrets ? { PLATFORM_KEY_ID: props.tableKey.keyArn } : {}),
        ...(isTenantFacing(props.access) && props.tenantDataRole
          ? { TENANT_DATA_ROLE_ARN: props.tenantDataRole.roleArn, TABLE_ARN: props.table.tableArn, TABLE_KEY_ARN: props.tableKey.keyArn }
          : {}),
        ...(props.access.objects && props.dataBucketName ? { DATA_BUCKET: props.dataBucketName } : {}),
        ...(props.access.flows === 'start' && props.flowArns
          ? Object.fromEntries(Object.entries(props.flowArns).map(([name, arn]) => [flowArnVariable(name), arn]))
          : {}),
        ...(props.access.mail && props.mail ? { MAIL_FROM: props.mail.from } : {}),
        ...(props.appUrl ? { ISMF_APP_URL: props.appUrl } : {}),
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: LAMBDA_NODE_TARGET,
        minify: BUNDLE.minify,
        sourceMap: BUNDLE.sourcemap,
        mainFields: BUNDLE.mainFields,
        externalModules: BUNDLE.external,
        banner: BUNDLE.banner,
      },
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'only the X-Ray statement CDK adds for active tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) uses "*": those actions support no resource-level permissions',
    });
    this.grantDeclaredAccess(props);

    this.errorsAlarm = alarmOnAnyOccurrence(this, 'ErrorsAlarm', {
      description: `Invocation errors of ${props.handler}`,
      metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      topic: props.alarmTopic,
    });
  }

  /**
   * A tenant-facing function holds no data access of its own: it may only assume the tenant role, with
   * its tenant's tag. A platform function that crosses tenants (the catalogue says why) holds the table
   * actions it declares, on the table and only the indexes it names; KMS only through DynamoDB.
   */
  private grantDeclaredAccess({ access, table, tableKey, digestKey, userPoolArn, tenantDataRole, flowArns, mail, dataBucketName }: IsmfFunctionProps): void {
    if (isTenantFacing(access)) {
      if (!tenantDataRole) throw new Error(`${this.node.path} is tenant-facing but was given no tenant data role`);
      Tags.of(this.role).add(TENANT_ACCESS_TAG, 'true');
      this.role.addToPolicy(new PolicyStatement({ actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [tenantDataRole.roleArn] }));
    } else if (access.table !== 'none') {
      this.role.addToPolicy(
        new PolicyStatement({
          actions: access.table === 'write' ? WRITE_ACTIONS : READ_ACTIONS,
          resources: [table.tableArn, ...(access.indexes ?? []).map((index) => `${table.tableArn}/index/${index}`)],
        }),
      );
      this.role.addToPolicy(
        new PolicyStatement({
          actions: access.table === 'write' ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'] : ['kms:Decrypt', 'kms:DescribeKey'],
          resources: [tableKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
    if (access.signing) {
      if (!digestKey) throw new Error(`${this.node.path} signs or verifies digests but was given no digest key`);
      this.role.addToPolicy(new PolicyStatement({ actions: access.signing === 'sign' ? ['kms:Sign'] : ['kms:GetPublicKey'], resources: [digestKey.keyArn] }));
    }
    if (!isTenantFacing(access) && access.objects) {
      // A platform writer into tenants' prefixes (the advisory feeds' deliveries): objects under any tenant's prefix,
      // the platform key through S3 only.
      if (!dataBucketName) throw new Error(`${this.node.path} reaches objects but was given no data bucket`);
      const objects = `arn:${Stack.of(this).partition}:s3:::${dataBucketName}/*`;
      this.role.addToPolicy(
        new PolicyStatement({ actions: access.objects === 'write' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'], resources: [objects] }),
      );
      this.role.addToPolicy(
        new PolicyStatement({
          actions: access.objects === 'write' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
          resources: [tableKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${asNagSees(Stack.of(this), objects)}]`,
        reason: `a platform function that crosses tenants (${access.crossTenant}) writes under each tenant’s prefix; the catalogue declares why`,
      });
    }
    if (access.secrets) {
      // Sealed secrets only (their encryption context names the purpose), not the table's own use of the key.
      this.role.addToPolicy(
        new PolicyStatement({
          actions: access.secrets === 'seal' ? ['kms:Encrypt'] : ['kms:Decrypt'],
          resources: [tableKey.keyArn],
          conditions: { StringEquals: { 'kms:EncryptionContext:purpose': SEALED_SECRET_PURPOSE } },
        }),
      );
    }
    if (access.identityProvider?.length) {
      if (!userPoolArn) throw new Error(`${this.node.path} acts on the user pool but was given none`);
      this.role.addToPolicy(new PolicyStatement({ actions: [...access.identityProvider], resources: [userPoolArn] }));
    }
    if (access.flows) {
      const stateMachines = Object.values(flowArns ?? {});
      if (!stateMachines.length) throw new Error(`${this.node.path} ${access.flows}s flows but was given no state machines`);
      // Task tokens are authorized against the state machine whose execution issued them (as CDK's
      // grantTaskResponse does); no heartbeat: the flows' waiting states set no HeartbeatSeconds.
      const actions = access.flows === 'start' ? ['states:StartExecution'] : ['states:SendTaskSuccess', 'states:SendTaskFailure'];
      this.role.addToPolicy(new PolicyStatement({ actions, resources: stateMachines }));
    }
    if (access.mail) {
      if (!mail) throw new Error(`${this.node.path} sends e-mail but was given no sender`);
      this.role.addToPolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [mailIdentityArn(Stack.of(this), mail)],
          conditions: { StringEquals: { 'ses:FromAddress': mail.from } },
        }),
      );
    }
  }
}
