// The one way an operation's handler is made, on the instrumented handler: the role check on verified
// claims, zod parsing, one domain call; a failure is answered as problem+json (the last word on the
// response), and the outcome counted is the class of the status answered.
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { PLATFORM_ID } from '@ismf/core/ids';
import type { Operation } from '@ismf/catalogue/operation';
import type { WriteContext } from '@ismf/store/unit-of-work';
import { authorize } from './authorize.ts';
import type { Caller } from './claims.ts';
import { instrumentedHandler, outcomeOfStatus } from '@ismf/handler/instrumented-handler';
import type { OperationContext } from './operation-context.ts';
import { parse, type ParsedRequest } from './parse-request.ts';
import { problemAnswer } from './problem-errors.ts';
import { etag, jsonResponse } from './responses.ts';
import Negotiator from 'negotiator';

type Out<S> = NonNullable<S> extends z.ZodType ? z.output<NonNullable<S>> : undefined;

export interface OperationRequest<Op extends Operation> {
  params: Out<Op['params']>;
  query: Out<Op['query']>;
  /** The declared request headers, parsed (an operation that declares none gets undefined). */
  headers: Out<Op['headers']>;
  body: Out<Op['body']>;
  /** The caller from the verified claims. */
  caller: Caller;
  /** Whose data the request touches: the caller's tenant, or the platform for operator operations. */
  tenantId: string;
  /** Who and what, for the audit entries of any change. */
  write: WriteContext;
  idempotency?: ParsedRequest['idempotency'];
  expectedVersion?: number;
  /** The representation the caller prefers, among the operation's `responseMediaTypes` (undefined: JSON). */
  mediaType?: string;
}

/** A domain answer: the body, or the body with a status (e.g. 200 for an idempotent replay). */
export interface OperationResult {
  status?: number;
  body: unknown;
  /** Where an accepted job can be followed (`Location` of a 202). */
  location?: string;
  /** Another representation than JSON (one of the operation's `responseMediaTypes`): the body is its text. */
  mediaType?: string;
}

const JSON_MEDIA_TYPE = 'application/json';

/**
 * The media type of the operation's `responseMediaTypes` the Accept header prefers over JSON, if any: read by
 * `negotiator` (quality values, specificity, wildcards); JSON is offered first, so it wins ties and an absent
 * or `*\/*` Accept.
 */
export function preferredMediaType(operation: Operation, accept: string | undefined): string | undefined {
  const offered = Object.keys(operation.responseMediaTypes ?? {});
  if (!accept || offered.length === 0) return undefined;
  const [best] = new Negotiator({ headers: { accept } }).mediaTypes([JSON_MEDIA_TYPE, ...offered]);
  return best && best !== JSON_MEDIA_TYPE ? best : undefined;
}

type Domain<Op extends Operation> = (request: OperationRequest<Op>) => Promise<OperationResult>;

/** Whether If-None-Match names this ETag (weak comparison, RFC 9110 13.1.2: `W/"3"` matches `"3"`), or is `*`. */
function noneMatches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value.replace(/^W\//, '') === tag;
  });
}

const ANONYMOUS: Caller = { userId: 'anonymous', roles: [] };

export function operationHandler<Op extends Operation>(operation: Op, domain: Domain<Op>) {
  return instrumentedHandler<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, OperationContext>({
    kind: 'operation',
    name: operation.name,
    access: operation.access,
    keys: (event) => ({ requestId: event.requestContext?.requestId }),
    // The role check puts the request into the caller's tenant.
    steps: [authorize(operation), parse(operation)],
    answerFailure: problemAnswer,
    outcome: (response) => outcomeOfStatus(response?.statusCode),
    work: async (event, context) => {
      const caller = context.caller ?? ANONYMOUS;
      const parsed = context.parsed!;
      const requestId = event.requestContext?.requestId;
      const result = await domain({
        params: parsed.params as Out<Op['params']>,
        query: parsed.query as Out<Op['query']>,
        headers: parsed.headers as Out<Op['headers']>,
        body: parsed.body as Out<Op['body']>,
        caller,
        tenantId: caller.tenantId ?? PLATFORM_ID,
        write: {
          actor: { userId: caller.userId, roles: caller.roles },
          operation: operation.name,
          ...(requestId ? { requestId } : {}),
        },
        ...(parsed.idempotency ? { idempotency: parsed.idempotency } : {}),
        ...(parsed.expectedVersion !== undefined ? { expectedVersion: parsed.expectedVersion } : {}),
        ...(operation.responseMediaTypes ? { mediaType: preferredMediaType(operation, event.headers?.accept) } : {}),
      });
      const status = result.status ?? operation.successStatus;
      const headers: Record<string, string> = {};
      if (result.mediaType) {
        if (!operation.responseMediaTypes?.[result.mediaType]) throw new Error(`${operation.name} declares no ${result.mediaType} answer`);
        return {
          statusCode: status,
          headers: { 'content-type': `${result.mediaType}; charset=utf-8`, vary: 'accept', ...(requestId ? { 'x-request-id': requestId } : {}) },
          body: result.body as string,
        };
      }
      if (operation.responseMediaTypes) headers.vary = 'accept';
      const body = result.body as { id?: unknown; version?: unknown } | undefined;
      if (body && typeof body.version === 'number') headers.etag = etag(body.version);
      if (status === 201 && body && typeof body.id === 'string') {
        const id = encodeURIComponent(body.id);
        headers.location = operation.createdAt ? operation.createdAt.replace('{id}', id) : `${event.rawPath}/${id}`;
      }
      if (result.location) headers.location = result.location;
      if (requestId) headers['x-request-id'] = requestId;
      // RFC 9110 13.1.2: a read of a version the caller holds already answers 304, without the body.
      if (event.requestContext?.http?.method === 'GET' && status === 200 && headers.etag && noneMatches(event.headers?.['if-none-match'], headers.etag)) {
        return { statusCode: 304, headers: { etag: headers.etag, ...(requestId ? { 'x-request-id': requestId } : {}) } };
      }
      return jsonResponse(status, result.body, headers);
    },
  });
}
