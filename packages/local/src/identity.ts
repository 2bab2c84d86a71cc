// Local identity: a signing key generated on first start into `.ismf/`, its JWKS, and token checks
// done the way the HTTP API's JWT authorizer does them (signature, issuer, audience, expiry).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { PLATFORM_OPERATOR } from '@ismf/core/roles';

export const LOCAL_ISSUER = 'https://ismf.local/identity';
export const LOCAL_AUDIENCE = 'ismf-local-api';
const ALGORITHM = 'ES256';

export interface TokenRequest {
  subject: string;
  email?: string;
  tenantId?: string;
  roles: string[];
  ttlSeconds?: number;
}

export interface LocalIdentity {
  jwks: { keys: JWK[] };
  issue(request: TokenRequest): Promise<string>;
  /** The verified claims, or undefined for a missing, forged or expired token. */
  verify(token: string): Promise<JWTPayload | undefined>;
  /** The verified claims, or why the token is refused: `expired` (one of ours whose time is up) or `invalid` (anything else). */
  check(token: string): Promise<{ payload: JWTPayload } | { refused: 'expired' | 'invalid' }>;
}

async function loadOrCreateKey(directory: string | undefined): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const file = directory ? join(directory, 'signing-key.json') : undefined;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const kid = `local-${Date.now().toString(36)}`;
  const pair = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALGORITHM, use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALGORITHM, use: 'sig' },
  };
  if (file && directory) {
    mkdirSync(directory, { recursive: true });
    writeFileSync(file, JSON.stringify(pair), { mode: 0o600 });
  }
  return pair;
}

export async function createLocalIdentity(keyDirectory?: string): Promise<LocalIdentity> {
  const { privateJwk, publicJwk } = await loadOrCreateKey(keyDirectory);
  const privateKey = await importJWK(privateJwk, ALGORITHM);
  const publicKey = await importJWK(publicJwk, ALGORITHM);
  const check: LocalIdentity['check'] = async (token) => {
    try {
      const { payload } = await jwtVerify(token, publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: [ALGORITHM] });
      return { payload };
    } catch (error) {
      // jose checks the signature before the claims: an expired token is one of ours.
      return { refused: (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
    }
  };
  return {
    jwks: { keys: [publicJwk] },
    async issue(request) {
      // The claims of a Cognito ID token: sub, email, custom:tenant_id, cognito:groups.
      return new SignJWT({
        ...(request.email ? { email: request.email } : {}),
        ...(request.tenantId ? { 'custom:tenant_id': request.tenantId } : {}),
        'cognito:groups': request.roles,
        token_use: 'id',
      })
        .setProtectedHeader({ alg: ALGORITHM, kid: publicJwk.kid! })
        .setSubject(request.subject)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${request.ttlSeconds ?? 3600}s`)
        .sign(privateKey);
    },
    check,
    async verify(token) {
      const checked = await check(token);
      return 'payload' in checked ? checked.payload : undefined;
    },
  };
}

export const OPERATOR_SUBJECT = 'local-operator';
export function operatorToken(identity: LocalIdentity, ttlSeconds?: number): Promise<string> {
  return identity.issue({ subject: OPERATOR_SUBJECT, roles: [PLATFORM_OPERATOR], ...(ttlSeconds ? { ttlSeconds } : {}) });
}
