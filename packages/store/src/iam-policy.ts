// The IAM policies that confine a tenant's data access, built in one place: CDK writes the tenant
// data-access role from them, the runtime writes each function's session policy from them, and the
// local runtime (where STS is not emulated) evaluates every DynamoDB request against them.
import type { TableAccess } from '@ismf/core/access';
import { GLOBAL_INDEXES } from './table.ts';

export const TENANT_TAG = 'tenantId';
/** The partition key prefix of a tenant, as the key module writes it, with the tag in place of the id. */
export const LEADING_KEYS_PATTERN = `\${aws:PrincipalTag/${TENANT_TAG}}#*`;

export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
export const WRITE_ACTIONS = [...READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface TableArns {
  table: string;
  indexes: Record<string, string>;
}

export function tableArns(tableArn: string): TableArns {
  return { table: tableArn, indexes: Object.fromEntries(GLOBAL_INDEXES.map((index) => [index.name, `${tableArn}/index/${index.name}`])) };
}

/** The tenant data-access role's table statement: every data-plane action, only inside the tagged tenant's keys. Never Scan. */
export function tenantRoleTableStatement(arns: TableArns): PolicyStatement {
  return {
    Sid: 'TenantItemsOnly',
    Effect: 'Allow',
    Action: WRITE_ACTIONS,
    Resource: [arns.table, ...Object.values(arns.indexes)],
    Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [LEADING_KEYS_PATTERN] } },
  };
}

/** A function's session policy: the actions its catalogue entry declares, on the table and the indexes it names. */
export function sessionPolicy(access: TableAccess, arns: TableArns): PolicyDocument {
  if (access.table === 'none') return { Version: '2012-10-17', Statement: [] };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DeclaredAccess',
        Effect: 'Allow',
        Action: access.table === 'write' ? WRITE_ACTIONS : READ_ACTIONS,
        Resource: [arns.table, ...(access.indexes ?? []).map((index) => arns.indexes[index]!)],
      },
    ],
  };
}

// ---- evaluation (the local stand-in for IAM on the statements above) ----

export interface DataRequest {
  action: string;
  resource: string;
  /** The partition key values the request touches (DynamoDB's dynamodb:LeadingKeys). */
  leadingKeys: string[];
}

function glob(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

function conditionHolds(condition: PolicyStatement['Condition'], request: DataRequest, tags: Record<string, string>): boolean {
  for (const [operator, clauses] of Object.entries(condition ?? {})) {
    for (const [key, wanted] of Object.entries(clauses)) {
      if (operator !== 'ForAllValues:StringLike' || key !== 'dynamodb:LeadingKeys') throw new Error(`unsupported condition ${operator} ${key}`);
      const patterns = [wanted].flat().map((pattern) => pattern.replace(/\$\{aws:PrincipalTag\/([\w-]+)\}/g, (_, tag: string) => tags[tag] ?? '\u0000unset'));
      if (!request.leadingKeys.every((leadingKey) => patterns.some((pattern) => glob(pattern, leadingKey)))) return false;
    }
  }
  return true;
}

function allows(policy: PolicyStatement[], request: DataRequest, tags: Record<string, string>): boolean {
  return policy.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      statement.Action.some((action) => glob(action, request.action)) &&
      statement.Resource.some((resource) => glob(resource, request.resource)) &&
      conditionHolds(statement.Condition, request, tags),
  );
}

/** Effective rights of an assumed-role session: the role's policy and the session policy must both allow. */
export function sessionAllows(rolePolicy: PolicyStatement[], session: PolicyDocument, request: DataRequest, tags: Record<string, string>): boolean {
  return allows(rolePolicy, request, tags) && allows(session.Statement, request, tags);
}
