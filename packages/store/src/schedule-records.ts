// The record of each provisioned schedule (one per tenant and job), kept under the platform id: the
// local scheduler fires from it, and in AWS it mirrors what EventBridge Scheduler holds.
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query.ts';
import { PLATFORM_ID } from '@ismf/core/ids';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

const SCHEDULE = 'schedule';

export interface ScheduleRecord {
  job: string;
  tenantId: string;
  expression: string;
  createdAt: string;
}

const recordId = (job: string, tenantId: string) => `${job}.${tenantId}`;

export async function recordSchedule(job: string, tenantId: string, expression: string): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.entity(PLATFORM_ID, SCHEDULE, recordId(job, tenantId)),
        gsi1pk: keys.entityList(PLATFORM_ID, SCHEDULE),
        gsi1sk: recordId(job, tenantId),
        kind: 'schedule',
        job,
        tenantId,
        expression,
        createdAt: new Date().toISOString(),
      },
    }),
  );
}

export async function removeScheduleRecord(job: string, tenantId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.entity(PLATFORM_ID, SCHEDULE, recordId(job, tenantId)) }));
}

export async function listScheduleRecords(job?: string): Promise<ScheduleRecord[]> {
  const items = await queryAll({
    TableName: tableName(),
    IndexName: 'GSI1',
    KeyConditionExpression: job ? 'gsi1pk = :pk AND begins_with(gsi1sk, :job)' : 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.entityList(PLATFORM_ID, SCHEDULE), ...(job ? { ':job': `${job}.` } : {}) },
  });
  return items.map((item) => ({ job: item.job, tenantId: item.tenantId, expression: item.expression, createdAt: item.createdAt }) as ScheduleRecord);
}
