// Who wants which market, and until when: one lease per (market, web process), each lapsing at its
// own time unless renewed. A market is wanted while it has any lease, so a web process that dies
// without saying goodbye stops pinning its markets once its leases run out.
import { type Market, marketKey } from './subscription-set';

interface Entry {
  market: Market;
  /** Holder (a web process's instance id) → expiry, epoch ms. */
  leases: Map<string, number>;
}

export class LeaseTable {
  private readonly entries = new Map<string, Entry>();

  /** Records or renews a lease; true when the market had no lease before (it is newly wanted). */
  grant(market: Market, holder: string, expiresAt: number): boolean {
    const key = marketKey(market);
    const entry = this.entries.get(key);
    if (entry) {
      entry.leases.set(holder, expiresAt);
      return false;
    }
    const copy = { symbol: market.symbol, interval: market.interval };
    this.entries.set(key, { market: copy, leases: new Map([[holder, expiresAt]]) });
    return true;
  }

  /** Ends one holder's lease; true when it was the market's last (it is no longer wanted). */
  release(market: Market, holder: string): boolean {
    const key = marketKey(market);
    const entry = this.entries.get(key);
    if (!entry?.leases.delete(holder)) return false;
    if (entry.leases.size > 0) return false;
    this.entries.delete(key);
    return true;
  }

  /** Forgets a market with all its leases (one that will not be followed). */
  drop(market: Market): void {
    this.entries.delete(marketKey(market));
  }

  /** Removes the leases lapsed at `now`; returns the markets left with none. */
  expire(now: number): Market[] {
    const unwanted: Market[] = [];
    for (const [key, entry] of this.entries) {
      for (const [holder, expiresAt] of entry.leases)
        if (expiresAt <= now) entry.leases.delete(holder);
      if (entry.leases.size === 0) {
        this.entries.delete(key);
        unwanted.push(entry.market);
      }
    }
    return unwanted;
  }

  holders(market: Market): string[] {
    return [...(this.entries.get(marketKey(market))?.leases.keys() ?? [])];
  }

  get size(): number {
    return this.entries.size;
  }
}
