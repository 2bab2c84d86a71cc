// The error handler: every failure leaves as application/problem+json. Client mistakes are Problems
// (4xx); anything else is logged and answered with a 500 that reveals nothing.
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Problem } from '@ismf/core/problems';
import { logger } from './logger.ts';
import type { OperationContext } from './operation-context.ts';
import { problemResponse } from './responses.ts';

type Request = middy.Request<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Error, OperationContext>;

export function problemErrors(): middy.MiddlewareObj<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Error, OperationContext> {
  return {
    onError: async (request: Request) => {
      const error = request.error;
      const instance = request.event?.requestContext?.requestId;
      if (error instanceof Problem) {
        if (error.status >= 500) logger.error('request failed', { error });
        request.response = problemResponse(error, instance);
        return;
      }
      logger.error('unexpected failure', { error: error as Error });
      request.response = problemResponse(new Problem(500, 'internal-error', 'the request could not be completed; it has been logged'), instance);
    },
  };
}
