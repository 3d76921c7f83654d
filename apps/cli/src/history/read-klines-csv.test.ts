import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Candle } from '@coinview/core/candle';
import { describe, expect, it } from 'vitest';
import { KLINE_CSV_COLUMNS, klineCsv } from './kline-csv';
import { readKlinesCsv } from './read-klines-csv';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const HEADER = KLINE_CSV_COLUMNS.join(',');
const H1 = 3_600_000;
const T0 = Date.UTC(2024, 0, 1); // 1704067200000
const opts = { symbol: 'BTCUSDT', interval: '1h' } as const;

function candle(i: number, over: Partial<Candle> = {}): Candle {
  return {
    symbol: 'BTCUSDT',
    interval: '1h',
    openTime: T0 + i * H1,
    closeTime: T0 + (i + 1) * H1 - 1,
    open: '42000.10000000',
    high: '42500',
    low: '41999.5',
    close: `4210${i}.25`,
    volume: '12.345',
    quoteVolume: '519000.123',
    trades: 1200 + i,
    takerBuyBaseVolume: '6.1',
    takerBuyQuoteVolume: '256000.5',
    closed: true,
    ...over,
  };
}

// One 1h row at T0 + i hours with the given close; everything else valid.
const row = (i: number, close = '100') =>
  `${T0 + i * H1},100,110,90,${close},5,${T0 + (i + 1) * H1 - 1},500,7,2,200`;

const read = (text: string) => readKlinesCsv(text, opts);

describe('readKlinesCsv', () => {
  it('reads back exactly what the history writer wrote, with and without the header', async () => {
    const candles = [candle(0), candle(1), candle(2, { trades: 0, quoteVolume: '0' })];
    expect(await read(klineCsv(candles, true))).toEqual(candles);
    expect(await read(klineCsv(candles, false))).toEqual(candles);
  });

  it('reads the first lines of a recorded Binance file with all columns, from a stream', async () => {
    const candles = await readKlinesCsv(
      createReadStream(fixture('btcusdt-1m-2025-10-29-head.csv')),
      { symbol: 'BTCUSDT', interval: '1m' },
    );
    expect(candles).toHaveLength(5);
    expect(candles[0]).toEqual({
      symbol: 'BTCUSDT',
      interval: '1m',
      openTime: 1761711720000,
      closeTime: 1761711779999,
      open: '112731.29',
      high: '112749.73',
      low: '112730.4',
      close: '112749.72',
      volume: '4.75297',
      quoteVolume: '535846.8386782',
      trades: 1459,
      takerBuyBaseVolume: '1.90045',
      takerBuyQuoteVolume: '214244.3964366',
      closed: true,
    });
    // one minute apart, in order
    expect(candles.map((c) => c.openTime - 1761711720000)).toEqual([
      0, 60_000, 120_000, 180_000, 240_000,
    ]);
    expect(candles[4]?.close).toBe('112696.35');
  });

  it('takes empty optional columns of recorded files as zero', async () => {
    const m1 = { symbol: 'BTCUSDT', interval: '1m' } as const;
    // OHLCV-only file: quote volume, trades and taker volumes all empty
    const ohlcv = await readKlinesCsv(
      createReadStream(fixture('btcusdt-1m-2025-01-01-head.csv')),
      m1,
    );
    expect(ohlcv).toHaveLength(3);
    expect(ohlcv[0]).toMatchObject({
      openTime: 1735700400000,
      close: '94049.47',
      volume: '7.50148',
      quoteVolume: '0',
      trades: 0,
      takerBuyBaseVolume: '0',
      takerBuyQuoteVolume: '0',
    });
    // quote volume and trades recorded, taker columns empty
    const partial = await readKlinesCsv(
      createReadStream(fixture('btcusdt-1m-2024-11-30-head.csv')),
      m1,
    );
    expect(partial[1]).toMatchObject({
      quoteVolume: '677202.9744168',
      trades: 2318,
      takerBuyBaseVolume: '0',
      takerBuyQuoteVolume: '0',
    });
  });

  it("accepts Binance's 12th ignore column, with or without its header, and Binance's doc names", async () => {
    const [c] = await read(`${HEADER},ignore\n${row(0)},0\n`);
    expect(c).toMatchObject({ openTime: T0, close: '100', takerBuyQuoteVolume: '200' });
    const doc =
      'Open time,Open,High,Low,Close,Volume,Close time,Quote asset volume,Number of trades,' +
      'Taker buy base asset volume,Taker buy quote asset volume,Ignore';
    expect(await read(`${doc}\n${row(0)},0\n${row(1)},\n`)).toHaveLength(2);
  });

  it("converts Binance's microsecond timestamps (16 digits) to milliseconds", async () => {
    // 1704067200000 ms = 1704067200000000 µs; close 1704070799999999 µs → 1704070799999 ms
    const [c] = await read(`1704067200000000,1,1,1,1,1,1704070799999999,,,,\n`);
    expect(c).toMatchObject({ openTime: T0, closeTime: T0 + H1 - 1 });
  });

  it('ignores CRLF line ends, a BOM and blank lines', async () => {
    const candles = await read(`\uFEFF${HEADER}\r\n${row(0)}\r\n\r\n${row(1)}\r\n`);
    expect(candles.map((c) => c.openTime)).toEqual([T0, T0 + H1]);
  });

  it('gives an empty list for a file with only the header', async () => {
    expect(await read(`${HEADER}\n`)).toEqual([]);
  });

  describe('refuses, naming the line and the column', () => {
    it.each([
      [
        'a value that is not a number',
        `${HEADER}\n${row(0)}\n${row(1, 'abc')}`,
        "line 3: close is not a number: 'abc'",
      ],
      ['a negative price', `${row(0, '-1')}`, "line 1: close is not a number: '-1'"],
      ['an empty required column', `${HEADER}\n${row(0, '')}`, 'line 2: close is missing'],
      ['an empty open time', `,1,1,1,1,1,${T0 + H1 - 1},,,,`, 'line 1: open_time is missing'],
      ['an empty close time', `${T0},1,1,1,1,1,,,,,`, 'line 1: close_time is missing'],
      ['an empty volume', `${T0},1,1,1,1,,${T0 + H1 - 1},,,,`, 'line 1: volume is missing'],
      [
        'a bad optional column',
        `${T0},1,1,1,1,1,${T0 + H1 - 1},x,,,`,
        "line 1: quote_volume is not a number: 'x'",
      ],
      [
        'fractional trades',
        `${T0},1,1,1,1,1,${T0 + H1 - 1},1,2.5,,`,
        "line 1: trades is not a whole number: '2.5'",
      ],
      [
        'seconds for open time',
        `${T0 / 1000},1,1,1,1,1,${T0 + H1 - 1},,,,`,
        `line 1: open_time is not a timestamp in milliseconds (13 digits) or microseconds (16 digits): '${T0 / 1000}'`,
      ],
      [
        'too few columns',
        `${T0},1,1,1,1,1`,
        "line 1: expected 11 or 12 columns in Binance's kline order, found 6",
      ],
      [
        'an open time off the interval',
        `${T0 + 60_000},1,1,1,1,1,${T0 + H1 - 1},,,,`,
        `line 1: open_time ${T0 + 60_000} is not the start of a 1h bar; is the interval right?`,
      ],
      [
        'a duplicated open time',
        `${row(0)}\n${row(1)}\n${row(1)}`,
        `line 3: open_time ${T0 + H1} repeats the previous row's`,
      ],
      [
        'rows out of time order',
        `${row(1)}\n${row(0)}`,
        `line 2: open_time ${T0} is before the previous row's (${T0 + H1}); rows must be in time order`,
      ],
      [
        'a header in another order',
        `open_time,close,high,low,open,volume\n${row(0)}`,
        "line 1: header column 2 is 'close', expected open (Binance's kline column order: open_time,open,high,low,close,volume,close_time,quote_volume,trades,taker_buy_base,taker_buy_quote,ignore)",
      ],
    ])('%s', async (_, text, message) => {
      await expect(read(text)).rejects.toThrow(message);
    });

    it('counts lines inside a stream across chunks', async () => {
      const chunks = [
        `${HEADER}\n${row(0)}\n${row(1).slice(0, 10)}`,
        `${row(1).slice(10)}\n`,
        `${row(2, '1e5')}\n`,
      ];
      await expect(readKlinesCsv(Readable.from(chunks), opts)).rejects.toThrow(
        "line 4: close is not a number: '1e5'",
      );
    });

    it('passes on a failing input stream', async () => {
      const failing = new Readable({
        read() {
          this.destroy(new Error('unexpected end of file'));
        },
      });
      await expect(readKlinesCsv(failing, opts)).rejects.toThrow('unexpected end of file');
    });

    it('a symbol that is not a Binance symbol', async () => {
      await expect(readKlinesCsv(row(0), { symbol: 'btc', interval: '1h' })).rejects.toThrow(
        'a Binance symbol such as BTCUSDT',
      );
    });
  });
});
