// The shape of one catalogue entry. Each operation is declared once; CDK, the local server and the
// OpenAPI document are all built from these declarations.
import type { z } from 'zod';
import type { Role } from '@ismf/core/roles';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The management areas of X.1052 clauses 7–13, plus the platform itself. */
export type Area = 'platform' | 'audit' | 'policy' | 'risk' | 'organization' | 'assets' | 'acquisition' | 'operations' | 'incidents';

/** Who may call: listed roles (token groups), or anyone (health, the API document). */
export type Callers = { roles: readonly Role[] } | { public: true };

export interface TableAccess {
  /** `read`: GetItem, Query, BatchGetItem. `write`: also PutItem, UpdateItem, DeleteItem, ConditionCheckItem. */
  table: 'none' | 'read' | 'write';
  /** Indexes the operation queries. */
  indexes?: readonly ('GSI1' | 'GSI2' | 'GSI3' | 'GSI4')[];
  /** Platform functions that legitimately reach outside one tenant say why. */
  crossTenant?: string;
  /** The audit digest key: `sign` (KMS Sign) or `verify` (KMS GetPublicKey). */
  signing?: 'sign' | 'verify';
  /** Objects under the tenant's prefix of the data bucket (evidence, raw payloads, exports). */
  objects?: 'read' | 'write';
  /** Cognito admin actions the operation performs on the user pool. */
  identityProvider?: readonly string[];
  /** Step Functions: `start` executions of the catalogue's flows, or `resume` them (SendTaskSuccess/Failure). */
  flows?: 'start' | 'resume';
  /** Sends e-mail (Amazon SES in AWS, the local mail folder locally). */
  mail?: boolean;
}

export interface Operation<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  name: string;
  area: Area;
  method: HttpMethod;
  path: string;
  summary: string;
  description: string;
  /** The handler module, relative to the repository root. */
  handler: string;
  callers: Callers;
  /** The X.1051 (2008) clauses this operation serves. */
  clauses: readonly string[];
  access: TableAccess;
  params?: P;
  query?: Q;
  body?: B;
  /** A body the handler reads itself (CSV, XML, …): its accepted media types, each with a schema for the API document. */
  rawBody?: { mediaTypes: Record<string, Record<string, unknown>> };
  response: R;
  successStatus: 200 | 201 | 204;
  /**
   * Problem statuses the domain answers beyond those the declaration implies (400 always; 401, 403 unless
   * public; 404 with path parameters; 409, 413, 415 with a body; 412, 428 when versioned; 422 when idempotent).
   */
  problems?: readonly (404 | 409 | 422)[];
  /** Creates accept an Idempotency-Key header. */
  idempotent?: boolean;
  /** Updates require If-Match with the version from the ETag. */
  versioned?: boolean;
  /** Sort orders a list serves (documented in the OpenAPI description). */
  sort?: string;
  examples: { body?: z.input<B>; response: z.output<R> };
}

export function defineOperation<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  operation: Operation<P, Q, B, R>,
): Operation<P, Q, B, R> {
  return operation;
}
