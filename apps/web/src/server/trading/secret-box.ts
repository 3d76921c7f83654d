// The web process's SecretBox (AES-256-GCM, packages/db/secret-box) with the key from
// EXCHANGE_KEY_SECRET: exchange secrets are sealed with it when a key is added and opened only to
// sign a request (verification, balances, cancel). Made on first use, not at import (build time
// has no key).
import { createSecretBox, type SecretBox } from '@coinview/db/secret-box';
import { resolveExchangeKeySecret } from '~/env';

let box: SecretBox | undefined;

export function getSecretBox(): SecretBox {
  box ??= createSecretBox(resolveExchangeKeySecret());
  return box;
}
