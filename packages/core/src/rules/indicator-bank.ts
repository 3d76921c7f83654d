// The indicator instances of one market (symbol + interval), shared by every rule that names the
// same indicator with the same parameters: RSI 14 on BTCUSDT 1m is computed once per bar however
// many rules watch it. Instances are keyed by catalogue id + canonical parameters (defaults filled
// in, keys sorted) and reference-counted: releasing the last rule that uses one drops it.
//
// Each slot remembers its output at the last committed bar (`last`) and at the bar before
// (`before`), which is what crosses/entering/exiting compare at a bar close; intrabar the forming
// bar's output is peeked once per tick (memoised by tick stamp) and compared with its output at the
// previous tick of the same bar (kept from that tick's peek, or peeked again when this slot was not
// read then), or with `last` on a bar's first tick.
import { INDICATORS, indicatorIdSchema, type CatalogEntry } from '../indicators/catalog';
import type { Bar, Indicator } from '../indicators/types';

/** Closed bars a fresh instance is fed before its values count as settled: its lookback plus
 *  enough bars for exponential smoothing (EMA, Wilder's RSI/ATR) to forget its seed, capped. */
export const MAX_WARMUP_BARS = 1000;
export function settleBars(lookback: number): number {
  return Math.min(MAX_WARMUP_BARS, Math.max(lookback + 2, 10 * (lookback + 1)));
}

export class IndicatorSlot {
  refs = 0;
  /** Output at the last committed bar, and at the one before it (null while warming up). */
  last: unknown = null;
  before: unknown = null;
  private peeked: unknown = null;
  private peekStamp = -1;
  private previous: unknown = null;
  private previousStamp = -1;
  readonly lookback: number;
  /** Readers of this slot's outputs, shared by the rules of the book (see ./series). */
  readonly readers = new Map<string, unknown>();

  constructor(
    readonly key: string,
    readonly instance: Indicator<unknown>,
  ) {
    this.lookback = instance.lookback;
  }

  commit(bar: Bar): void {
    this.before = this.last;
    this.last = this.instance.update(bar);
  }

  /** The forming bar's output; computed at most once per tick stamp. */
  peek(bar: Bar, stamp: number): unknown {
    if (this.peekStamp !== stamp) {
      if (this.peekStamp === stamp - 1) {
        this.previous = this.peeked;
        this.previousStamp = this.peekStamp;
      }
      this.peeked = this.instance.peek(bar);
      this.peekStamp = stamp;
    }
    return this.peeked;
  }

  /** The output at the previous tick (stamp − 1), whose forming bar was `bar`. Nothing is
   *  committed between two ticks of one bar, so peeking it again gives that tick's value. */
  peekPrevious(bar: Bar, stamp: number): unknown {
    const want = stamp - 1;
    if (this.peekStamp === want) return this.peeked;
    if (this.previousStamp !== want) {
      this.previous = this.instance.peek(bar);
      this.previousStamp = want;
    }
    return this.previous;
  }

  /** Replaces the state with a run over `bars` (closed, oldest first). */
  warmFrom(bars: readonly Bar[]): void {
    const out = this.instance.compute(bars);
    this.last = out.length > 0 ? out[out.length - 1] : null;
    this.before = out.length > 1 ? out[out.length - 2] : null;
    this.peekStamp = -1;
    this.previousStamp = -1;
  }
}

/** Parsed parameters (defaults filled in) and the key that identifies an instance. */
export function canonicalIndicator(
  id: string,
  params: unknown,
): { entry: CatalogEntry; params: Record<string, unknown>; key: string } {
  const entry = INDICATORS[indicatorIdSchema.parse(id)] as CatalogEntry;
  const parsed = entry.params.parse(params ?? {}) as Record<string, unknown>;
  const sorted = Object.keys(parsed)
    .sort()
    .map((k) => [k, parsed[k]]);
  return { entry, params: parsed, key: `${entry.id}:${JSON.stringify(sorted)}` };
}

export class IndicatorBank {
  private readonly slots = new Map<string, IndicatorSlot>();

  get size(): number {
    return this.slots.size;
  }

  /** The shared slot for (id, params), created when new; `created` says whether it needs warming. */
  acquire(id: string, params: unknown): { slot: IndicatorSlot; created: boolean } {
    const { entry, params: parsed, key } = canonicalIndicator(id, params);
    let slot = this.slots.get(key);
    const created = slot === undefined;
    if (!slot) {
      slot = new IndicatorSlot(key, entry.create(parsed));
      this.slots.set(key, slot);
    }
    slot.refs++;
    return { slot, created };
  }

  release(slot: IndicatorSlot): void {
    slot.refs--;
    if (slot.refs <= 0) this.slots.delete(slot.key);
  }

  commit(bar: Bar): void {
    for (const slot of this.slots.values()) slot.commit(bar);
  }

  /** Bars the instances need to be warm: the most any of them needs. */
  warmupBars(): number {
    let n = 0;
    for (const slot of this.slots.values()) n = Math.max(n, settleBars(slot.lookback));
    return n;
  }
}
