// The shape of one catalogue entry. Each operation is declared once; CDK, the local server and the
// OpenAPI document are all built from these declarations.
import type { z } from 'zod';
import type { TableAccess } from '@ismf/core/access';
import type { Role } from '@ismf/core/roles';
import { accessFor, type AccessPattern } from '@ismf/store/entity-model';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The area an operation belongs to: a management area of X.1052 clauses 7–13, or one of the platform's own
 * (tenants, audit, evidence, flows, notifications). Areas declare themselves; no list of them lives here.
 */
export type Area = string;

/** Who may call: listed roles (token groups), or anyone (health, the API document). */
export type Callers = { roles: readonly Role[] } | { public: true };

export interface Operation<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  H extends z.ZodType = z.ZodType,
> {
  name: string;
  area: Area;
  /** The API document's grouping of the operation (described by an area's `tags`); its area by default. */
  tag?: string;
  method: HttpMethod;
  path: string;
  summary: string;
  description: string;
  /** The handler module, relative to the repository root. */
  handler: string;
  callers: Callers;
  /** The X.1051 (2008) clauses this operation serves. */
  clauses: readonly string[];
  /** Table, objects, signing …: `indexes` is not given but follows from `patterns`. */
  access: TableAccess;
  /** The access patterns the operation reads (`assetEntity.patterns.byOwner`): its indexes are theirs. */
  patterns?: readonly AccessPattern[];
  params?: P;
  query?: Q;
  /**
   * Request headers the operation reads (lower-case names; a plain `z.object`, since every request carries
   * others too): parsed like the query, documented as header parameters. A signed webhook's signature headers.
   */
  headers?: H;
  body?: B;
  /**
   * A body the handler reads itself (CSV, XML, a signed webhook's bytes): its accepted media types, each with a
   * schema for the API document; `tooLarge`: where a body over the limit should go instead (said in the 413).
   */
  rawBody?: { mediaTypes: Record<string, Record<string, unknown>>; tooLarge?: string };
  response: R;
  /**
   * Other representations of the success answer, chosen by the request's Accept (`text/calendar`): each media type
   * with the JSON Schema the API document gives it. JSON (`response`) stays the default.
   */
  responseMediaTypes?: Record<string, Record<string, unknown>>;
  successStatus: 200 | 201 | 202 | 204;
  /**
   * Where a 201's record is read, when not under the request's path (`/recommendation-reviews/{id}` for a review asked
   * for under its early warning): the `Location` the handler sets, `{id}` the created record's id.
   */
  createdAt?: string;
  /**
   * Problem statuses the domain answers beyond those the declaration implies (400 always; 401, 403 unless
   * public — a public operation that authenticates otherwise, a signed webhook, lists 401; 404 with path parameters; 409, 413, 415 with a body; 412, 428 when versioned; 422 when idempotent).
   */
  problems?: readonly (401 | 404 | 409 | 410 | 422)[];
  /**
   * Creates accept an Idempotency-Key header: the handler passes the parsed key to the store's
   * `commitIdempotent`, which replays the first answer (200) and refuses another body (422).
   */
  idempotent?: boolean;
  /** Updates require If-Match with the version from the ETag. */
  versioned?: boolean;
  /** Sort orders a list serves (documented in the OpenAPI description). */
  sort?: string;
  examples: { body?: z.input<B>; response: z.output<R> };
}

export function defineOperation<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType, H extends z.ZodType = z.ZodType>(
  operation: Operation<P, Q, B, R, H>,
): Operation<P, Q, B, R, H> {
  return { ...operation, access: accessFor(`operation ${operation.name}`, operation.access, operation.patterns) };
}
