// Points every test file's store at the shared DynamoDB Local.
import { afterAll, inject } from 'vitest';
import { closeDb } from '@ismf/store/client';

process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
process.env.TABLE_NAME = inject('tableName');
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
delete process.env.USER_POOL_ID;

afterAll(() => closeDb());
