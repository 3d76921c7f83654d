import { describe, expect, it } from 'vitest';
import { type UnitBar, aggregateUnitBars, fillAround, splitBar, splitTrades } from './bar-split';
import { mulberry32 } from './intrabar-path';

const STEPS = { price: 1_000_000, volume: 1_000 }; // 0.01 USDT, 0.00001 BTC

/** What a split must satisfy (see bar-split.ts); returns the broken rules. */
function violations(parent: UnitBar, children: UnitBar[], k: number): string[] {
  const out: string[] = [];
  if (children.length !== k) out.push(`${children.length} children, expected ${k}`);
  const sum = aggregateUnitBars(children);
  for (const f of [
    'open',
    'high',
    'low',
    'close',
    'volume',
    'takerBuyBase',
    'quoteVolume',
    'takerBuyQuote',
    'trades',
  ] as const) {
    if (sum[f] !== parent[f]) out.push(`${f}: ${sum[f]} != ${parent[f]}`);
  }
  children.forEach((c, i) => {
    for (const p of [c.open, c.high, c.low, c.close]) {
      if (p % STEPS.price !== 0) out.push(`child ${i}: ${p} off the tick`);
      if (p < parent.low || p > parent.high) out.push(`child ${i}: ${p} outside the parent`);
    }
    if (c.low > Math.min(c.open, c.close) || c.high < Math.max(c.open, c.close))
      out.push(`child ${i}: open/close outside its own range`);
    if (i > 0 && c.open !== children[i - 1]!.close) out.push(`child ${i}: gap from the previous`);
    if (c.volume < 0 || c.takerBuyBase < 0 || c.trades < 0) out.push(`child ${i}: negative`);
    if (c.takerBuyBase > c.volume) out.push(`child ${i}: taker-buy above volume`);
    if (c.volume > 0 && c.trades === 0 && parent.trades >= k)
      out.push(`child ${i}: volume, no trade`);
  });
  return out;
}

function randomParent(random: () => number): UnitBar {
  const tick = STEPS.price;
  const low = (3_000 + Math.floor(random() * 100_000)) * 100 * tick;
  const high = low + Math.floor(random() ** 2 * 5_000) * tick;
  const within = () => low + Math.floor(random() * ((high - low) / tick + 1)) * tick;
  const volume = Math.floor(random() * 5e12); // off the lot grid on purpose (6-8 decimals happen)
  const takerBuyBase = Math.floor(volume * random());
  const price = (low + high) / 2;
  const quoteVolume = (BigInt(volume) * BigInt(price)) / 100_000_000n;
  return {
    open: within(),
    high,
    low,
    close: within(),
    volume,
    takerBuyBase,
    quoteVolume,
    takerBuyQuote: (quoteVolume * BigInt(takerBuyBase)) / BigInt(Math.max(1, volume)),
    trades: [0, 1, 3, 59, 61, 5_000, 2_000_000][Math.floor(random() * 7)]!,
  };
}

describe('splitBar', () => {
  it('cuts hours out of days and minutes out of hours exactly (seeded random parents)', () => {
    const random = mulberry32(7);
    const broken: string[] = [];
    for (let n = 0; n < 400; n++) {
      const parent = randomParent(random);
      for (const k of [24, 60, 7, 2, 1]) {
        const seed = Math.floor(random() * 2 ** 32);
        broken.push(
          ...violations(parent, splitBar(parent, k, seed, STEPS), k).map((v) => `${n}/${k}: ${v}`),
        );
      }
    }
    expect(broken).toEqual([]);
  });

  it('reaches the parent high and low inside, the first extreme low on a rising bar', () => {
    const parent: UnitBar = {
      open: 100e8,
      high: 110e8,
      low: 95e8,
      close: 105e8,
      volume: 10e8,
      takerBuyBase: 5e8,
      quoteVolume: 1000_00000000n,
      takerBuyQuote: 500_00000000n,
      trades: 600,
    };
    for (let seed = 0; seed < 50; seed++) {
      const children = splitBar(parent, 60, seed, STEPS);
      const iHigh = children.findIndex((c) => c.high === parent.high);
      const iLow = children.findIndex((c) => c.low === parent.low);
      expect(iHigh).toBeGreaterThanOrEqual(0);
      expect(iLow).toBeGreaterThanOrEqual(0);
      expect(iLow).toBeLessThanOrEqual(iHigh);
    }
  });

  it('is deterministic per seed and differs between seeds', () => {
    const parent = randomParent(mulberry32(3));
    expect(splitBar(parent, 60, 42, STEPS)).toEqual(splitBar(parent, 60, 42, STEPS));
    expect(splitBar(parent, 60, 42, STEPS)).not.toEqual(splitBar(parent, 60, 43, STEPS));
  });

  it('splits trades the same way alone as inside a full split (aggregate ids rely on it)', () => {
    const parent = randomParent(mulberry32(11));
    const trades = splitTrades(parent.trades, 60, 99);
    expect(splitBar(parent, 60, 99, STEPS).map((c) => c.trades)).toEqual([...trades]);
  });
});

describe('fillAround', () => {
  it('keeps recorded children and completes the parent around them, continuous at both ends', () => {
    const random = mulberry32(5);
    for (let n = 0; n < 100; n++) {
      const parent = randomParent(random);
      const whole = splitBar(parent, 60, n, STEPS);
      const from = Math.floor(random() * 30);
      const real = whole.slice(from, from + 1 + Math.floor(random() * 29));
      const filled = fillAround(parent, 60, from, real, (i) => n * 100 + i, STEPS);
      expect(filled).toHaveLength(60);
      expect(filled.slice(from, from + real.length)).toEqual(real);
      const sum = aggregateUnitBars(filled);
      expect([sum.open, sum.high, sum.low, sum.close]).toEqual([
        parent.open,
        parent.high,
        parent.low,
        parent.close,
      ]);
      for (let i = 1; i < 60; i++) expect(filled[i]!.open).toBe(filled[i - 1]!.close);
    }
  });
});
