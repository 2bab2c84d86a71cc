// The single table's shape, declared once: the local runtime creates it and CDK builds it from this.
import { INDEX_NAMES } from '@ismf/core/access';

export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * Overloaded indexes shared by every entity type, each partition key beginning with the tenant id. Which
 * access patterns share which index: docs/data-model.md (GSI1 lists, GSI2 the audit trail, GSI3 by one
 * value such as an owner, GSI4 by due date, GSI5 by name, GSI6 by importance).
 */
export const GLOBAL_INDEXES = INDEX_NAMES.map((name) => ({ name, partitionKey: `${name.toLowerCase()}pk`, sortKey: `${name.toLowerCase()}sk` }));

export function createTableInput(name: string) {
  const attributes = new Set<string>([PARTITION_KEY, SORT_KEY]);
  for (const index of GLOBAL_INDEXES) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: PARTITION_KEY, KeyType: 'HASH' as const },
      { AttributeName: SORT_KEY, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: GLOBAL_INDEXES.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' as const },
  };
}
