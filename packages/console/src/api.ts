// The console's one way to the API: the typed client (types generated from the API document), with the
// session's token on each request. Screens read with `useApiData` and act with `act`; both give back the
// API's problem+json as it came, so a form can show each error beside the field it names.
import { useCallback, useEffect, useRef, useState } from 'react';
import { createApiClient, isProblem, type ApiClient, type Problem } from '@ismf/api-client/client';
import { currentToken, sessionRefused } from './session/session.ts';

let client: ApiClient | undefined;
let baseUrl = '';

export function configureApi(apiUrl: string): void {
  baseUrl = (apiUrl || location.origin).replace(/\/+$/, '');
  client = createApiClient({
    baseUrl,
    token: currentToken,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const answer = await fetch(input, init);
      if (answer.status === 401) sessionRefused();
      return answer;
    },
  });
}

/** Where the API answers (this origin locally): the base of the addresses others call, such as a source's webhook. */
export const apiBaseUrl = () => baseUrl || location.origin;

export function api(): ApiClient {
  if (!client) throw new Error('the API is not configured yet');
  return client;
}

export type { Problem };

/** What any call ends in: its data, or the problem the API (or the network) answered with. */
export type Outcome<T> = { data: T; response: Response; problem?: undefined } | { data?: undefined; response?: Response; problem: Problem };

function networkProblem(error: unknown): Problem {
  return {
    type: 'about:blank',
    title: 'The API could not be reached',
    status: 0,
    detail: error instanceof Error ? error.message : String(error),
    errors: [],
  };
}

/** Runs one client call and folds its answer into an Outcome (an error body that is no problem becomes one). */
export async function act<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Outcome<T>> {
  try {
    const { data, error, response } = await call;
    if (response.ok) return { data: data as T, response };
    const problem: Problem = isProblem(error)
      ? error
      : {
          type: 'about:blank',
          title: response.statusText || 'Request failed',
          status: response.status,
          detail: `the API answered ${response.status}`,
          errors: [],
        };
    return { problem, response };
  } catch (error) {
    return { problem: networkProblem(error) };
  }
}

export interface ApiData<T> {
  data?: T;
  problem?: Problem;
  loading: boolean;
  /** Reads again (after an act that changed what is shown). */
  reload(): void;
  /** The ETag of the answer: the version an If-Match must name. */
  etag?: string;
}

/** Reads once per change of `deps`; a newer read wins over an older one still in flight. */
export function useApiData<T>(read: () => Promise<{ data?: T; error?: unknown; response: Response }>, deps: readonly unknown[]): ApiData<T> {
  const [round, setRound] = useState(0);
  const [result, setResult] = useState<{ key: string; data?: T; problem?: Problem; etag?: string }>();
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const key = JSON.stringify([...deps, round]);
  const reader = useRef(read);
  useEffect(() => {
    reader.current = read;
  });
  useEffect(() => {
    let current = true;
    void act(reader.current()).then((outcome) => {
      if (!current) return;
      const etag = outcome.response?.headers.get('etag') ?? undefined;
      setResult(outcome.problem ? { key, problem: outcome.problem } : { key, data: outcome.data, ...(etag ? { etag } : {}) });
    });
    return () => {
      current = false;
    };
  }, [key]);
  // While a new read runs, what was read before stays on screen.
  return {
    ...(result?.data !== undefined ? { data: result.data } : {}),
    ...(result?.problem ? { problem: result.problem } : {}),
    ...(result?.etag ? { etag: result.etag } : {}),
    loading: result?.key !== key,
    reload,
  };
}

/** A fresh Idempotency-Key per attempt at a create: a retry of the same submission sends the same key. */
export const newIdempotencyKey = () => crypto.randomUUID();
