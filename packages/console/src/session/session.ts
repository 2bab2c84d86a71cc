// The signed-in session: the ID token in memory only (never localStorage: a script injected into the page
// could read it there), renewed before it expires. Locally the dev token endpoint mints it for the identity
// picked on the sign-in page; in AWS the Cognito hosted UI signs the person in (PKCE) and its refresh token,
// also in memory, renews it. A reload signs in again without asking: locally from the identity the tab
// remembers (never the token), in AWS through the hosted UI's own session.
import { useSyncExternalStore } from 'react';
import type { SignInConfig } from '../config.ts';
import { whoFrom, type Who } from './claims.ts';
import { authorizeUrl, logoutUrl, redeemCode, refreshTokens } from './pkce.ts';

export interface LocalIdentity {
  tenant: string;
  user: string;
  roles: string[];
}

interface State {
  token?: string;
  refreshToken?: string;
  who?: Who;
}

const LOCAL_IDENTITY = 'ismf.local-identity';
/** Renew this long before the token expires, so that no request leaves with a token about to lapse. */
const RENEW_MARGIN_SECONDS = 60;

let state: State = {};
const listeners = new Set<() => void>();
let signIn: SignInConfig = { kind: 'local' };

function set(next: State): void {
  state = next;
  for (const listener of listeners) listener();
}

function hold(token: string, refreshToken?: string): Who {
  const who = whoFrom(token);
  set({ token, ...(refreshToken ? { refreshToken } : {}), who });
  return who;
}

export function configureSession(config: SignInConfig): void {
  signIn = config;
}

export const signInKind = () => signIn.kind;

/** React: the person signed in, or undefined. */
export function useWho(): Who | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state.who,
  );
}

export class SignInProblem extends Error {
  constructor(
    message: string,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** The local stack's token endpoint (it answers on loopback only, same origin, JSON). */
export async function signInLocally(identity: LocalIdentity): Promise<Who> {
  const answer = await fetch('/_local/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(identity),
  });
  const body = (await answer.json()) as { token?: string; detail?: string; errors?: { path: string; message: string }[] };
  if (!answer.ok || !body.token) throw new SignInProblem(body.detail ?? `sign-in failed (${answer.status})`, body.errors ?? []);
  sessionStorage.setItem(LOCAL_IDENTITY, JSON.stringify(identity));
  return hold(body.token);
}

export function rememberedLocalIdentity(): LocalIdentity | undefined {
  const raw = sessionStorage.getItem(LOCAL_IDENTITY);
  return raw ? (JSON.parse(raw) as LocalIdentity) : undefined;
}

/** Sends the browser to the hosted UI (AWS); the callback screen finishes the sign-in. */
export async function startHostedSignIn(returnTo: string): Promise<void> {
  if (signIn.kind !== 'cognito') return;
  location.assign(await authorizeUrl(signIn.domain, signIn.clientId, returnTo));
}

export async function finishHostedSignIn(search: URLSearchParams): Promise<string> {
  if (signIn.kind !== 'cognito') throw new Error('this console signs in locally');
  const tokens = await redeemCode(signIn.domain, signIn.clientId, search);
  hold(tokens.idToken, tokens.refreshToken);
  return tokens.returnTo;
}

/** At start: a local tab signs in again as the identity it remembers. */
export async function restoreSession(): Promise<void> {
  const identity = signIn.kind === 'local' ? rememberedLocalIdentity() : undefined;
  if (identity) await signInLocally(identity).catch(() => sessionStorage.removeItem(LOCAL_IDENTITY));
}

let renewing: Promise<string | undefined> | undefined;

async function renew(): Promise<string | undefined> {
  if (signIn.kind === 'local') {
    const identity = rememberedLocalIdentity();
    if (!identity) return undefined;
    await signInLocally(identity);
    return state.token;
  }
  if (!state.refreshToken) return undefined;
  const tokens = await refreshTokens(signIn.domain, signIn.clientId, state.refreshToken);
  hold(tokens.idToken, tokens.refreshToken);
  return tokens.idToken;
}

/** The token for the next request, renewed first when it is about to expire. */
export async function currentToken(): Promise<string | undefined> {
  if (!state.token || !state.who) return undefined;
  if (state.who.expiresAt - RENEW_MARGIN_SECONDS > Date.now() / 1000) return state.token;
  renewing ??= renew()
    .catch(() => undefined)
    .finally(() => (renewing = undefined));
  const token = await renewing;
  if (!token) set({});
  return token;
}

export function signOut(): void {
  sessionStorage.removeItem(LOCAL_IDENTITY);
  set({});
  if (signIn.kind === 'cognito') location.assign(logoutUrl(signIn.domain, signIn.clientId));
}

/** A 401 from the API: the session is over (revoked, or the account disabled). */
export function sessionRefused(): void {
  set({});
}
