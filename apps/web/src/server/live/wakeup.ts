// How a subscription's generator sleeps until the bus hands it something: the queue filled by the
// bus callback calls `notify()`, the generator awaits `wait(signal)`, which also ends when the
// client goes away (the request's abort signal), so no generator outlives its connection.
export class Wakeup {
  private wake: (() => void) | undefined;

  /** Wakes the generator waiting in `wait`, if any. */
  notify(): void {
    this.wake?.();
  }

  /** Resolves at the next `notify()` or when `signal` aborts. */
  wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        this.wake = undefined;
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.wake = done;
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
