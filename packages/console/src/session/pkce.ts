// OAuth 2.0 authorization code with PKCE (RFC 7636, S256) against the Cognito hosted UI. Only the verifier
// and the state cross the redirect (sessionStorage, this tab only); the tokens stay in memory.

const PENDING = 'ismf.sign-in';

interface Pending {
  verifier: string;
  state: string;
  returnTo: string;
}

function randomUrlSafe(bytes: number): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  return base64Url(random);
}

function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export const callbackUrl = () => `${location.origin}/callback`;

/** The hosted UI's authorize URL for a new sign-in; remembers the verifier and where to return. */
export async function authorizeUrl(domain: string, clientId: string, returnTo: string): Promise<string> {
  const pending: Pending = { verifier: randomUrlSafe(48), state: randomUrlSafe(24), returnTo };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: callbackUrl(),
    scope: 'openid email profile',
    state: pending.state,
    code_challenge: await challengeOf(pending.verifier),
    code_challenge_method: 'S256',
  });
  return `https://${domain}/oauth2/authorize?${query}`;
}

export interface Tokens {
  idToken: string;
  refreshToken?: string;
}

async function tokenRequest(domain: string, form: Record<string, string>): Promise<Tokens> {
  const answer = await fetch(`https://${domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  if (!answer.ok) throw new Error(`sign-in failed (${answer.status})`);
  const body = (await answer.json()) as { id_token: string; refresh_token?: string };
  return { idToken: body.id_token, ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}) };
}

/** The callback: checks the state against the pending sign-in and trades the code for tokens. */
export async function redeemCode(domain: string, clientId: string, search: URLSearchParams): Promise<Tokens & { returnTo: string }> {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  const pending = raw ? (JSON.parse(raw) as Pending) : undefined;
  const code = search.get('code');
  if (!pending || !code || search.get('state') !== pending.state) throw new Error('this sign-in was not started here, or it was already used');
  const tokens = await tokenRequest(domain, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    redirect_uri: callbackUrl(),
    code_verifier: pending.verifier,
  });
  return { ...tokens, returnTo: pending.returnTo };
}

export async function refreshTokens(domain: string, clientId: string, refreshToken: string): Promise<Tokens> {
  const tokens = await tokenRequest(domain, { grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken });
  return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
}

export function logoutUrl(domain: string, clientId: string): string {
  return `https://${domain}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: `${location.origin}/` })}`;
}
