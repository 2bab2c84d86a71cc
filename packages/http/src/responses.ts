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
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify(problem.toJSON(instance)),
  };
}

/** An entity's version as an ETag: what a PATCH must send back in If-Match. */
export function etag(version: number): string {
  return `"${version}"`;
}

/** Accepts `"3"`, `W/"3"` and `3`. */
export function parseEtag(value: string): number | undefined {
  const match = /^(?:W\/)?"?(\d{1,12})"?$/.exec(value.trim());
  return match ? Number(match[1]) : undefined;
}
