// What one live WebSocket may run at once. tRPC's WebSocket handler has no limit of its own on
// the subscriptions a socket starts, so the socket's context carries this budget and the base
// procedure (server/api/trpc.ts) takes a slot per subscription and gives it back when it ends.
export class SubscriptionBudget {
  private active = 0;
  private idleFrom: number | null;

  constructor(
    readonly max: number,
    private readonly now: () => number = Date.now,
  ) {
    this.idleFrom = now();
  }

  /** Takes a slot; false when all `max` are in use. */
  take(): boolean {
    if (this.active >= this.max) return false;
    this.active += 1;
    this.idleFrom = null;
    return true;
  }

  release(): void {
    if (this.active === 0) return;
    this.active -= 1;
    if (this.active === 0) this.idleFrom = this.now();
  }

  get size(): number {
    return this.active;
  }

  /** How long the socket has run no subscription (0 while one runs). */
  idleFor(): number {
    return this.idleFrom === null ? 0 : this.now() - this.idleFrom;
  }
}

/** `source`, calling `done` once when it finishes, fails or is returned early. */
export async function* releasingWhenDone<T>(
  source: AsyncIterable<T>,
  done: () => void,
): AsyncGenerator<T, void, undefined> {
  try {
    yield* source;
  } finally {
    done();
  }
}
