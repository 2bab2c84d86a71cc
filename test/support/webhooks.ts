// Deliveries to an advisory source's webhook as a sender makes them: the Standard Webhooks headers over the exact
// bytes (a fresh id and the current time unless a test names them, to replay or to age a delivery).
import { webhookKey, webhookSignature } from '@ismf/early-warning/webhook-signature';
import type { Api } from './api.ts';

let sequence = 0;

export interface SignedOptions {
  contentType?: string;
  webhookId?: string;
  /** Seconds since the epoch. */
  timestamp?: number;
  /** A signature of the test's own (forged, for another body). */
  signature?: string;
}

export function postSigned(api: Api, to: { webhookPath: string; webhookSecret: string }, bytes: Buffer | string, options: SignedOptions = {}) {
  const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  const webhookId = options.webhookId ?? `msg_${process.pid}_${Date.now()}_${sequence++}`;
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return api.call('POST', to.webhookPath, {
    rawBody: body,
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': timestamp,
      'webhook-signature': options.signature ?? webhookSignature(webhookKey(to.webhookSecret), webhookId, timestamp, body),
    },
  });
}

/** A CycloneDX SBOM of one application with the given npm packages and versions. */
export function npmSbom(name: string, packages: Record<string, string>) {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    metadata: { component: { type: 'application', name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0` } },
    components: Object.entries(packages).map(([pkg, version]) => ({ type: 'library', name: pkg, version, purl: `pkg:npm/${pkg}@${version}` })),
  });
}
