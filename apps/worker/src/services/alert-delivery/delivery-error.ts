/** A delivery attempt that failed; `permanent` ones are not retried (the same request would fail again). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** How long the provider asked us to wait before trying again (Telegram's retry_after). */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
