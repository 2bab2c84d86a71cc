// One Lambda function per catalogue operation, with the defaults fixed in one place: newest Node.js
// runtime, arm64, minified ESM bundle with source maps, an explicit log group with retention, and a role
// that holds only what the catalogue entry declares.
import { resolve } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Operation } from '../../packages/catalogue/src/operation.ts';
import { BUNDLE, LAMBDA_NODE_TARGET } from '../bundling.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
export const WRITE_ACTIONS = [...READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

export interface OperationFunctionProps {
  operation: Operation;
  table: ITable;
  tableKey: IKey;
  userPoolArn: string;
  environment?: Record<string, string>;
}

export class OperationFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: OperationFunctionProps) {
    super(scope, id);
    const { operation } = props;
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `ISMF ${operation.name}: only the access its catalogue entry declares`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        // The group's ARN attribute already covers its streams (it ends in `:*`).
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.function = new NodejsFunction(this, 'Function', {
      entry: resolve(ROOT, operation.handler),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.seconds(15),
      role: this.role,
      logGroup,
      description: `${operation.method} ${operation.path} — ${operation.summary}`,
      projectRoot: ROOT,
      depsLockFilePath: resolve(ROOT, 'package-lock.json'),
      environment: {
        TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: `ismf-${operation.area}`,
        NODE_OPTIONS: '--enable-source-maps',
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
    this.grantDeclaredAccess(props);
  }

  /** Table actions on the table and only the indexes the entry names; KMS only through DynamoDB. */
  private grantDeclaredAccess({ operation, table, tableKey, userPoolArn }: OperationFunctionProps): void {
    const access = operation.access;
    if (access.table !== 'none') {
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
    if (access.identityProvider?.length) {
      this.role.addToPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: [...access.identityProvider], resources: [userPoolArn] }));
    }
  }
}
