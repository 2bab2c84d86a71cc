// Secrets kept in the table sealed (DESIGN: never in Secrets Manager; shown once, rotated with an overlap): in
// AWS encrypted by KMS with the platform key, locally by AES-256-GCM with a local key (ISMF_KEY_DIR, else one
// per process). The encryption context binds a sealed value to its tenant and record, so that a ciphertext
// copied into another tenant's or another source's item does not open there. A function seals or opens only as
// its declaration's `secrets` says (IAM in AWS; authorizeCapability locally).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { SEALED_SECRET_PURPOSE } from '@ismf/core/access';
import { requiredSetting, runtimeConfig } from '@ismf/core/config';
import { authorizeCapability } from './capabilities.ts';

/** Whose secret: the tenant and the record it belongs to (`advisory-source:<id>`). */
export interface SecretContext {
  tenantId: string;
  record: string;
}

const encryptionContext = (context: SecretContext) => ({ purpose: SEALED_SECRET_PURPOSE, tenant: context.tenantId, record: context.record });
const LOCAL_PREFIX = 'local-aes-gcm:';
const KMS_PREFIX = 'kms:';

let localKey: Buffer | undefined;
function localSealingKey(): Buffer {
  if (localKey) return localKey;
  const config = runtimeConfig();
  const directory = config.runtime === 'local' ? config.keyDirectory : undefined;
  const file = directory ? join(directory, 'secret-sealing-key') : undefined;
  if (file && existsSync(file)) localKey = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  else {
    localKey = randomBytes(32);
    if (file && directory) {
      mkdirSync(directory, { recursive: true });
      writeFileSync(file, localKey.toString('base64'), { mode: 0o600 });
    }
  }
  return localKey;
}

let kms: KMSClient | undefined;
const kmsClient = () => (kms ??= new KMSClient({}));

/** Seals a secret for its tenant and record: the text to store. */
export async function sealSecret(secret: Buffer, context: SecretContext): Promise<string> {
  const config = runtimeConfig();
  if (config.runtime === 'aws') {
    const answer = await kmsClient().send(
      new EncryptCommand({ KeyId: requiredSetting('platformKeyId', config), Plaintext: secret, EncryptionContext: encryptionContext(context) }),
    );
    return KMS_PREFIX + Buffer.from(answer.CiphertextBlob!).toString('base64');
  }
  authorizeCapability('kms:Encrypt', context.record);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', localSealingKey(), iv);
  cipher.setAAD(Buffer.from(JSON.stringify(encryptionContext(context))));
  const sealed = Buffer.concat([cipher.update(secret), cipher.final()]);
  return LOCAL_PREFIX + [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64')).join('.');
}

/** Opens a sealed secret; throws when it was sealed for another tenant or record, or tampered with. */
export async function openSecret(sealed: string, context: SecretContext): Promise<Buffer> {
  if (sealed.startsWith(KMS_PREFIX)) {
    const answer = await kmsClient().send(
      new DecryptCommand({ CiphertextBlob: Buffer.from(sealed.slice(KMS_PREFIX.length), 'base64'), EncryptionContext: encryptionContext(context) }),
    );
    return Buffer.from(answer.Plaintext!);
  }
  if (!sealed.startsWith(LOCAL_PREFIX)) throw new Error('not a sealed secret');
  authorizeCapability('kms:Decrypt', context.record);
  const [iv, tag, data] = sealed
    .slice(LOCAL_PREFIX.length)
    .split('.')
    .map((part) => Buffer.from(part, 'base64'));
  const decipher = createDecipheriv('aes-256-gcm', localSealingKey(), iv!);
  decipher.setAAD(Buffer.from(JSON.stringify(encryptionContext(context))));
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(data!), decipher.final()]);
}
