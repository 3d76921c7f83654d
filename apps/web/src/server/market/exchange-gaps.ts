// What the exchange is known NOT to have, per market: holes inside its own history (Binance has
// outages and maintenance windows with no klines) and the point before which it has nothing at all
// (the listing). Remembering them lets a page that spans such a hole be served from the database
// alone next time, instead of asking the exchange again for bars that will never exist.
// Kept in memory: losing it on restart costs one exchange request per hole, never a wrong answer.

/** Open times `from`..`to` (both inclusive, aligned to the interval) that the exchange never had. */
export interface BarHole {
  from: number;
  to: number;
}

/** Holes remembered per market; a market that records more than this forgets its oldest. */
const MAX_HOLES_PER_MARKET = 10_000;

interface MarketRecord {
  /** Sorted by `from`, non-overlapping. */
  holes: BarHole[];
  /** The exchange has no bar opening at or before this time. */
  nothingAtOrBefore?: number;
}

export class ExchangeGaps {
  private readonly markets = new Map<string, MarketRecord>();

  private record(market: string): MarketRecord {
    let found = this.markets.get(market);
    if (!found) {
      found = { holes: [] };
      this.markets.set(market, found);
    }
    return found;
  }

  /** The hole containing `openTime`, if one is known. */
  holeAt(market: string, openTime: number): BarHole | undefined {
    const holes = this.markets.get(market)?.holes;
    if (!holes) return undefined;
    let lo = 0;
    let hi = holes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const hole = holes[mid]!;
      if (openTime < hole.from) hi = mid - 1;
      else if (openTime > hole.to) lo = mid + 1;
      else return hole;
    }
    return undefined;
  }

  addHole(market: string, hole: BarHole): void {
    if (hole.to < hole.from) return;
    const rec = this.record(market);
    // Merge with every hole it touches or overlaps, keeping the list sorted.
    let merged = { ...hole };
    const kept: BarHole[] = [];
    for (const h of rec.holes) {
      if (h.to < merged.from || h.from > merged.to) kept.push(h);
      else merged = { from: Math.min(h.from, merged.from), to: Math.max(h.to, merged.to) };
    }
    kept.push(merged);
    kept.sort((a, b) => a.from - b.from);
    rec.holes =
      kept.length > MAX_HOLES_PER_MARKET ? kept.slice(kept.length - MAX_HOLES_PER_MARKET) : kept;
  }

  /** The exchange answered "nothing at or before `openTime`": its history starts after it. */
  markStart(market: string, openTime: number): void {
    const rec = this.record(market);
    rec.nothingAtOrBefore = Math.max(rec.nothingAtOrBefore ?? Number.NEGATIVE_INFINITY, openTime);
  }

  /** Whether the exchange is known to have nothing at or before `openTime`. */
  isBeforeStart(market: string, openTime: number): boolean {
    const limit = this.markets.get(market)?.nothingAtOrBefore;
    return limit !== undefined && openTime <= limit;
  }
}
