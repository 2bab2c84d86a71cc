// Building API Gateway v2 results: JSON bodies and RFC 9457 problem documents.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Problem } from '@ismf/core/problems';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json', ...headers },
    ...(status === 204 ? {} : { body: JSON.stringify(body) }),
  };
}

export function problemResponse(problem: Problem, instance?: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { ...problem.headers, 'content-type': 'application/problem+json', ...(instance ? { 'x-request-id': instance } : {}) },
    body: JSON.stringify(problem.toJSON(instance)),
  };
}

/** An entity's version as an ETag: what a PATCH must send back in If-Match. */
export function etag(version: number): string {
  return `"${version}"`;
}

/**
 * Only the strong ETags this API hands out: `"3"`. If-Match compares strongly (RFC 9110 13.1.1), so a weak
 * tag never matches, and `"03"` or a bare `3` is no tag we gave.
 */
export function parseEtag(value: string): number | undefined {
  const match = /^"(0|[1-9]\d{0,11})"$/.exec(value.trim());
  return match ? Number(match[1]) : undefined;
}
