// The API's answer to a failure: every failure leaves as application/problem+json. Client mistakes are
// Problems (4xx); anything else is logged and answered with a 500 that reveals nothing. The
// instrumented handler gives it the last word on an operation's response.
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Problem } from '@ismf/core/problems';
import { logger } from '@ismf/handler/logger';
import { problemResponse } from './responses.ts';

export function problemAnswer(error: unknown, event: APIGatewayProxyEventV2WithJWTAuthorizer | undefined): APIGatewayProxyStructuredResultV2 {
  const instance = event?.requestContext?.requestId;
  if (error instanceof Problem) {
    if (error.status >= 500) logger.error('request failed', { error });
    return problemResponse(error, instance);
  }
  logger.error('unexpected failure', { error: error as Error });
  return problemResponse(new Problem(500, 'internal-error', 'the request could not be completed; it has been logged'), instance);
}
