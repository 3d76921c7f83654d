// Reads klines CSV in Binance's column order: what `coinview history --csv` writes, what
// ../shared/data holds, and what other tools export. Lenient where files honestly differ (header
// row or not, millisecond or Binance's newer microsecond timestamps, a 12th "ignore" column, empty
// columns a tool did not record), strict where a wrong reading would go unnoticed: every bad row is
// refused with its line and column, never skipped, and open times must rise bar by bar.
//
// Core's Candle has no "unknown" for quote volume, trades and taker volumes (decimal strings and an
// integer), so an empty one becomes "0" / 0 — the value a missing column contributes to sums. Only
// open time, OHLC, volume and close time are required; nothing that needs the optional columns
// should trust them from a CSV that left them empty.
import { type Readable, pipeline } from 'node:stream';
import { type Candle, symbolSchema } from '@coinview/core/candle';
import { type Interval, barOpenTime, intervalSchema } from '@coinview/core/interval';
import { parse } from 'csv-parse';
import { KLINE_CSV_COLUMNS } from './kline-csv';

type Column = (typeof KLINE_CSV_COLUMNS)[number];

/** Binance's 12th kline field, unused; some exports keep it. */
const IGNORE_COLUMN = 'ignore';

/** Names Binance's API documentation gives the columns, as other tools' headers use them. */
const BINANCE_DOC_NAMES: Record<Column, string> = {
  open_time: 'Open time',
  open: 'Open',
  high: 'High',
  low: 'Low',
  close: 'Close',
  volume: 'Volume',
  close_time: 'Close time',
  quote_volume: 'Quote asset volume',
  trades: 'Number of trades',
  taker_buy_base: 'Taker buy base asset volume',
  taker_buy_quote: 'Taker buy quote asset volume',
};

const DECIMAL = /^\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;
/** 13 digits: milliseconds (2001–2286); 16 digits: microseconds, as Binance's newer dumps. */
const MS_DIGITS = 13;
const US_DIGITS = 16;

export interface ReadKlinesCsvOptions {
  symbol: string;
  interval: Interval;
}

/** Parses a klines CSV into closed candles, in time order; throws on the first bad line. */
export async function readKlinesCsv(
  input: string | Readable,
  options: ReadKlinesCsvOptions,
): Promise<Candle[]> {
  const symbol = symbolSchema.parse(options.symbol);
  const interval = intervalSchema.parse(options.interval);
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  });
  if (typeof input === 'string') parser.end(input);
  // pipeline, not pipe: a failing input (a corrupt gzip, a read error) must end the loop below.
  else pipeline(input, parser, () => undefined);

  const candles: Candle[] = [];
  let first = true;
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    const line = info.lines;
    if (first) {
      first = false;
      if (isHeader(record)) {
        checkHeader(record, line);
        continue;
      }
    }
    const candle = readRow(record, line, symbol, interval);
    const previous = candles.at(-1);
    if (previous && candle.openTime <= previous.openTime) {
      throw new Error(
        candle.openTime === previous.openTime
          ? `line ${line}: open_time ${candle.openTime} repeats the previous row's`
          : `line ${line}: open_time ${candle.openTime} is before the previous row's (${previous.openTime}); rows must be in time order`,
      );
    }
    candles.push(candle);
  }
  return candles;
}

// A header row names its first column; Binance's data has no letters (an empty open time is a
// data row with a missing value, not a header).
function isHeader(record: string[]): boolean {
  return /[a-z]/i.test(record[0] ?? '');
}

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');

// A header is only accepted if it names Binance's columns in Binance's order: reading "close" as
// "high" because a file has its own order would give wrong candles without a word.
function checkHeader(record: string[], line: number): void {
  const expected: string[] = [...KLINE_CSV_COLUMNS, IGNORE_COLUMN];
  record.forEach((name, i) => {
    const column = expected[i];
    const accepted = column
      ? [column, BINANCE_DOC_NAMES[column as Column] ?? column].map(normalise)
      : [];
    if (!accepted.includes(normalise(name))) {
      throw new Error(
        `line ${line}: header column ${i + 1} is '${name}', expected ${column ?? 'no more columns'} (Binance's kline column order: ${expected.join(',')})`,
      );
    }
  });
}

function readRow(record: string[], line: number, symbol: string, interval: Interval): Candle {
  const count = record.length;
  if (count !== KLINE_CSV_COLUMNS.length && count !== KLINE_CSV_COLUMNS.length + 1) {
    throw new Error(
      `line ${line}: expected ${KLINE_CSV_COLUMNS.length} or ${KLINE_CSV_COLUMNS.length + 1} columns in Binance's kline order, found ${count}`,
    );
  }
  const field = (column: Column): string => record[KLINE_CSV_COLUMNS.indexOf(column)] ?? '';
  const required = (column: Column): string => {
    const value = field(column);
    if (value === '') throw new Error(`line ${line}: ${column} is missing`);
    return value;
  };
  const decimal = (column: Column, value: string): string => {
    if (!DECIMAL.test(value)) {
      throw new Error(`line ${line}: ${column} is not a number: '${value}'`);
    }
    return value;
  };
  const optionalDecimal = (column: Column): string => {
    const value = field(column);
    return value === '' ? '0' : decimal(column, value);
  };
  const time = (column: 'open_time' | 'close_time'): number => {
    const value = required(column);
    if (!INTEGER.test(value) || (value.length !== MS_DIGITS && value.length !== US_DIGITS)) {
      throw new Error(
        `line ${line}: ${column} is not a timestamp in milliseconds (13 digits) or microseconds (16 digits): '${value}'`,
      );
    }
    const n = Number(value);
    return value.length === US_DIGITS ? Math.floor(n / 1000) : n;
  };

  const openTime = time('open_time');
  if (barOpenTime(openTime, interval) !== openTime) {
    throw new Error(
      `line ${line}: open_time ${openTime} is not the start of a ${interval} bar; is the interval right?`,
    );
  }
  const trades = field('trades');
  if (trades !== '' && !INTEGER.test(trades)) {
    throw new Error(`line ${line}: trades is not a whole number: '${trades}'`);
  }
  return {
    symbol,
    interval,
    openTime,
    closeTime: time('close_time'),
    open: decimal('open', required('open')),
    high: decimal('high', required('high')),
    low: decimal('low', required('low')),
    close: decimal('close', required('close')),
    volume: decimal('volume', required('volume')),
    quoteVolume: optionalDecimal('quote_volume'),
    trades: trades === '' ? 0 : Number(trades),
    takerBuyBaseVolume: optionalDecimal('taker_buy_base'),
    takerBuyQuoteVolume: optionalDecimal('taker_buy_quote'),
    closed: true,
  };
}
