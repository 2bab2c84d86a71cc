// Digest signatures: the local Ed25519 signer, and the KMS signer against a mocked KMS (no local engine
// serves KMS) that signs with a real P-256 key, so the verification path is real.
import { generateKeyPairSync, sign } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { kmsDigestSigner, localDigestSigner } from '@ismf/store/digest-signer';

describe('digest signers', () => {
  it('local: verifies its own signatures and nothing altered', async () => {
    const signer = localDigestSigner();
    const message = Buffer.from('{"hour":"2026-11-29T10","count":3}');
    const signature = await signer.sign(message);
    expect(await signer.verify(message, signature, signer.keyId, 'Ed25519')).toBe(true);
    expect(await signer.verify(Buffer.from('{"hour":"2026-11-29T10","count":2}'), signature, signer.keyId, 'Ed25519')).toBe(false);
    expect(await localDigestSigner().verify(message, signature, signer.keyId, 'Ed25519')).toBe(false); // another key
  });

  it('KMS: signs through KMS and verifies with the key’s public half', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kms = mockClient(KMSClient);
    kms.on(SignCommand).callsFake((input) => ({ Signature: sign('sha256', Buffer.from(input.Message), { key: privateKey, dsaEncoding: 'der' }) }));
    kms.on(GetPublicKeyCommand).resolves({ PublicKey: publicKey.export({ type: 'spki', format: 'der' }) });
    const signer = kmsDigestSigner('alias/ismf-audit-digest', new KMSClient({ region: 'eu-west-1' }));
    const message = Buffer.from('sealed hour');
    const signature = await signer.sign(message);
    expect(kms.commandCalls(SignCommand)[0]!.args[0].input).toMatchObject({
      KeyId: 'alias/ismf-audit-digest',
      MessageType: 'RAW',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
    expect(await signer.verify(message, signature, signer.keyId, 'ECDSA_SHA_256')).toBe(true);
    expect(await signer.verify(Buffer.from('sealed hour!'), signature, signer.keyId, 'ECDSA_SHA_256')).toBe(false);
    kms.restore();
  });
});
