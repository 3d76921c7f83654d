import { describe, expect, it } from 'vitest';
import { DATA_DIR, binanceDecimal, recordedRows } from '../../test/recorded-rows';
import { formatUnits, toUnits } from './decimal';
import { loadRecordings, parseRecording } from './recording';

describe('recordings', () => {
  it('loads every shipped symbol with all rows, exactly', () => {
    const recordings = loadRecordings(DATA_DIR);
    expect(recordings.map((r) => r.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    const btc = recordings[0]!;
    const rows = recordedRows('btcusdt');
    expect(btc.bars).toHaveLength(4320);
    expect(rows).toHaveLength(4320);
    for (const i of [0, 1, 2000, 4319]) {
      const bar = btc.bars[i]!;
      const row = rows[i]!;
      expect(bar.openTime).toBe(Number(row[0]));
      expect(formatUnits(bar.open)).toBe(binanceDecimal(row[1]));
      expect(formatUnits(bar.quoteVolume)).toBe(binanceDecimal(row[7]));
      expect(bar.trades).toBe(Number(row[8]));
    }
    expect(btc.priceStep).toBe(toUnits('0.01'));
    expect(btc.volumeStep).toBe(toUnits('0.00001'));
  });

  it('serves only the requested symbols and names missing ones', () => {
    expect(loadRecordings(DATA_DIR, ['ethusdt']).map((r) => r.symbol)).toEqual(['ETHUSDT']);
    expect(() => loadRecordings(DATA_DIR, ['DOGEUSDT'])).toThrow(/no recording for DOGEUSDT/);
  });

  it('refuses a recording with a gap', () => {
    const header =
      'open_time,open,high,low,close,volume,close_time,quote_volume,trades,taker_buy_base,taker_buy_quote';
    const row = (t: number) => `${t},1,2,0.5,1.5,3,${t + 59_999},4,5,1,2`;
    expect(() => parseRecording('X', [header, row(60_000), row(120_000)].join('\n'))).not.toThrow();
    expect(() => parseRecording('X', [header, row(60_000), row(180_000)].join('\n'))).toThrow(
      /gap/,
    );
  });

  it('formats decimals as Binance does', () => {
    expect(formatUnits(toUnits('112731.29'))).toBe('112731.29000000');
    expect(formatUnits(toUnits('0.00001'))).toBe('0.00001000');
    expect(formatUnits(toUnits('5'))).toBe('5.00000000');
    expect(() => toUnits('1e5')).toThrow();
  });
});
