/** A delivery attempt that failed; `permanent` ones are not retried (the same request would fail again). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
