// What a DynamoDB request asks of IAM, read from the wire (X-Amz-Target and the JSON body) as AWS reads
// it: one (action, resource, leading keys) per table or index it touches.
import { GLOBAL_INDEXES, PARTITION_KEY } from './table.ts';
import type { DataRequest, TableArns } from './iam-policy.ts';

type AttributeMap = Record<string, { S?: string }>;
type Key = AttributeMap | undefined;
interface TransactItem {
  Put?: { Item: AttributeMap };
  Update?: { Key: AttributeMap };
  Delete?: { Key: AttributeMap };
  ConditionCheck?: { Key: AttributeMap };
  Get?: { Key: AttributeMap };
}
interface Body {
  Key?: AttributeMap;
  Item?: AttributeMap;
  IndexName?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: AttributeMap;
  RequestItems?: Record<string, { Keys?: AttributeMap[] } | { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }[]>;
  TransactItems?: TransactItem[];
}

const pkOf = (item: Key) => item?.[PARTITION_KEY]?.S ?? '';

function queryPartitionKey(body: Body): string {
  const keyAttribute = body.IndexName ? GLOBAL_INDEXES.find((index) => index.name === body.IndexName)?.partitionKey : PARTITION_KEY;
  const names: Record<string, string> = body.ExpressionAttributeNames ?? {};
  const expression: string = body.KeyConditionExpression ?? '';
  for (const match of expression.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    const attribute = names[match[1]!] ?? match[1];
    if (attribute === keyAttribute) return body.ExpressionAttributeValues?.[match[2]!]?.S ?? '';
  }
  return '';
}

export function dataRequests(target: string, body: Body, arns: TableArns): DataRequest[] {
  const operation = target.split('.').pop()!;
  const resourceOf = (indexName?: string) => (indexName ? (arns.indexes[indexName] ?? `${arns.table}/index/${indexName}`) : arns.table);
  switch (operation) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return [{ action: `dynamodb:${operation}`, resource: arns.table, leadingKeys: [pkOf(body.Key)] }];
    case 'PutItem':
      return [{ action: 'dynamodb:PutItem', resource: arns.table, leadingKeys: [pkOf(body.Item)] }];
    case 'Query':
      return [{ action: 'dynamodb:Query', resource: resourceOf(body.IndexName), leadingKeys: [queryPartitionKey(body)] }];
    case 'Scan':
      return [{ action: 'dynamodb:Scan', resource: resourceOf(body.IndexName), leadingKeys: [] }];
    case 'BatchGetItem':
      return Object.values(body.RequestItems ?? {}).map((request) => ({
        action: 'dynamodb:BatchGetItem',
        resource: arns.table,
        leadingKeys: ((request as { Keys?: AttributeMap[] }).Keys ?? []).map(pkOf),
      }));
    case 'BatchWriteItem':
      return Object.values(body.RequestItems ?? {}).map((requests) => ({
        action: 'dynamodb:BatchWriteItem',
        resource: arns.table,
        leadingKeys: (requests as { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }[]).map((request) =>
          pkOf(request.PutRequest?.Item ?? request.DeleteRequest?.Key),
        ),
      }));
    case 'TransactWriteItems':
      // IAM checks each item of a transaction with the action of its kind.
      return (body.TransactItems ?? []).map((item) => {
        if (item.Put) return { action: 'dynamodb:PutItem', resource: arns.table, leadingKeys: [pkOf(item.Put.Item)] };
        if (item.Update) return { action: 'dynamodb:UpdateItem', resource: arns.table, leadingKeys: [pkOf(item.Update.Key)] };
        if (item.Delete) return { action: 'dynamodb:DeleteItem', resource: arns.table, leadingKeys: [pkOf(item.Delete.Key)] };
        return { action: 'dynamodb:ConditionCheckItem', resource: arns.table, leadingKeys: [pkOf(item.ConditionCheck?.Key)] };
      });
    case 'TransactGetItems':
      return (body.TransactItems ?? []).map((item) => ({ action: 'dynamodb:GetItem', resource: arns.table, leadingKeys: [pkOf(item.Get?.Key)] }));
    default:
      // Control-plane calls (DescribeTable …) are outside the tenant role entirely.
      return [{ action: `dynamodb:${operation}`, resource: arns.table, leadingKeys: [] }];
  }
}
