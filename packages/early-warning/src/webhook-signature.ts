// Standard Webhooks (standardwebhooks.com): the sender signs `${webhook-id}.${webhook-timestamp}.${body}` with
// HMAC-SHA256 under the source's secret and sends `v1,<base64>` (several, space separated, while it rotates).
// Written over node:crypto rather than the `standardwebhooks` package: that package takes the body as a string,
// and the signature must be checked over the bytes as they arrived.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_TOLERANCE_SECONDS } from './rules.ts';

/** A new secret as senders configure it: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): { text: string; key: Buffer } {
  const key = randomBytes(32);
  return { text: `whsec_${key.toString('base64')}`, key };
}

/** The key of a secret's text (`whsec_<base64>`). */
export function webhookKey(text: string): Buffer {
  return Buffer.from(text.startsWith('whsec_') ? text.slice('whsec_'.length) : text, 'base64');
}

export function webhookSignature(key: Buffer, webhookId: string, timestamp: string, body: Buffer): string {
  const hmac = createHmac('sha256', key);
  hmac.update(`${webhookId}.${timestamp}.`);
  hmac.update(body);
  return `v1,${hmac.digest('base64')}`;
}

export type SignatureVerdict = { valid: true; generation: number } | { valid: false; reason: 'stale' | 'signature' };

/**
 * Whether one of the header's signatures is the HMAC of the delivery under one of the keys (compared in
 * constant time), and its timestamp within the tolerance of now.
 */
export function verifyWebhook(
  keys: readonly { key: Buffer; generation: number }[],
  headers: { id: string; timestamp: string; signature: string },
  body: Buffer,
  now = Date.now(),
): SignatureVerdict {
  const seconds = Number(headers.timestamp);
  if (!/^\d{1,12}$/.test(headers.timestamp) || Math.abs(now / 1000 - seconds) > WEBHOOK_TOLERANCE_SECONDS) return { valid: false, reason: 'stale' };
  const offered = headers.signature
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => Buffer.from(part.slice(3), 'base64'));
  for (const { key, generation } of keys) {
    const expected = Buffer.from(webhookSignature(key, headers.id, headers.timestamp, body).slice(3), 'base64');
    if (offered.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected))) return { valid: true, generation };
  }
  return { valid: false, reason: 'signature' };
}
