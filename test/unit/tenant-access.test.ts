// Tenant isolation below the code: session policies generated from the catalogue, the tenant role's
// LeadingKeys condition, and the local evaluation of every request against both.
import { registry } from '@ismf/app/areas';
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listUsers, updateUser } from '@ismf/directory/operations';
import { completeEvidence, getEvidence } from '@ismf/evidence/operations';
import type { TableAccess } from '@ismf/core/access';
import { db, tableName, withDataScope } from '@ismf/store/client';
import { READ_ACTIONS, WRITE_ACTIONS, sessionAllows, tableArns, tenantRoleTableStatement } from '@ismf/store/iam-policy';
import { keys } from '@ismf/store/keys';
import { enterTenantScope, isTenantFacing, sessionPolicyFor, tableArn, tenantDataClient } from '@ismf/store/tenant-access';

const { operations, consumers, jobs: scheduledJobs } = registry;

const arns = tableArns('arn:aws:dynamodb:eu-west-1:000000000000:table/ismf');
const role = [tenantRoleTableStatement(arns)];
const tenantIds = fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,39}$/);
const ids = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('a#b', '#', '%23', 'x#META'));

describe('session policies', () => {
  it('name exactly the declared actions on exactly the table and the declared indexes, for every tenant-facing entry', () => {
    const entries = [...operations, ...consumers, ...scheduledJobs].filter((entry) => isTenantFacing(entry.access));
    expect(entries.length).toBeGreaterThan(4);
    for (const entry of entries) {
      const [statement, ...others] = sessionPolicyFor(entry.access).Statement;
      expect(others).toEqual([]);
      expect(statement!.Action).toEqual(entry.access.table === 'write' ? WRITE_ACTIONS : READ_ACTIONS);
      expect(statement!.Resource).toEqual([tableArn(), ...(entry.access.indexes ?? []).map((index) => `${tableArn()}/index/${index}`)]);
    }
  });

  it('reach objects only under the tenant’s prefix, any version of them, as the entry declares', () => {
    const bucket = process.env.DATA_BUCKET;
    process.env.DATA_BUCKET = 'ismf-data';
    try {
      const objects = (entry: { access: TableAccess }) =>
        sessionPolicyFor(entry.access, 'acme').Statement.find((statement) => statement.Sid === 'TenantObjects');
      expect(objects(getEvidence)).toEqual({
        Sid: 'TenantObjects',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: ['arn:aws:s3:::ismf-data/acme/*'],
      });
      expect(objects(completeEvidence)!.Action).toEqual([
        's3:GetObject',
        's3:GetObjectVersion',
        's3:PutObject',
        's3:PutObjectTagging',
        's3:AbortMultipartUpload',
      ]);
      expect(objects(listUsers)).toBeUndefined();
    } finally {
      if (bucket === undefined) delete process.env.DATA_BUCKET;
      else process.env.DATA_BUCKET = bucket;
    }
  });

  it('let S3 use the platform key for the objects an entry reaches, and only through S3', () => {
    const saved = { bucket: process.env.DATA_BUCKET, key: process.env.TABLE_KEY_ARN };
    process.env.DATA_BUCKET = 'ismf-data';
    process.env.TABLE_KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/k';
    try {
      const viaS3 = (entry: { access: TableAccess }) =>
        sessionPolicyFor(entry.access, 'acme').Statement.find((statement) => statement.Sid === 'ObjectKeyThroughS3');
      expect(viaS3(completeEvidence)).toMatchObject({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: ['arn:aws:kms:eu-west-1:111122223333:key/k'],
        Condition: { StringEquals: { 'kms:ViaService': expect.stringMatching(/^s3\./) } },
      });
      expect(viaS3(getEvidence)!.Action).toEqual(['kms:Decrypt']);
      expect(viaS3(listUsers)).toBeUndefined();
    } finally {
      for (const [name, value] of [
        ['DATA_BUCKET', saved.bucket],
        ['TABLE_KEY_ARN', saved.key],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('never grant Scan, which LeadingKeys cannot confine', () => {
    expect(role[0]!.Action).not.toContain('dynamodb:Scan');
    expect(
      sessionAllows(
        role,
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:*'], Resource: ['*'] }] },
        { action: 'dynamodb:Scan', resource: arns.table, leadingKeys: [] },
        { tenantId: 'acme' },
      ),
    ).toBe(false);
  });
});

describe('the tenant role’s LeadingKeys condition', () => {
  it('admits every key the key module builds for the tagged tenant and none of another tenant', () => {
    const policy = sessionPolicyFor(updateUser.access);
    const local = { ...policy, Statement: policy.Statement.map((statement) => ({ ...statement, Resource: [arns.table, ...Object.values(arns.indexes)] })) };
    fc.assert(
      fc.property(tenantIds, tenantIds, ids, fc.integer({ min: 1, max: 1e6 }), (tenant, other, id, seq) => {
        fc.pre(tenant !== other);
        const built = [
          keys.entity(tenant, 'user', id).pk,
          keys.audit(tenant, 'user', id, seq).pk,
          keys.idempotency(tenant, 'createUser', id).pk,
          keys.unique(tenant, 'user-email', id).pk,
          keys.outbox(tenant, id).pk,
          keys.signIn(tenant, id).pk,
          keys.config(tenant, id).pk,
        ];
        for (const pk of built) {
          const request = { action: 'dynamodb:PutItem', resource: arns.table, leadingKeys: [pk] };
          expect(sessionAllows(role, local, request, { tenantId: tenant })).toBe(true);
          expect(sessionAllows(role, local, request, { tenantId: other })).toBe(false);
        }
        const listQuery = { action: 'dynamodb:Query', resource: arns.indexes.GSI1!, leadingKeys: [keys.entityList(tenant, 'user')] };
        expect(sessionAllows(role, local, listQuery, { tenantId: other })).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a tenant data client (local: every request evaluated as IAM would)', () => {
  it('reads its own tenant’s items and is refused another tenant’s', async () => {
    const client = tenantDataClient('iso-acme', listUsers.access);
    await expect(client.send(new GetCommand({ TableName: tableName(), Key: keys.entity('iso-acme', 'user', 'x') }))).resolves.toBeDefined();
    await expect(client.send(new GetCommand({ TableName: tableName(), Key: keys.entity('iso-other', 'user', 'x') }))).rejects.toThrow(
      /not authorized to perform dynamodb:GetItem/,
    );
    await expect(client.send(new GetCommand({ TableName: tableName(), Key: keys.entity('_platform', 'tenant', 'iso-acme') }))).rejects.toThrow(
      /not authorized/,
    );
  });

  it('is refused what its catalogue entry does not declare: writes for a reader, an undeclared index, Scan', async () => {
    const reader = tenantDataClient('iso-acme', listUsers.access);
    await expect(reader.send(new PutCommand({ TableName: tableName(), Item: { ...keys.entity('iso-acme', 'user', 'y'), kind: 'x' } }))).rejects.toThrow(
      /dynamodb:PutItem/,
    );
    await expect(
      reader.send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: 'GSI2',
          KeyConditionExpression: 'gsi2pk = :p',
          ExpressionAttributeValues: { ':p': keys.auditDay('iso-acme', '2026-11-29') },
        }),
      ),
    ).rejects.toThrow(/index\/GSI2/);
    await expect(reader.send(new ScanCommand({ TableName: tableName() }))).rejects.toThrow(/dynamodb:Scan/);
  });

  it('is the only way to the table once a tenant-facing function runs, and is cached per tenant', async () => {
    await expect(withDataScope({ label: 'listUsers', tenantOnly: true, access: { table: 'read' } }, async () => db())).rejects.toThrow(
      /before it entered its tenant's data scope/,
    );
    const client = await withDataScope({ label: 'listUsers', tenantOnly: true, access: { table: 'read' } }, async () => {
      enterTenantScope('iso-acme', listUsers.access);
      return db();
    });
    expect(client).toBe(tenantDataClient('iso-acme', listUsers.access));
    await expect(
      withDataScope({ label: 'listUsers', tenantOnly: true, access: { table: 'read' } }, async () => {
        enterTenantScope('iso-acme', listUsers.access);
        enterTenantScope('iso-other', listUsers.access);
      }),
    ).rejects.toThrow(/already scoped to another tenant/);
  });
});
