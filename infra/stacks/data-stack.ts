// The data stack: the platform key and the single table, built from the table definition the local
// runtime uses too, the data bucket, and the one topic every alarm of the platform notifies. Its outputs
// name the table, the bucket and the topic (docs/deploying.md).
import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccountPrincipal, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { tableArns, tenantRoleTableStatement, TENANT_TAG } from '../../packages/store/src/iam-policy.ts';
import { TENANT_ACCESS_TAG } from '../constructs/ismf-function.ts';
import { exportedOutput } from '../constructs/output.ts';
import { asNagSees } from '../nag.ts';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { GLOBAL_INDEXES, PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from '../../packages/store/src/table.ts';
import { JOB_FILE_RETENTION_DAYS, RETENTION_TAG } from '../../packages/store/src/retention.ts';

export interface DataStackProps extends StackProps {
  /** An address that receives every alarm (CDK context alarmEmail); none subscribes without it. */
  alarmEmail?: string;
  /** Origins whose pages upload to and download from the data bucket by presigned URL (the console's). */
  browserOrigins?: readonly string[];
}

/** The data bucket's name: fixed per account and region, so that other stacks name it without a reference. */
export const dataBucketName = (stack: Stack) => `ismf-data-${stack.account}-${stack.region}`;

/** Its regional endpoint, where presigned uploads (S3 form POSTs) and downloads go: the console's CSP allows it. */
export const dataBucketOrigin = (stack: Stack) => `https://${dataBucketName(stack)}.s3.${stack.region}.${stack.urlSuffix}`;

export class DataStack extends Stack {
  private readonly browserOrigins: readonly string[];
  readonly table: Table;
  readonly key: Key;
  readonly digestKey: Key;
  readonly bucket: Bucket;
  readonly tenantDataRole: Role;
  /** Where every alarm of the platform notifies. */
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props?: DataStackProps) {
    super(scope, id, props);
    // One customer-managed key for the platform (not per tenant): per-tenant isolation is by IAM LeadingKeys.
    this.key = new Key(this, 'PlatformKey', {
      description: 'ISMF platform data key',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Audit digests are signed with an asymmetric key whose private half never leaves KMS.
    this.digestKey = new Key(this, 'AuditDigestKey', {
      description: 'ISMF audit digest signing key (ECDSA P-256)',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.digestKey).acknowledge({
      id: 'AwsSolutions-KMS5',
      reason: 'KMS rotates only symmetric keys; the asymmetric digest key is rotated by creating a new key, and digests name the key that signed them',
    });
    this.table = new Table(this, 'Table', {
      partitionKey: { name: PARTITION_KEY, type: AttributeType.STRING },
      sortKey: { name: SORT_KEY, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of GLOBAL_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
    this.browserOrigins = props?.browserOrigins ?? [];
    this.bucket = this.dataBucket();
    this.tenantDataRole = this.tenantRole();
    this.alarmTopic = this.alarms(props?.alarmEmail);
    exportedOutput(this, 'TableName', 'The single table (retained when the stack is deleted)', this.table.tableName);
    exportedOutput(this, 'DataBucketName', 'The data bucket: evidence, job files and exports, a prefix per tenant (retained)', this.bucket.bucketName);
    exportedOutput(this, 'AlarmTopicArn', 'The SNS topic every alarm notifies: subscribe to it (aws sns subscribe)', this.alarmTopic.topicArn);
  }

  /**
   * The alarm topic, encrypted with the platform key. CloudWatch may publish to it, and use the key for
   * that, only for alarms of this account and region (no confused deputy); an AWS-managed key would not
   * do, since its policy cannot let CloudWatch in.
   */
  private alarms(email: string | undefined): Topic {
    const topic = new Topic(this, 'AlarmTopic', { displayName: 'ISMF alarms', masterKey: this.key, enforceSSL: true });
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': this.account },
      ArnLike: { 'aws:SourceArn': `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*` },
    };
    topic.addToResourcePolicy(
      new PolicyStatement({ principals: [cloudWatch], actions: ['sns:Publish'], resources: [topic.topicArn], conditions: fromOurAlarms }),
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({ principals: [cloudWatch], actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], resources: ['*'], conditions: fromOurAlarms }),
    );
    // SNS e-mails the address a confirmation link first: nothing arrives until it is followed.
    if (email !== undefined) topic.addSubscription(new EmailSubscription(email));
    return topic;
  }

  /** Named from pseudo parameters, not from the bucket's Ref, so a policy ARN can be read before deployment. */
  bucketName(): string {
    return dataBucketName(this);
  }

  /** Evidence, raw payloads and exports: one bucket, a prefix per tenant. */
  private dataBucket(): Bucket {
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(400) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'this is the access-log bucket of the data bucket; logging it again would recurse',
    });
    return new Bucket(this, 'Data', {
      bucketName: this.bucketName(),
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      versioned: true,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'data/',
      removalPolicy: RemovalPolicy.RETAIN,
      // The console uploads evidence and job files by presigned form POST and may read downloads from its page.
      ...(this.browserOrigins.length
        ? {
            cors: [
              {
                allowedOrigins: [...this.browserOrigins],
                allowedMethods: [HttpMethods.POST, HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
                allowedHeaders: ['*'],
                exposedHeaders: ['ETag'],
                maxAge: 3600,
              },
            ],
          }
        : {}),
      lifecycleRules: [
        {
          // A job's files (uploads, error files, exports) carry the retention tag: gone after 7 days,
          // their versions with them; a multipart upload that never completed is cleared after a day.
          id: 'job-files',
          tagFilters: { [RETENTION_TAG.key]: RETENTION_TAG.value },
          expiration: Duration.days(JOB_FILE_RETENTION_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
        },
        { id: 'unfinished-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }

  /**
   * The tenant data-access role. Its policy reaches only items whose partition key begins with the
   * session's tenantId tag, and objects under that tenant's prefix. Only ISMF's tenant-facing functions
   * (roles tagged ismf-tenant-access) may assume it, and only with the tenantId tag set.
   */
  private tenantRole(): Role {
    const functions = { StringEquals: { [`aws:PrincipalTag/${TENANT_ACCESS_TAG}`]: 'true' } };
    const tagged = { StringLike: { [`aws:RequestTag/${TENANT_TAG}`]: '?*' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_TAG] } };
    const role = new Role(this, 'TenantDataRole', {
      assumedBy: new AccountPrincipal(this.account).withConditions({ ...functions, ...tagged }),
      description: 'ISMF tenant data access: one tenant items and objects, by session tag',
      maxSessionDuration: Duration.hours(1),
    });
    role.assumeRolePolicy!.addStatements(
      new PolicyStatement({ actions: ['sts:TagSession'], principals: [new AccountPrincipal(this.account)], conditions: { ...functions, ...tagged } }),
    );
    const tenantPrefix = `\${aws:PrincipalTag/${TENANT_TAG}}`;
    role.addToPolicy(PolicyStatement.fromJson(tenantRoleTableStatement(tableArns(this.table.tableArn))));
    role.addToPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': [`dynamodb.${this.region}.amazonaws.com`, `s3.${this.region}.amazonaws.com`] } },
      }),
    );
    const objects = `arn:${this.partition}:s3:::${this.bucketName()}/${tenantPrefix}/*`;
    // GetObjectVersion: evidence is hashed and served at the version that was completed, never a later overwrite.
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload', 's3:DeleteObject'],
        resources: [objects],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${tenantPrefix}/*`] } },
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${asNagSees(this, objects)}]`,
      reason: 'the wildcard is below the tenant’s own prefix, fixed by its session tag: objects are named by the application within it',
    });
    return role;
  }
}
