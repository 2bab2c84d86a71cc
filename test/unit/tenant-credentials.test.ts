// The AWS path of tenant credentials: STS AssumeRole with the tenant tag and the generated session
// policy, cached per tenant until shortly before expiry (STS has no local engine: its client is mocked;
// the DynamoDB requests signed with the returned credentials go to the real DynamoDB Local).
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { getUser } from '@ismf/directory/operations';
import { tableName } from '@ismf/store/client';
import { keys } from '@ismf/store/keys';
import { onCredentialStep, sessionPolicyFor, tenantDataClient } from '@ismf/store/tenant-access';

const sts = mockClient(STSClient);
const saved = { ...process.env };
afterAll(() => {
  sts.restore();
  process.env = saved;
});

describe('tenant credentials in AWS', () => {
  it('assumes the tenant role once per tenant, with the tag and the session policy, and refreshes before expiry', async () => {
    // The runtime of a tenant-facing function in AWS, with the variables CDK and Lambda set for it.
    process.env.ISMF_RUNTIME = 'aws';
    process.env.AWS_REGION = 'eu-west-1';
    process.env.TABLE_ARN = 'arn:aws:dynamodb:eu-west-1:111111111111:table/ismf';
    process.env.TABLE_KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/k';
    process.env.TENANT_DATA_ROLE_ARN = 'arn:aws:iam::111111111111:role/TenantData';
    let expiresIn = 3_600_000;
    sts.on(AssumeRoleCommand).callsFake(() => {
      const expiration = new Date(Date.now() + expiresIn);
      expiresIn = 3_600_000; // what STS hands out next is fresh again
      return { Credentials: { AccessKeyId: 'local', SecretAccessKey: 'local', SessionToken: 'token', Expiration: expiration } };
    });
    let steps = 0;
    const stop = onCredentialStep(() => steps++);
    const client = tenantDataClient('sts-telecom', getUser.access);
    for (let i = 0; i < 3; i++) await client.send(new GetCommand({ TableName: tableName(), Key: keys.entity('sts-telecom', 'user', `u${i}`) }));
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    const input = sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input;
    expect(input.RoleArn).toBe(process.env.TENANT_DATA_ROLE_ARN);
    expect(input.Tags).toEqual([{ Key: 'tenantId', Value: 'sts-telecom' }]);
    expect(JSON.parse(input.Policy!)).toEqual(sessionPolicyFor(getUser.access));

    // Credentials handed out with only a minute left are renewed before the next use.
    expiresIn = 60_000;
    const other = tenantDataClient('sts-other', getUser.access);
    await other.send(new GetCommand({ TableName: tableName(), Key: keys.entity('sts-other', 'user', 'a') }));
    await other.send(new GetCommand({ TableName: tableName(), Key: keys.entity('sts-other', 'user', 'b') }));
    expect(sts.commandCalls(AssumeRoleCommand).filter((call) => call.args[0].input.Tags![0]!.Value === 'sts-other')).toHaveLength(2);
    expect(steps).toBe(3);
    stop();
  });
});
