// HMAC-SHA256 request signatures, as Binance's SIGNED endpoints and WebSocket API methods take them:
// the hex digest, keyed by the API secret, of the exact parameter string sent. The secret is held as
// a node KeyObject, which prints and serialises as nothing, so a logged or JSON-encoded client never
// carries it.
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

export interface BinanceCredentials {
  apiKey: string;
  apiSecret: string;
}

/** Signs payloads with one API secret without keeping the secret as a readable string. */
export class RequestSigner {
  readonly apiKey: string;
  readonly #key: KeyObject;

  constructor(credentials: BinanceCredentials) {
    this.apiKey = credentials.apiKey;
    this.#key = createSecretKey(Buffer.from(credentials.apiSecret, 'utf8'));
  }

  /** Hex HMAC-SHA256 of `payload`. */
  sign(payload: string): string {
    return createHmac('sha256', this.#key).update(payload, 'utf8').digest('hex');
  }

  toJSON(): object {
    return { apiKey: this.apiKey };
  }
}

/** Hex HMAC-SHA256 of `payload` under `secret`. */
export function hmacSha256Hex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}
