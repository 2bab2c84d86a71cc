// A missing or wrong CDK context value: the CLI's entry (app.ts) prints its message alone, without a stack
// trace; each message names the `-c key=value` to give.
export class ContextError extends Error {
  override name = 'ContextError';
}
