// The AWS runtime's object store, for unit tests of S3 calls (no local engine serves S3: the client is
// mocked, the table is still DynamoDB Local's). Lambda sets AWS_REGION, CDK the bucket; presigning signs
// locally with whatever credentials the client has, so nothing reaches AWS.
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach } from 'vitest';

const TEST_BUCKET = 'ismf-data-test';

/** Switches this process to the AWS runtime with a data bucket; returns the function that restores the environment. */
export function useAwsObjectStore(): () => void {
  const saved = { ...process.env };
  process.env.ISMF_RUNTIME = 'aws';
  process.env.AWS_REGION = 'eu-west-1';
  process.env.DATA_BUCKET = TEST_BUCKET;
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  delete process.env.TENANT_DATA_ROLE_ARN;
  delete process.env.TABLE_KEY_ARN;
  return () => {
    process.env = saved;
  };
}

/**
 * For the enclosing suite: the AWS runtime with a mocked S3 client, reset before each test and restored
 * (with the environment) after the suite. Returns the mock, to program answers and read the calls.
 */
export function mockedObjectStore() {
  const s3 = mockClient(S3Client);
  let restoreEnvironment: () => void = () => undefined;
  beforeAll(() => {
    restoreEnvironment = useAwsObjectStore();
  });
  afterAll(() => {
    s3.restore();
    restoreEnvironment();
  });
  beforeEach(() => s3.reset());
  return s3;
}
