// The Lambda context, carrying what the middlewares established for the domain call.
import type { Context } from 'aws-lambda';
import type { Caller } from './claims.ts';
import type { ParsedRequest } from './parse-request.ts';

export interface OperationContext extends Context {
  caller?: Caller;
  parsed?: ParsedRequest;
}
