// Starts the one DynamoDB Local the run shares, creates the table, and stops the JVM at the end.
import type { TestProject } from 'vitest/node';
import { ensureTable, startDynamoDbLocal } from '../../packages/local/src/dynamodb-local.ts';

export const TEST_TABLE = 'ismf-test';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal();
  await ensureTable(dynamo.endpoint, TEST_TABLE);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('tableName', TEST_TABLE);
  return async () => dynamo.stop();
}
