// A typed client of the public API: openapi-fetch over the types generated from the API document
// (schema.d.ts, `npm run api-types`), so that no request or answer shape is written by hand. The token is
// asked for on every request and kept by the caller (in memory, never in storage); a refusal comes back as
// the API's problem+json, typed.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.d.ts';

export type { components, paths };
/** The API's named records: `Schemas['Asset']`, `Schemas['AssetPage']`, `Schemas['Problem']` … */
export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** The API's base URL: the stack's (`http://127.0.0.1:3000`) or the deployment's `ApiUrl`. */
  baseUrl: string;
  /** The bearer token for each request (an ID token); undefined for public routes. */
  token?: () => string | undefined | Promise<string | undefined>;
  /** fetch itself, for a caller that wraps it (tests record answers). */
  fetch?: typeof fetch;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ''), ...(options.fetch ? { fetch: options.fetch } : {}) });
  const bearer: Middleware = {
    async onRequest({ request }) {
      const token = await options.token?.();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  };
  client.use(bearer);
  return client;
}

/** Whether an error body is the API's problem+json (RFC 9457), naming its fields in `errors`. */
export function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).type === 'string' && typeof (body as Problem).status === 'number';
}
