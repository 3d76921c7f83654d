import { describe, expect, it } from 'vitest';
import {
  SecretBoxError,
  createSecretBox,
  generateSecretBoxKey,
  parseSecretBoxKey,
} from './secret-box';

const secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

describe('secret box (AES-256-GCM)', () => {
  const box = createSecretBox(generateSecretBoxKey());

  it('round-trips, and the sealed text contains nothing of the secret', () => {
    const sealed = box.seal(secret, 'user-a');
    expect(box.open(sealed, 'user-a')).toBe(secret);
    expect(sealed).not.toContain(secret);
    expect(sealed).not.toContain(secret.slice(0, 8));
    expect(sealed).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
    expect(sealed.startsWith('v1.')).toBe(true);
  });

  it('uses a fresh IV: the same secret seals differently every time', () => {
    expect(box.seal(secret, 'user-a')).not.toBe(box.seal(secret, 'user-a'));
  });

  it('refuses a tampered ciphertext, IV or tag', () => {
    const sealed = box.seal(secret, 'user-a');
    const parts = sealed.split('.');
    for (const index of [1, 2, 3]) {
      const raw = Buffer.from(parts[index]!, 'base64url');
      raw[0] = raw[0]! ^ 0x01;
      const changed = [...parts];
      changed[index] = raw.toString('base64url');
      expect(() => box.open(changed.join('.'), 'user-a')).toThrow(SecretBoxError);
    }
  });

  it('refuses the wrong key and the wrong owner', () => {
    const sealed = box.seal(secret, 'user-a');
    expect(() => createSecretBox(generateSecretBoxKey()).open(sealed, 'user-a')).toThrow(
      SecretBoxError,
    );
    expect(() => box.open(sealed, 'user-b')).toThrow(SecretBoxError);
  });

  it('does not echo key material in its errors', () => {
    const sealed = box.seal(secret, 'user-a');
    try {
      createSecretBox(generateSecretBoxKey()).open(sealed, 'user-a');
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(sealed.split('.')[2]);
    }
  });

  it('accepts only a 32-byte base64 key', () => {
    expect(parseSecretBoxKey(generateSecretBoxKey())).toHaveLength(32);
    expect(parseSecretBoxKey(Buffer.alloc(32, 7).toString('base64url'))).toHaveLength(32);
    expect(() => parseSecretBoxKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => parseSecretBoxKey('not base64 at all!')).toThrow(/32 bytes/);
    expect(() => box.open('v2.a.b.c', 'user-a')).toThrow(SecretBoxError);
  });
});
