// Random client input against every operation: whatever arrives, the answer is never a 5xx, and every
// refusal is a problem document.
import { registry } from '@ismf/app/areas';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';

const { operations } = registry;

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('fuzz');
});
afterAll(() => api.close());

const segment = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('%ZZ', '..', '%00', '01JDQ8R6Z8W4X3N2K1M0P9Q7RS', 'a#b', '🙂'));
const queryValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), fc.constantFrom('', '-1', '1e9', 'NaN', '2026-02-30T00:00:00Z'));
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);

describe('no client input yields a 5xx', () => {
  for (const operation of operations) {
    it(`${operation.method} ${operation.path}`, async () => {
      const token = 'roles' in operation.callers && operation.callers.roles.includes('platform-operator' as never) ? api.operator : tenant.adminToken;
      await fc.assert(
        fc.asyncProperty(
          fc.array(segment, { minLength: 1, maxLength: 2 }),
          fc.dictionary(fc.constantFrom('limit', 'cursor', 'entity', 'from', 'to', 'x'), queryValue, { maxKeys: 3 }),
          fc.oneof(
            fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
            fc.string({ maxLength: 50 }),
          ),
          headerValue,
          headerValue,
          async (segments, query, rawBody, ifMatch, idempotencyKey) => {
            let index = 0;
            const path = operation.path.replace(/\{\w+\}/g, () => encodeURIComponent(segments[index++ % segments.length]!));
            const search = new URLSearchParams(query).toString();
            const reply = await api.call(operation.method, `${path}${search ? `?${search}` : ''}`, {
              token,
              ...(operation.method === 'GET' ? {} : { rawBody }),
              headers: {
                ...(operation.method === 'GET' ? {} : { 'content-type': 'application/json' }),
                ...(ifMatch ? { 'if-match': ifMatch } : {}),
                ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
              },
            });
            expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(500);
            if (reply.status >= 400) expect(reply.headers.get('content-type')).toBe('application/problem+json');
          },
        ),
        { numRuns: RUNS },
      );
    });
  }
});
