// Encryption at rest for exchange API secrets: AES-256-GCM (Node's crypto, the standard
// authenticated cipher; nothing here is hand-rolled crypto) with a random 12-byte IV per
// seal and the 16-byte auth tag, so a changed byte, a wrong key or a secret moved to another
// owner's row fails to open instead of decrypting to garbage. The caller passes a `context`
// (the owner's user id) that is bound in as additional authenticated data.
// Sealed format: `v1.<iv>.<ciphertext>.<tag>` (base64url parts); the version leaves room for a
// future key rotation. The key (32 bytes, base64) is passed in: this package never reads env —
// apps read EXCHANGE_KEY_SECRET in their env.ts, the launcher generates it into the data dir.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export interface SecretBox {
  seal(plaintext: string, context: string): string;
  /** Throws SecretBoxError when the box was sealed with another key or context, or was changed. */
  open(sealed: string, context: string): string;
}

/** Decodes a 32-byte key written as base64 or base64url (what `generateSecretBoxKey` returns). */
export function parseSecretBoxKey(encoded: string): Buffer {
  const trimmed = encoded.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed))
    throw new SecretBoxError('The exchange key secret must be 32 bytes written in base64.');
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES)
    throw new SecretBoxError(
      `The exchange key secret must be 32 bytes written in base64 (it decodes to ${key.length}); generate one with \`openssl rand -base64 32\`.`,
    );
  return key;
}

export function generateSecretBoxKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

export function createSecretBox(encodedKey: string): SecretBox {
  const key = parseSecretBoxKey(encodedKey);
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv, body, tag]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION)
        throw new SecretBoxError('Not a sealed secret of a known version.');
      const [iv, body, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url')) as [
        Buffer,
        Buffer,
        Buffer,
      ];
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
        throw new SecretBoxError('Not a sealed secret of a known version.');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        // Never echo the input: it is key material.
        throw new SecretBoxError(
          'The stored secret cannot be decrypted (a different EXCHANGE_KEY_SECRET, or it was altered).',
        );
      }
    },
  };
}
