import { describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../test/recorded-rows';
import { toUnits } from '../data/decimal';
import { type RecordedBar, loadRecordings } from '../data/recording';
import { BAR_MS, barSeed } from './intrabar-path';
import { splitUnits } from './quantity-split';
import { type TradeTape, aggTradeCount, buildTradeTape } from './trade-tape';

const recordings = loadRecordings(DATA_DIR);

/** Every promise the tape makes about its bar; returns the broken ones. */
function violations(
  bar: RecordedBar,
  tape: TradeTape,
  steps: { price: bigint; volume: bigint },
): string[] {
  const out: string[] = [];
  const n = tape.count;
  if (n !== bar.trades) out.push(`count ${n} != ${bar.trades}`);
  if (tape.aggCount !== aggTradeCount(n)) out.push('aggregate count');
  if (n === 0) return out;
  if (BigInt(tape.prices[0]!) !== bar.open || tape.offsets[0] !== 0)
    out.push('first trade is not the open');
  if (BigInt(tape.prices[n - 1]!) !== bar.close) out.push('last trade is not the close');
  if (tape.offsets[n - 1]! >= BAR_MS) out.push('trade after the bar');
  let volume = 0n;
  let takerBuy = 0n;
  let high = BigInt(tape.prices[0]!);
  let low = high;
  for (let i = 0; i < n; i++) {
    const [p, q] = [BigInt(tape.prices[i]!), BigInt(tape.quantities[i]!)];
    if (p < bar.low || p > bar.high || p % steps.price !== 0n)
      out.push(`price ${i} off range or grid`);
    if (q <= 0n || q % steps.volume !== 0n) out.push(`quantity ${i} not a positive lot`);
    if (i > 0 && tape.offsets[i]! < tape.offsets[i - 1]!) out.push(`time goes back at ${i}`);
    volume += q;
    if (tape.buyerMaker[i] === 0) takerBuy += q;
    high = p > high ? p : high;
    low = p < low ? p : low;
    const agg = tape.aggIndex[i]!;
    if (i === 0 ? agg !== 0 : agg !== tape.aggIndex[i - 1]! && agg !== tape.aggIndex[i - 1]! + 1)
      out.push(`aggregate ids jump at ${i}`);
    // One aggregate = one taker order: same millisecond, price and side.
    if (i > 0 && agg === tape.aggIndex[i - 1]) {
      if (
        tape.offsets[i] !== tape.offsets[i - 1] ||
        tape.prices[i] !== tape.prices[i - 1] ||
        tape.buyerMaker[i] !== tape.buyerMaker[i - 1]
      ) {
        out.push(`aggregate ${agg} mixes trades`);
      }
    }
  }
  if (tape.aggIndex[n - 1] !== tape.aggCount - 1)
    out.push('aggregate count does not match the tape');
  if (volume !== bar.volume) out.push(`volume ${volume} != ${bar.volume}`);
  if (takerBuy !== bar.takerBuyBase) out.push(`taker buy ${takerBuy} != ${bar.takerBuyBase}`);
  if (high !== bar.high || low !== bar.low) out.push('high/low not touched');
  return out.map((v) => `bar ${bar.openTime}: ${v}`);
}

describe('trade tape', () => {
  it('agrees exactly with every recorded bar it is built for', () => {
    const broken: string[] = [];
    for (const rec of recordings) {
      const steps = { price: rec.priceStep, volume: rec.volumeStep };
      for (let i = 0; i < rec.bars.length; i += 23) {
        const bar = rec.bars[i]!;
        broken.push(
          ...violations(bar, buildTradeTape(bar, steps, barSeed(rec.symbol, bar.openTime)), steps),
        );
      }
    }
    expect(broken).toEqual([]);
  });

  it('handles the busiest bar of the recording', () => {
    const rec = recordings[0]!;
    const bar = rec.bars.reduce((a, b) => (b.trades > a.trades ? b : a));
    const steps = { price: rec.priceStep, volume: rec.volumeStep };
    expect(bar.trades).toBeGreaterThan(10_000);
    expect(violations(bar, buildTradeTape(bar, steps, 1), steps)).toEqual([]);
  });

  it('copes with bars of one to five trades', () => {
    const steps = { price: toUnits('0.01'), volume: toUnits('0.00001') };
    const u = toUnits;
    const bars: RecordedBar[] = [
      {
        openTime: 0,
        open: u('10'),
        high: u('10'),
        low: u('10'),
        close: u('10'),
        volume: u('0.5'),
        quoteVolume: u('5'),
        trades: 1,
        takerBuyBase: u('0.5'),
        takerBuyQuote: u('5'),
      },
      {
        openTime: 0,
        open: u('10'),
        high: u('11'),
        low: u('10'),
        close: u('11'),
        volume: u('0.5'),
        quoteVolume: u('5'),
        trades: 2,
        takerBuyBase: u('0.2'),
        takerBuyQuote: u('2'),
      },
      {
        openTime: 0,
        open: u('10'),
        high: u('12'),
        low: u('9'),
        close: u('11'),
        volume: u('0.5'),
        quoteVolume: u('5'),
        trades: 4,
        takerBuyBase: u('0'),
        takerBuyQuote: u('0'),
      },
      {
        openTime: 0,
        open: u('10'),
        high: u('12'),
        low: u('9'),
        close: u('11'),
        volume: u('0.00005'),
        quoteVolume: u('5'),
        trades: 5,
        takerBuyBase: u('0.00002'),
        takerBuyQuote: u('2'),
      },
    ];
    for (const bar of bars) {
      for (const seed of [1, 2, 3])
        expect(violations(bar, buildTradeTape(bar, steps, seed), steps)).toEqual([]);
    }
  });

  it('is deterministic per seed', () => {
    const rec = recordings[1]!;
    const steps = { price: rec.priceStep, volume: rec.volumeStep };
    const bar = rec.bars[99]!;
    expect(buildTradeTape(bar, steps, 5)).toEqual(buildTradeTape(bar, steps, 5));
    expect(buildTradeTape(bar, steps, 5).quantities).not.toEqual(
      buildTradeTape(bar, steps, 6).quantities,
    );
  });
});

describe('splitUnits', () => {
  it('sums exactly, gives every part at least one unit, and is skewed', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const parts = splitUnits(1_000_003, 997, random);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(1_000_003);
    expect(Math.min(...parts)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...parts)).toBeGreaterThan(5 * (1_000_003 / 997));
    expect(splitUnits(2, 4, random)).toEqual([1, 1, 0, 0]);
    expect(splitUnits(7, 0, random)).toEqual([]);
  });
});
