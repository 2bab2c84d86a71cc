// What IAM is asked by a DynamoDB request, read from the wire as AWS reads it: the action, the table or
// index, and the leading keys, for every data-plane call, so that the local evaluation confines a tenant
// exactly as the tenant role's LeadingKeys condition does in AWS.
import { describe, expect, it } from 'vitest';
import { dataRequests } from '@ismf/store/data-requests';
import { tableArns } from '@ismf/store/iam-policy';

const arns = tableArns('arn:aws:dynamodb:eu-west-1:000000000000:table/ismf');
const S = (value: string) => ({ S: value });
const key = (pk: string) => ({ pk: S(pk), sk: S('#META') });

describe('the IAM requests of a DynamoDB call', () => {
  it('reads single-item calls by their key or item, whatever the target prefix', () => {
    for (const operation of ['GetItem', 'DeleteItem', 'UpdateItem']) {
      expect(dataRequests(`DynamoDB_20120810.${operation}`, { Key: key('acme#user#1') }, arns)).toEqual([
        { action: `dynamodb:${operation}`, resource: arns.table, leadingKeys: ['acme#user#1'] },
      ]);
    }
    expect(dataRequests('DynamoDB_20120810.PutItem', { Item: { ...key('acme#asset#2'), name: S('x') } }, arns)).toEqual([
      { action: 'dynamodb:PutItem', resource: arns.table, leadingKeys: ['acme#asset#2'] },
    ]);
    // A request without a key touches no partition IAM could admit: an empty leading key.
    expect(dataRequests('GetItem', {}, arns)).toEqual([{ action: 'dynamodb:GetItem', resource: arns.table, leadingKeys: [''] }]);
  });

  it('reads a query’s partition from its key condition, on the table or the index it names', () => {
    expect(
      dataRequests(
        'DynamoDB_20120810.Query',
        { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)', ExpressionAttributeValues: { ':pk': S('acme#x'), ':a': S('audit#') } },
        arns,
      ),
    ).toEqual([{ action: 'dynamodb:Query', resource: arns.table, leadingKeys: ['acme#x'] }]);
    // Through attribute names, on an index: its own partition key counts, not the table's.
    expect(
      dataRequests(
        'Query',
        {
          IndexName: 'GSI2',
          KeyConditionExpression: '#k = :day AND gsi2sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#k': 'gsi2pk' },
          ExpressionAttributeValues: { ':day': S('acme#audit#2026-11-29'), ':from': S('a'), ':to': S('b') },
        },
        arns,
      ),
    ).toEqual([{ action: 'dynamodb:Query', resource: arns.indexes.GSI2, leadingKeys: ['acme#audit#2026-11-29'] }]);
    // The table's pk named on an index is no key condition of that index.
    expect(
      dataRequests('Query', { IndexName: 'GSI1', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': S('acme#x') } }, arns)[0]!.leadingKeys,
    ).toEqual(['']);
    // An index the table does not have is still a resource under the table.
    expect(dataRequests('Query', { IndexName: 'GSI9', KeyConditionExpression: 'x = :x', ExpressionAttributeValues: { ':x': S('acme') } }, arns)).toEqual([
      { action: 'dynamodb:Query', resource: `${arns.table}/index/GSI9`, leadingKeys: [''] },
    ]);
    expect(dataRequests('Query', { KeyConditionExpression: 'pk = :missing' }, arns)[0]!.leadingKeys).toEqual(['']);
    expect(dataRequests('Query', {}, arns)[0]!.leadingKeys).toEqual(['']);
  });

  it('reads a scan as touching no one partition', () => {
    expect(dataRequests('Scan', {}, arns)).toEqual([{ action: 'dynamodb:Scan', resource: arns.table, leadingKeys: [] }]);
    expect(dataRequests('Scan', { IndexName: 'GSI4' }, arns)).toEqual([{ action: 'dynamodb:Scan', resource: arns.indexes.GSI4, leadingKeys: [] }]);
  });

  it('reads batches per table, with every key they touch', () => {
    expect(dataRequests('BatchGetItem', { RequestItems: { ismf: { Keys: [key('acme#a#1'), key('other#a#2')] } } }, arns)).toEqual([
      { action: 'dynamodb:BatchGetItem', resource: arns.table, leadingKeys: ['acme#a#1', 'other#a#2'] },
    ]);
    expect(dataRequests('BatchGetItem', { RequestItems: { ismf: {} } }, arns)).toEqual([
      { action: 'dynamodb:BatchGetItem', resource: arns.table, leadingKeys: [] },
    ]);
    expect(
      dataRequests(
        'BatchWriteItem',
        { RequestItems: { ismf: [{ PutRequest: { Item: key('acme#a#1') } }, { DeleteRequest: { Key: key('acme#a#2') } }] } },
        arns,
      ),
    ).toEqual([{ action: 'dynamodb:BatchWriteItem', resource: arns.table, leadingKeys: ['acme#a#1', 'acme#a#2'] }]);
    expect(dataRequests('BatchGetItem', {}, arns)).toEqual([]);
    expect(dataRequests('BatchWriteItem', {}, arns)).toEqual([]);
  });

  it('reads each item of a transaction with the action of its kind', () => {
    expect(
      dataRequests(
        'TransactWriteItems',
        {
          TransactItems: [
            { Put: { Item: key('acme#p#1') } },
            { Update: { Key: key('acme#u#1') } },
            { Delete: { Key: key('acme#d#1') } },
            { ConditionCheck: { Key: key('acme#c#1') } },
          ],
        },
        arns,
      ),
    ).toEqual([
      { action: 'dynamodb:PutItem', resource: arns.table, leadingKeys: ['acme#p#1'] },
      { action: 'dynamodb:UpdateItem', resource: arns.table, leadingKeys: ['acme#u#1'] },
      { action: 'dynamodb:DeleteItem', resource: arns.table, leadingKeys: ['acme#d#1'] },
      { action: 'dynamodb:ConditionCheckItem', resource: arns.table, leadingKeys: ['acme#c#1'] },
    ]);
    expect(dataRequests('TransactGetItems', { TransactItems: [{ Get: { Key: key('acme#g#1') } }, {}] }, arns)).toEqual([
      { action: 'dynamodb:GetItem', resource: arns.table, leadingKeys: ['acme#g#1'] },
      { action: 'dynamodb:GetItem', resource: arns.table, leadingKeys: [''] },
    ]);
    expect(dataRequests('TransactWriteItems', {}, arns)).toEqual([]);
    expect(dataRequests('TransactGetItems', {}, arns)).toEqual([]);
  });

  it('reads a control-plane call as an action on the table with no leading keys', () => {
    expect(dataRequests('DynamoDB_20120810.DescribeTable', {}, arns)).toEqual([{ action: 'dynamodb:DescribeTable', resource: arns.table, leadingKeys: [] }]);
  });
});
