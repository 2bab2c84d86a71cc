// A tenant's data client: credentials of the tenant data-access role, assumed with the session tag
// tenantId (from the verified claims) and a session policy generated from the caller's catalogue entry,
// so its rights are the intersection — its own operation, its own tenant. Credentials are cached per
// tenant until shortly before they expire. Locally STS is not emulated: the credential step passes
// through, but every request is still evaluated against the same role and session policies.
// ISMF_RUNTIME decides which (never a variable's presence): in AWS the role, the table ARN and the key ARN
// must all be set (a missing one fails naming it); locally the table ARN is made up from the table name.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { TableAccess } from '@ismf/core/access';
import { canonicalJson } from '@ismf/core/canonical';
import { isTenantFacing, requiredSetting, runtimeConfig } from '@ismf/core/config';
import { AccessDenied } from './capabilities.ts';
import { buildClients, currentDataScope, onCloseDb, region, tableName } from './client.ts';
import { dataRequests } from './data-requests.ts';
import { sessionAllows, sessionPolicy, tableArns, tenantRoleTableStatement, TENANT_TAG, type PolicyDocument } from './iam-policy.ts';
import { assertOwner } from './keys.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Refresh credentials this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const SESSION_SECONDS = 3600;

type CredentialListener = (tenantId: string) => void;
const credentialListeners = new Set<CredentialListener>();

/** Counts credential steps (STS AssumeRole calls in AWS): the bench reports them per 1,000 requests. */
export function onCredentialStep(listener: CredentialListener): () => void {
  credentialListeners.add(listener);
  return () => credentialListeners.delete(listener);
}

/** TABLE_ARN in AWS (required); locally as given, else made up from the table name in a placeholder account. */
export function tableArn(): string {
  const config = runtimeConfig();
  if (config.runtime === 'aws') return requiredSetting('tableArn', config);
  return config.tableArn ?? `arn:aws:dynamodb:${region()}:000000000000:table/${tableName()}`;
}

/**
 * The session policy of a caller: its declared table and object access, plus the platform key through
 * DynamoDB and S3 only. In AWS the key (and, for a caller that declares objects, the bucket) must be
 * configured: a policy silently without them would deny at the first request instead of at init.
 */
export function sessionPolicyFor(access: TableAccess, tenantId?: string): PolicyDocument {
  const config = runtimeConfig();
  const aws = config.runtime === 'aws';
  const policy = sessionPolicy(access, tableArns(tableArn()));
  const bucket = aws && access.objects && tenantId ? requiredSetting('dataBucket', config) : config.dataBucket;
  if (access.objects && bucket && tenantId) {
    policy.Statement.push({
      Sid: 'TenantObjects',
      Effect: 'Allow',
      // GetObjectVersion: evidence is read at the version that was completed (the bucket is versioned).
      // PutObjectTagging: a job's files carry the retention tag the lifecycle rule expires them by;
      // AbortMultipartUpload: an export streamed in parts that fails leaves no parts behind.
      Action:
        access.objects === 'write'
          ? ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload']
          : ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: [`arn:aws:s3:::${bucket}/${tenantId}/*`],
    });
  }
  const keyArn = aws && policy.Statement.length ? requiredSetting('tableKeyArn', config) : config.tableKeyArn;
  if (keyArn && policy.Statement.length) {
    policy.Statement.push({
      Sid: 'TableKeyThroughDynamoDb',
      Effect: 'Allow',
      Action: access.table === 'write' ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'] : ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: [keyArn],
      Condition: { StringEquals: { 'kms:ViaService': `dynamodb.${region()}.amazonaws.com` } },
    });
  }
  if (keyArn && access.objects && bucket && tenantId) {
    // Objects are SSE-KMS with the same key, and a presigned request acts with these session rights:
    // without this, S3 could not decrypt a download or encrypt an upload for the tenant.
    policy.Statement.push({
      Sid: 'ObjectKeyThroughS3',
      Effect: 'Allow',
      Action: access.objects === 'write' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
      Resource: [keyArn],
      Condition: { StringEquals: { 'kms:ViaService': `s3.${region()}.amazonaws.com` } },
    });
  }
  return policy;
}

export { AccessDenied };

const clients = new Map<string, DynamoDBDocumentClient>();

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };
const providers = new Map<string, () => Promise<Credentials>>();

/** The assumed-role credentials of one tenant for one session policy, refreshed shortly before expiry (AWS only). */
export function tenantCredentials(tenantId: string, policy: PolicyDocument, roleArn: string): () => Promise<Credentials> {
  const key = `${tenantId}\u0000${canonicalJson(policy)}`;
  const existing = providers.get(key);
  if (existing) return existing;
  const sts = new STSClient({ region: region() });
  const functionName = runtimeConfig().functionName ?? 'ismf';
  let cached: Credentials | undefined;
  const credentials = async () => {
    if (!cached || cached.expiration.getTime() - Date.now() < REFRESH_MARGIN_MS) {
      for (const listener of credentialListeners) listener(tenantId);
      const answer = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: `${functionName.slice(0, 40)}-${tenantId}`.slice(0, 64),
          DurationSeconds: SESSION_SECONDS,
          Tags: [{ Key: TENANT_TAG, Value: tenantId }],
          Policy: JSON.stringify(policy),
        }),
      );
      const c = answer.Credentials!;
      cached = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, expiration: c.Expiration! };
    }
    return cached;
  };
  providers.set(key, credentials);
  onCloseDb(() => providers.delete(key));
  return credentials;
}

function assumedRoleClient(key: string, tenantId: string, policy: PolicyDocument, roleArn: string): DynamoDBDocumentClient {
  const { raw, document } = buildClients({ credentials: tenantCredentials(tenantId, policy, roleArn) });
  onCloseDb(() => {
    raw.destroy();
    clients.delete(key);
  });
  return document;
}

function locallyCheckedClient(key: string, tenantId: string, policy: PolicyDocument): DynamoDBDocumentClient {
  for (const listener of credentialListeners) listener(tenantId);
  const arns = tableArns(tableArn());
  const rolePolicy = [tenantRoleTableStatement(arns)];
  const { raw, document } = buildClients();
  raw.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers: Record<string, string>; body?: string | Uint8Array };
      const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'] ?? '';
      const text = request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : request.body;
      const body = text ? JSON.parse(text) : {};
      for (const wanted of dataRequests(target, body, arns)) {
        if (!sessionAllows(rolePolicy, policy, wanted, { [TENANT_TAG]: tenantId })) {
          throw new AccessDenied(
            `assumed-role/TenantData/${tenantId} is not authorized to perform ${wanted.action} on ${wanted.resource} for keys ${wanted.leadingKeys.join(', ')}`,
          );
        }
      }
      return next(args);
    },
    { step: 'build', name: 'ismfLocalIam' },
  );
  onCloseDb(() => {
    raw.destroy();
    clients.delete(key);
  });
  return document;
}

/** The data client of one tenant for one catalogue entry's access; never a client without a tenant. */
export function tenantDataClient(tenantId: string, access: TableAccess): DynamoDBDocumentClient {
  assertOwner(tenantId);
  const config = runtimeConfig();
  const policy = sessionPolicyFor(access, tenantId);
  const key = `${config.runtime}\u0000${tenantId}\u0000${canonicalJson(policy)}`;
  let client = clients.get(key);
  if (!client) {
    client =
      config.runtime === 'aws'
        ? assumedRoleClient(key, tenantId, policy, requiredSetting('tenantDataRoleArn', config))
        : locallyCheckedClient(key, tenantId, policy);
    clients.set(key, client);
  }
  return client;
}

/** Puts the running request into its tenant's data scope: from here on every table access is the tenant's. */
export function enterTenantScope(tenantId: string, access: TableAccess): void {
  const scope = currentDataScope();
  if (!scope) throw new Error('no data scope to enter: handlers run inside withDataScope');
  if (scope.tenantId && scope.tenantId !== tenantId) throw new Error(`${scope.label} is already scoped to another tenant`);
  scope.tenantId = tenantId;
  scope.client = tenantDataClient(tenantId, access);
}

/** Whether a function serves one tenant at a time (and so must reach data only through the tenant role). */
export { isTenantFacing };
