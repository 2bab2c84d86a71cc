// Digest signatures: the local Ed25519 signer, and the KMS signer against a mocked KMS (no local engine
// serves KMS) that signs with a real P-256 key, so the verification path is real. Each hands out the
// public half of a key it knows (for an audit export's header); the local one, as a function uses it,
// only under `signing: verify` (kms:GetPublicKey).
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { withDataScope } from '@ismf/store/client';
import { digestSigner, kmsDigestSigner, localDigestSigner } from '@ismf/store/digest-signer';

const jwk = (key: { export(options: { format: 'jwk' }): unknown } | undefined) => key?.export({ format: 'jwk' });

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

  it('local: hands out its own public key by its id, and no other', async () => {
    const signer = localDigestSigner();
    const message = Buffer.from('sealed hour');
    const key = await signer.publicKey(signer.keyId);
    expect(key?.type).toBe('public');
    expect(verify(null, message, key!, Buffer.from(await signer.sign(message), 'base64'))).toBe(true);
    expect(await signer.publicKey(localDigestSigner().keyId)).toBeUndefined();
  });

  it('KMS: hands out the key’s public half from GetPublicKey, asking once per key, and again after a failure', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kms = mockClient(KMSClient);
    kms
      .on(GetPublicKeyCommand)
      .rejectsOnce(new Error('ThrottlingException'))
      .resolves({ PublicKey: publicKey.export({ type: 'spki', format: 'der' }) });
    const signer = kmsDigestSigner('alias/ismf-audit-digest', new KMSClient({ region: 'eu-west-1' }));
    await expect(signer.publicKey('arn:aws:kms:eu-west-1:111122223333:key/k')).rejects.toThrow('ThrottlingException');
    expect(jwk(await signer.publicKey('arn:aws:kms:eu-west-1:111122223333:key/k'))).toEqual(jwk(publicKey));
    expect(jwk(await signer.publicKey('arn:aws:kms:eu-west-1:111122223333:key/k'))).toEqual(jwk(publicKey));
    expect(kms.commandCalls(GetPublicKeyCommand).map((call) => call.args[0].input.KeyId)).toEqual([
      'arn:aws:kms:eu-west-1:111122223333:key/k',
      'arn:aws:kms:eu-west-1:111122223333:key/k',
    ]);
    kms.restore();
  });

  it('locally, a function reads a public key only when it declares signing: verify (kms:GetPublicKey)', async () => {
    const signer = digestSigner();
    const scope =
      (signing: 'sign' | 'verify' | undefined) =>
      <T>(run: () => Promise<T>) =>
        withDataScope(
          { label: `exporter-${signing ?? 'none'}`, tenantOnly: false, access: { table: 'read', crossTenant: 'test', ...(signing ? { signing } : {}) } },
          run,
        );
    expect(jwk(await scope('verify')(() => signer.publicKey(signer.keyId)))).toEqual(jwk(await signer.publicKey(signer.keyId)));
    await expect(scope('sign')(() => signer.publicKey(signer.keyId))).rejects.toThrow(
      /exporter-sign is not authorized to perform kms:GetPublicKey.*signing: verify/,
    );
    await expect(scope(undefined)(() => signer.publicKey(signer.keyId))).rejects.toThrow(/kms:GetPublicKey/);
  });
});
