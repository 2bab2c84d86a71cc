// The API client's types are what the API document gives today: a change to an operation that leaves them
// behind fails here (run `npm run api-types`), so a client never compiles against an API that is gone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypes } from '@ismf/app/api-types';

describe('the API client types (packages/api-client/src/schema.d.ts)', () => {
  it('are generated from the current API document', async () => {
    const fresh = await apiTypes();
    expect(readFileSync(API_TYPES_FILE, 'utf8') === fresh, 'schema.d.ts differs from the API document: run npm run api-types').toBe(true);
    // Named records, as clients use them.
    for (const name of ['Asset', 'AssetPage', 'User', 'Job', 'Problem', 'GatewayUnauthorized']) expect(fresh).toContain(`        ${name}: {`);
  });
});
