import { describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../test/recorded-rows';
import { loadTimelines } from '../data/timeline-files';
import { MarketReplay } from '../replay/market-replay';
import { tradesUntil } from '../replay/trade-tape';
import { type BookLevel, type BookState, DEPTH_LEVELS, SynthBook } from './synth-book';

const MIN = 60_000;
const ANCHOR = Date.UTC(2031, 5, 1);
const replay = new MarketReplay(loadTimelines(DATA_DIR), { anchor: ANCHOR });
let now = ANCHOR + 30 * MIN;
const book = new SynthBook(replay, { now: () => now });

const cents = (s: string) => BigInt(s.replace('.', '')); // 8-decimal strings → 1e-8 units
const TICK = 1_000_000n; // 0.01
const LOT: Record<string, bigint> = { BTCUSDT: 1000n, ETHUSDT: 10_000n };

/** The last trade printed by `t`, read straight off the tape (independent of last-trade.ts). */
function lastTrade(symbol: string, t: number) {
  for (let open = t - (t % MIN); ; open -= MIN) {
    const bt = replay.tape(symbol, open);
    const k = open === t - (t % MIN) ? tradesUntil(bt.tape, t - open) : bt.tape.count;
    if (k > 0)
      return {
        id: bt.firstTradeId + k - 1,
        price: BigInt(bt.tape.prices[k - 1]!),
        takerSold: bt.tape.buyerMaker[k - 1] === 1,
      };
  }
}

function applyDiff(local: Map<string, string>, levels: BookLevel[]) {
  for (const [price, qty] of levels) {
    if (cents(qty) === 0n) local.delete(price);
    else local.set(price, qty);
  }
}

const sorted = (side: Map<string, string>, desc: boolean) =>
  [...side.entries()].sort((a, b) => (desc ? -1 : 1) * (Number(a[0]) - Number(b[0])));

describe('the synthesised order book', () => {
  const times = Array.from({ length: 200 }, (_, i) => ANCHOR + 7 * MIN + i * 1_733);

  it('sits on the last trade: its side at the trade price, the other 1-3 ticks away', () => {
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      for (const t of times) {
        const s = book.state(symbol, t);
        const trade = lastTrade(symbol, t);
        expect(s.updateId).toBe(trade.id);
        if (trade.takerSold) expect(s.bid).toBe(trade.price);
        else expect(s.ask).toBe(trade.price);
        const spread = s.ask - s.bid;
        expect(spread % TICK).toBe(0n);
        expect(spread / TICK).toBeGreaterThanOrEqual(1n);
        expect(spread / TICK).toBeLessThanOrEqual(3n);
      }
    }
  });

  it('has a full ladder per side on the tick and lot grids, best first', () => {
    now = times[50]!;
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const bids = book.levels(symbol, 'bids', 5000);
      const asks = book.levels(symbol, 'asks', 5000);
      expect(bids).toHaveLength(DEPTH_LEVELS);
      expect(asks).toHaveLength(DEPTH_LEVELS);
      const top = book.top(symbol)!;
      expect([top.bidPrice, top.bidQty]).toEqual(bids[0]);
      expect([top.askPrice, top.askQty]).toEqual(asks[0]);
      for (const [side, levels] of [
        [-1n, bids],
        [1n, asks],
      ] as const) {
        for (let i = 0; i < levels.length; i++) {
          const [price, qty] = levels[i]!;
          expect(price).toMatch(/^\d+\.\d{8}$/);
          expect(cents(qty) > 0n && cents(qty) % LOT[symbol]! === 0n).toBe(true);
          if (i > 0) expect(cents(price) - cents(levels[i - 1]![0])).toBe(side * TICK);
        }
      }
      expect(book.levels(symbol, 'asks', 7)).toEqual(asks.slice(0, 7));
    }
    expect(book.top('DOGEUSDT')).toBeNull();
    expect(book.levels('DOGEUSDT', 'bids', 5)).toEqual([]);
  });

  it('moves by diffs that rebuild the next book exactly, with ids only growing', () => {
    const symbol = 'BTCUSDT';
    // Small steps inside a minute, and jumps over minutes and over the loop seam.
    const path = [...times.slice(0, 60), ANCHOR + 95 * MIN, ANCHOR + 4319 * MIN + 59_000];
    path.push(ANCHOR + 4320 * MIN + 5_000);
    let prev: BookState = book.state(symbol, path[0]);
    const bids = new Map(book.levelsOf(prev, 'bids', DEPTH_LEVELS));
    const asks = new Map(book.levelsOf(prev, 'asks', DEPTH_LEVELS));
    let changes = 0;
    for (const t of path.slice(1)) {
      const next = book.state(symbol, t);
      expect(next.updateId).toBeGreaterThanOrEqual(prev.updateId);
      const diff = book.diff(prev, next);
      changes += diff.bids.length + diff.asks.length;
      applyDiff(bids, diff.bids);
      applyDiff(asks, diff.asks);
      expect(sorted(bids, true)).toEqual(book.levelsOf(next, 'bids', DEPTH_LEVELS));
      expect(sorted(asks, false)).toEqual(book.levelsOf(next, 'asks', DEPTH_LEVELS));
      prev = next;
    }
    expect(changes).toBeGreaterThan(0);
  });

  it('brings a book from any moment inside a diff to the diff’s end (a snapshot between events)', () => {
    // The sync procedure applies the first event with U <= snapshot + 1 <= u to a snapshot taken
    // anywhere inside it: every level that changed at any update in the event must be in it.
    const symbol = 'BTCUSDT';
    const spans: [number, number][] = [
      [ANCHOR + 7 * MIN, ANCHOR + 7 * MIN + 6_000],
      [ANCHOR + 9 * MIN + 100, ANCHOR + 9 * MIN + 700],
      [ANCHOR + 11 * MIN, ANCHOR + 14 * MIN],
    ];
    for (const [a, c] of spans) {
      const from = book.state(symbol, a);
      const to = book.state(symbol, c);
      const diff = book.diff(from, to);
      for (let k = 1; k < 10; k++) {
        const snapshot = book.state(symbol, a + ((c - a) * k) / 10);
        const bids = new Map(book.levelsOf(snapshot, 'bids', DEPTH_LEVELS));
        const asks = new Map(book.levelsOf(snapshot, 'asks', DEPTH_LEVELS));
        applyDiff(bids, diff.bids);
        applyDiff(asks, diff.asks);
        expect(sorted(bids, true)).toEqual(book.levelsOf(to, 'bids', DEPTH_LEVELS));
        expect(sorted(asks, false)).toEqual(book.levelsOf(to, 'asks', DEPTH_LEVELS));
      }
    }
  });

  it('is the same book for every instance at the same sim time', () => {
    const other = new SynthBook(new MarketReplay(loadTimelines(DATA_DIR), { anchor: ANCHOR }), {
      now: () => now,
    });
    for (const t of times.slice(0, 20)) {
      const a = book.state('ETHUSDT', t);
      expect(other.state('ETHUSDT', t)).toEqual(a);
      expect(other.levelsOf(a, 'asks', 50)).toEqual(book.levelsOf(a, 'asks', 50));
    }
  });
});
