import { describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../test/recorded-rows';
import { loadRecordings } from '../data/recording';
import { BAR_MS, barSeed, intrabarPath } from './intrabar-path';
import { buildTradeTape, partialBar } from './trade-tape';

const recordings = loadRecordings(DATA_DIR);

describe('intrabar path and the forming bar', () => {
  it('starts at the open, stays within the bar, touches high and low, ends exactly on the record', () => {
    const violations: string[] = [];
    for (const rec of recordings) {
      const steps = { price: rec.priceStep, volume: rec.volumeStep };
      for (let i = 0; i < rec.bars.length; i += 29) {
        const bar = rec.bars[i]!;
        const seed = barSeed(rec.symbol, bar.openTime);
        const tape = buildTradeTape(bar, steps, seed);
        let previous = partialBar(bar, tape, 0);
        expect(previous.close).toBe(bar.open);
        expect(previous.trades).toBeGreaterThanOrEqual(1); // the opening burst, at the first millisecond
        let touchedHigh = previous.high === bar.high;
        let touchedLow = previous.low === bar.low;
        for (let at = 500; at < BAR_MS; at += 500) {
          const p = partialBar(bar, tape, at);
          const broken = [
            p.open !== bar.open && 'open moved',
            (p.high > bar.high || p.low < bar.low) && 'left [low, high]',
            (p.close > p.high || p.close < p.low) && 'close outside its own range',
            p.close % rec.priceStep !== 0n && 'price off the tick grid',
            // Running extremes and cumulative quantities only ever grow.
            (p.high < previous.high || p.low > previous.low) && 'extremes shrank',
            (p.volume < previous.volume ||
              p.quoteVolume < previous.quoteVolume ||
              p.trades < previous.trades) &&
              'quantities shrank',
            p.takerBuyBase > p.volume && 'taker volume above volume',
            (p.volume > bar.volume || p.trades > bar.trades) && 'beyond the recorded totals',
          ].filter(Boolean);
          if (broken.length)
            violations.push(`${rec.symbol} bar ${i} at ${at} ms: ${broken.join(', ')}`);
          touchedHigh ||= p.high === bar.high;
          touchedLow ||= p.low === bar.low;
          previous = p;
        }
        expect(touchedHigh && touchedLow).toBe(true);
        const end = partialBar(bar, tape, BAR_MS);
        expect(partialBar(bar, tape, BAR_MS - 1)).toEqual(end); // every trade is in by the last millisecond
        expect(end).toEqual({
          open: bar.open,
          high: bar.high,
          low: bar.low,
          close: bar.close,
          volume: bar.volume,
          quoteVolume: bar.quoteVolume,
          takerBuyBase: bar.takerBuyBase,
          takerBuyQuote: bar.takerBuyQuote,
          trades: bar.trades,
        });
      }
    }
    expect(violations).toEqual([]);
  });

  it('is deterministic per bar and differs between bars', () => {
    const rec = recordings[0]!;
    const steps = { price: rec.priceStep, volume: rec.volumeStep };
    const bar = rec.bars[42]!;
    expect(intrabarPath(bar, steps, 7)).toEqual(intrabarPath(bar, steps, 7));
    expect(intrabarPath(bar, steps, 7)).not.toEqual(intrabarPath(bar, steps, 8));
    expect(barSeed('BTCUSDT', 60_000)).not.toBe(barSeed('ETHUSDT', 60_000));
  });
});
