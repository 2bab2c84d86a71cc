// Signing audit digests: an asymmetric KMS key in AWS (ECDSA P-256, the private key never leaves KMS),
// a local Ed25519 key locally. Verification needs only the public key. ISMF_RUNTIME chooses (never the
// key id's presence): in AWS a missing DIGEST_SIGNING_KEY_ID fails naming it; locally signing needs the
// running function to declare `signing: sign` (kms:Sign) and verifying `signing: verify` (kms:GetPublicKey).
// A signer also hands out a key's public half (`publicKey`), for an export that an auditor verifies offline.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { sha256Hex } from '@ismf/core/canonical';
import { requiredSetting, runtimeConfig } from '@ismf/core/config';
import { authorizeCapability } from './capabilities.ts';

export interface DigestSigner {
  keyId: string;
  algorithm: 'Ed25519' | 'ECDSA_SHA_256';
  sign(message: Buffer): Promise<string>;
  verify(message: Buffer, signature: string, keyId: string, algorithm: string): Promise<boolean>;
  /**
   * The public half of the key `keyId` (kms:GetPublicKey, as `verify`), or undefined when this signer does
   * not know it (a local signer knows only its own key).
   */
  publicKey(keyId: string): Promise<KeyObject | undefined>;
}

function loadOrCreateLocalKey(directory: string | undefined): { privateKey: KeyObject; publicKey: KeyObject } {
  const file = directory ? join(directory, 'digest-signing-key.pem') : undefined;
  if (file && existsSync(file)) {
    const pem = readFileSync(file, 'utf8');
    return { privateKey: createPrivateKey(pem), publicKey: createPublicKey(pem) };
  }
  const pair = generateKeyPairSync('ed25519');
  if (file && directory) {
    mkdirSync(directory, { recursive: true });
    writeFileSync(file, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  return pair;
}

export function localDigestSigner(keyDirectory?: string): DigestSigner {
  const { privateKey, publicKey } = loadOrCreateLocalKey(keyDirectory);
  const keyId = `local-ed25519:${sha256Hex(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 16)}`;
  return {
    keyId,
    algorithm: 'Ed25519',
    async sign(message) {
      return sign(null, message, privateKey).toString('base64');
    },
    async verify(message, signature, signedBy, algorithm) {
      if (signedBy !== keyId || algorithm !== 'Ed25519') return false;
      return verify(null, message, publicKey, Buffer.from(signature, 'base64'));
    },
    async publicKey(id) {
      // Its own key only: a digest signed by an earlier local key (a replaced key file) is not known here.
      return id === keyId ? publicKey : undefined;
    },
  };
}

export function kmsDigestSigner(keyId: string, client = new KMSClient({})): DigestSigner {
  const publicKeys = new Map<string, Promise<KeyObject>>();
  const publicKeyOf = (id: string) => {
    if (!publicKeys.has(id)) {
      const read = client
        .send(new GetPublicKeyCommand({ KeyId: id }))
        .then((answer) => createPublicKey({ key: Buffer.from(answer.PublicKey!), format: 'der', type: 'spki' }));
      // A failed read (throttled, say) is not kept: the next use asks KMS again.
      read.catch(() => publicKeys.delete(id));
      publicKeys.set(id, read);
    }
    return publicKeys.get(id)!;
  };
  return {
    keyId,
    algorithm: 'ECDSA_SHA_256',
    async sign(message) {
      const answer = await client.send(new SignCommand({ KeyId: keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }));
      return Buffer.from(answer.Signature!).toString('base64');
    },
    async verify(message, signature, signedBy, algorithm) {
      if (algorithm !== 'ECDSA_SHA_256') return false;
      return verify('sha256', message, { key: await publicKeyOf(signedBy), dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
    },
    publicKey: (id) => publicKeyOf(id),
  };
}

/** A signer whose every use is first checked against the running function's declared `signing`, as KMS's IAM would. */
function checkedSigner(signer: DigestSigner): DigestSigner {
  return {
    keyId: signer.keyId,
    algorithm: signer.algorithm,
    async sign(message) {
      authorizeCapability('kms:Sign', signer.keyId);
      return signer.sign(message);
    },
    async verify(message, signature, keyId, algorithm) {
      authorizeCapability('kms:GetPublicKey', keyId);
      return signer.verify(message, signature, keyId, algorithm);
    },
    async publicKey(keyId) {
      authorizeCapability('kms:GetPublicKey', keyId);
      return signer.publicKey(keyId);
    },
  };
}

// One signer per key for the life of the process (an in-memory local key must outlive its first use).
const configured = new Map<string, DigestSigner>();

/** KMS in AWS (DIGEST_SIGNING_KEY_ID required); locally the local key (ISMF_KEY_DIR, or in memory), checked per use. */
export function digestSigner(): DigestSigner {
  const config = runtimeConfig();
  if (config.runtime === 'aws') {
    const keyId = requiredSetting('digestSigningKeyId', config);
    return configured.get(`aws:${keyId}`) ?? set(`aws:${keyId}`, kmsDigestSigner(keyId));
  }
  const key = `local:${config.keyDirectory ?? ''}`;
  return configured.get(key) ?? set(key, checkedSigner(localDigestSigner(config.keyDirectory)));
}

function set(key: string, signer: DigestSigner): DigestSigner {
  configured.set(key, signer);
  return signer;
}
