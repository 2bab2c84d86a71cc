// Starts the one DynamoDB Local the run shares, creates the table, and stops the JVM at the end.
import type { TestProject } from 'vitest/node';
import { ensureTable, startDynamoDbLocal } from '../../packages/local/src/dynamodb-local.ts';
import { HAS_REALDATA, REALDATA_MISSING } from './realdata.ts';
import { buildConsole } from '../../packages/console/src/server/build.ts';

export const TEST_TABLE = 'ismf-test';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
  }
}

export default async function setup(project: TestProject) {
  // Without the real data its tests are skipped, said once here; CI must never skip them silently.
  if (!HAS_REALDATA) {
    if (process.env.CI === 'true') throw new Error(`CI=true: ${REALDATA_MISSING.replace('are skipped', 'would be skipped')}`);
    console.warn(`Notice: ${REALDATA_MISSING}`);
  }
  // The web console, as npm start builds it (again only when its sources changed), for the browser tests.
  const consoleBuild = buildConsole();
  const dynamo = await startDynamoDbLocal();
  await consoleBuild;
  await ensureTable(dynamo.endpoint, TEST_TABLE);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('tableName', TEST_TABLE);
  return async () => dynamo.stop();
}
