// Parsing and validating a request against its catalogue entry: content type, size, JSON, then zod
// (strict objects: unknown fields are errors). Every failure names the field; nothing reaches the store.
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { digest } from '@ismf/core/canonical';
import { Problem, problems, type FieldError } from '@ismf/core/problems';
import { readJsonBody } from '@ismf/core/strict-json';
import type { Operation } from '@ismf/catalogue/operation';
import type { OperationContext } from './operation-context.ts';
import { parseEtag } from './responses.ts';

/** API Gateway takes 10 MB and Lambda 6 MB synchronously: bodies are capped below both. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export interface ParsedRequest {
  params: unknown;
  query: unknown;
  headers?: unknown;
  body: unknown;
  idempotency?: { key: string; requestHash: string };
  expectedVersion?: number;
}

export function fieldErrors(location: string, error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [location, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: `${base}.${key}`, message: 'unknown field' }));
    }
    return [{ path: base, message: issue.message }];
  });
}

function validate(location: string, schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw problems.invalid(`the request ${location} is not valid`, fieldErrors(location, result.error));
  return result.data;
}

function mediaType(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase();
}

export interface RawBody {
  mediaType: string;
  text: string;
  /** The bytes as received (a signature is computed over these, not over a decoded text). */
  bytes: Buffer;
}

function readRawBody(operation: Operation, event: APIGatewayProxyEventV2WithJWTAuthorizer): RawBody {
  const accepted = Object.keys(operation.rawBody!.mediaTypes);
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8')) : Buffer.alloc(0);
  if (raw.length > MAX_BODY_BYTES) {
    const instead = operation.rawBody!.tooLarge;
    throw new Problem(413, 'body-too-large', `request bodies are limited to ${MAX_BODY_BYTES} bytes${instead ? `: ${instead}` : ''}`, [
      { path: 'body', message: `larger than ${MAX_BODY_BYTES} bytes` },
    ]);
  }
  const type = mediaType(event.headers?.['content-type']);
  if (!type || !accepted.includes(type)) {
    throw new Problem(415, 'unsupported-media-type', `send the body as one of: ${accepted.join(', ')}`, [
      { path: 'header.content-type', message: `one of ${accepted.join(', ')}` },
    ]);
  }
  if (raw.length === 0) throw problems.invalid('a body is required', [{ path: 'body', message: 'required' }]);
  return { mediaType: type, text: raw.toString('utf8'), bytes: raw };
}

function readBody(operation: Operation, event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown {
  if (operation.rawBody) return readRawBody(operation, event);
  if (!operation.body) return undefined;
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8')) : undefined;
  if (raw && raw.length > MAX_BODY_BYTES) {
    throw new Problem(413, 'body-too-large', `request bodies are limited to ${MAX_BODY_BYTES} bytes`, [
      { path: 'body', message: `larger than ${MAX_BODY_BYTES} bytes` },
    ]);
  }
  const accepted = operation.method === 'PATCH' ? ['application/merge-patch+json', 'application/json'] : ['application/json'];
  const type = mediaType(event.headers?.['content-type']);
  if (!type || !accepted.includes(type)) {
    throw new Problem(415, 'unsupported-media-type', `send the body as ${accepted.join(' or ')}`, [
      { path: 'header.content-type', message: `expected ${accepted.join(' or ')}` },
    ]);
  }
  if (!raw || raw.length === 0) throw problems.invalid('a JSON body is required', [{ path: 'body', message: 'required' }]);
  return readJsonBody(raw.toString('utf8'));
}

/** An operation that declares no query parameters takes none: an ignored one would hide a client's mistake. */
function noQuery(query: Record<string, string | undefined> | undefined): undefined {
  const names = Object.keys(query ?? {});
  if (names.length)
    throw problems.invalid(
      'this operation takes no query parameters',
      names.map((name) => ({ path: `query.${name}`, message: 'unknown parameter' })),
    );
  return undefined;
}

export function parseRequest(operation: Operation, event: APIGatewayProxyEventV2WithJWTAuthorizer): ParsedRequest {
  const headers = event.headers ?? {};
  const json = readBody(operation, event);
  const parsed: ParsedRequest = {
    params: validate('path', operation.params, event.pathParameters ?? {}),
    query: operation.query ? validate('query', operation.query, event.queryStringParameters ?? {}) : noQuery(event.queryStringParameters),
    ...(operation.headers ? { headers: validate('header', operation.headers, headers) } : {}),
    body: operation.rawBody ? json : validate('body', operation.body, json),
  };
  if (operation.idempotent && headers['idempotency-key'] !== undefined) {
    const key = headers['idempotency-key'];
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw problems.invalid('Idempotency-Key is 1–255 visible ASCII characters', [{ path: 'header.idempotency-key', message: 'invalid' }]);
    }
    // A raw body is hashed by its text: its bytes are the same text.
    const hashed = operation.rawBody ? { mediaType: (json as RawBody).mediaType, text: (json as RawBody).text } : json;
    parsed.idempotency = { key, requestHash: digest(hashed) };
  }
  if (operation.versioned) {
    const ifMatch = headers['if-match'];
    if (ifMatch === undefined) throw problems.versionRequired();
    const version = parseEtag(ifMatch);
    if (version === undefined) {
      throw problems.invalid('If-Match must be the ETag of the version being changed', [
        {
          path: 'header.if-match',
          message: /^\s*W\//.test(ifMatch) ? 'a weak ETag never matches: send the strong ETag as given' : 'not an ETag this API handed out',
        },
      ]);
    }
    parsed.expectedVersion = version;
  }
  return parsed;
}

export function parse(
  operation: Operation,
): middy.MiddlewareObj<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Error, OperationContext> {
  return {
    before: async (request) => {
      request.context.parsed = parseRequest(operation, request.event);
    },
  };
}
