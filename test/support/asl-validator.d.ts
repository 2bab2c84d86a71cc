// asl-validator ships no types: the one call the tests make.
declare module 'asl-validator' {
  export default function validator(definition: unknown, options?: Record<string, unknown>): { isValid: boolean; errors: unknown[] };
}
