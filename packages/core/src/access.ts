// What a function may reach, as its declaration states it: CDK grants exactly this in AWS, and the local
// runtime enforces it as IAM would (packages/store/src/capabilities.ts). Every declaration kind
// (operations, consumers, scheduled jobs, flow tasks) states its access in this one shape.

/** The encryption context's `purpose` of every sealed secret: the only use of the platform key that `secrets` grants. */
export const SEALED_SECRET_PURPOSE = 'ismf-sealed-secret';

/** The table's overloaded indexes, named once (docs/data-model.md: which access patterns share which). */
export const INDEX_NAMES = ['GSI1', 'GSI2', 'GSI3', 'GSI4', 'GSI5', 'GSI6'] as const;
export type IndexName = (typeof INDEX_NAMES)[number];

export interface TableAccess {
  /** `read`: GetItem, Query, BatchGetItem. `write`: also PutItem, UpdateItem, DeleteItem, ConditionCheckItem. */
  table: 'none' | 'read' | 'write';
  /** Indexes the function queries: derived from the access patterns it names, where it names them. */
  indexes?: readonly IndexName[];
  /** Platform functions that legitimately reach outside one tenant say why. */
  crossTenant?: string;
  /** The audit digest key: `sign` (KMS Sign) or `verify` (KMS GetPublicKey). */
  signing?: 'sign' | 'verify';
  /**
   * Secrets kept sealed in the table (a webhook's signing secret) with the platform key: `seal` (kms:Encrypt:
   * creating, rotating) or `open` (kms:Decrypt: verifying). Locally AES-GCM with the local key.
   */
  secrets?: 'seal' | 'open';
  /** Objects under the tenant's prefix of the data bucket (evidence, raw payloads, exports). */
  objects?: 'read' | 'write';
  /** Cognito admin actions the function performs on the user pool. */
  identityProvider?: readonly string[];
  /** Step Functions: `start` executions of the declared flows, or `resume` them (SendTaskSuccess/Failure). */
  flows?: 'start' | 'resume';
  /** Sends e-mail (Amazon SES in AWS, the local mail folder locally). */
  mail?: boolean;
}

/** A declaration's access, with the one capability only consumers declare (EventBridge Scheduler). */
export type DeclaredAccess = TableAccess & { scheduler?: boolean };
