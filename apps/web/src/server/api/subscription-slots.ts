// Live subscriptions (SSE streams) each hold a bus listener and, for tickers, an upstream snapshot:
// one user opening thousands of them could load the process and the exchange alone. Each user may
// hold at most a fixed number at once in this process, counted by user id (so many tabs or many
// connections add up); one more is refused with TOO_MANY_REQUESTS until another closes.
import { TRPCError } from '@trpc/server';

/** A chart tab holds three (candles, tickers, notifications): room for several tabs and windows. */
export const MAX_LIVE_SUBSCRIPTIONS_PER_USER = 30;

export class SubscriptionSlots {
  private readonly held = new Map<string, number>();

  constructor(private readonly max = MAX_LIVE_SUBSCRIPTIONS_PER_USER) {}

  /** Takes a slot for `userId` or throws; call the returned function exactly once to free it. */
  acquire(userId: string): () => void {
    const count = this.held.get(userId) ?? 0;
    if (count >= this.max)
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `You have ${this.max} live updates open, the most one account can have. Close some tabs or charts and try again.`,
      });
    this.held.set(userId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(userId) ?? 1) - 1;
      if (left <= 0) this.held.delete(userId);
      else this.held.set(userId, left);
    };
  }

  /** Slots `userId` holds now. */
  heldBy(userId: string): number {
    return this.held.get(userId) ?? 0;
  }
}

const state = globalThis as unknown as { coinviewSubscriptionSlots?: SubscriptionSlots };

/** This process's slots (kept on globalThis so dev-mode reloads keep the counts). */
export function getSubscriptionSlots(): SubscriptionSlots {
  state.coinviewSubscriptionSlots ??= new SubscriptionSlots();
  return state.coinviewSubscriptionSlots;
}
