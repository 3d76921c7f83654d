// Loads the complete 3-day 1m recordings shipped in data/ (gzipped CSV, every column, one file per
// symbol) into exact integer form: the fixture of the tape and intrabar tests, and the shape
// (RecordedBar) every served 1m bar takes. The replay itself reads all files through
// timeline-files.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decimalsOf, stepOf, toUnits } from './decimal';

const MINUTE = 60_000;
const HEADER =
  'open_time,open,high,low,close,volume,close_time,quote_volume,trades,taker_buy_base,taker_buy_quote';
/** The 3-day recordings with every column (the month-long 1m files lack some; see kline-file.ts). */
const FILE_PATTERN = /^([a-z0-9]+)_1m_2025-10-29_2025-11-01\.csv\.gz$/;

/** One recorded 1m bar; decimals in 1e-8 units (see decimal.ts). */
export interface RecordedBar {
  openTime: number;
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
  volume: bigint;
  quoteVolume: bigint;
  trades: number;
  takerBuyBase: bigint;
  takerBuyQuote: bigint;
}

export interface Recording {
  symbol: string;
  /** Contiguous 1m bars, oldest first. */
  bars: RecordedBar[];
  /** Price grid of the symbol as seen in the data (e.g. 0.01 for BTCUSDT), in 1e-8 units. */
  priceStep: bigint;
  /** Base-quantity grid (e.g. 0.00001 BTC), in 1e-8 units. */
  volumeStep: bigint;
}

export const DEFAULT_DATA_DIR = path.resolve(import.meta.dirname, '../../data');

export function parseRecording(symbol: string, csv: string): Recording {
  const lines = csv.trim().split(/\r?\n/);
  if (lines[0]?.trim() !== HEADER)
    throw new Error(`${symbol}: unexpected CSV header "${lines[0]}"`);
  let priceDecimals = 0;
  let volumeDecimals = 0;
  const bars: RecordedBar[] = [];
  for (let row = 1; row < lines.length; row++) {
    const cells = lines[row]!.split(',');
    if (cells.length !== 11)
      throw new Error(`${symbol}: row ${row} has ${cells.length} columns, expected 11`);
    const [
      openTime,
      open,
      high,
      low,
      close,
      volume,
      closeTime,
      quote,
      trades,
      takerBase,
      takerQuote,
    ] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const bar: RecordedBar = {
      openTime: Number(openTime),
      open: toUnits(open),
      high: toUnits(high),
      low: toUnits(low),
      close: toUnits(close),
      volume: toUnits(volume),
      quoteVolume: toUnits(quote),
      trades: Number(trades),
      takerBuyBase: toUnits(takerBase),
      takerBuyQuote: toUnits(takerQuote),
    };
    const previous = bars[bars.length - 1];
    if (!Number.isInteger(bar.openTime) || bar.openTime % MINUTE !== 0)
      throw new Error(`${symbol}: row ${row}: bad open time`);
    if (Number(closeTime) !== bar.openTime + MINUTE - 1)
      throw new Error(`${symbol}: row ${row}: bad close time`);
    if (previous && bar.openTime !== previous.openTime + MINUTE)
      throw new Error(`${symbol}: row ${row}: gap in the recording`);
    if (!Number.isInteger(bar.trades) || bar.trades < 0)
      throw new Error(`${symbol}: row ${row}: bad trade count`);
    const prices = [bar.open, bar.close, bar.low];
    if (bar.low > bar.high || prices.some((p) => p > bar.high || p < bar.low)) {
      throw new Error(`${symbol}: row ${row}: open/close outside high/low`);
    }
    priceDecimals = Math.max(priceDecimals, ...[open, high, low, close].map(decimalsOf));
    volumeDecimals = Math.max(volumeDecimals, decimalsOf(volume), decimalsOf(takerBase));
    bars.push(bar);
  }
  if (bars.length === 0) throw new Error(`${symbol}: the recording is empty`);
  return { symbol, bars, priceStep: stepOf(priceDecimals), volumeStep: stepOf(volumeDecimals) };
}

export function loadRecordingFile(file: string): Recording {
  const match = FILE_PATTERN.exec(path.basename(file));
  if (!match) throw new Error(`${file}: expected a name like btcusdt_1m_<from>_<to>.csv.gz`);
  return parseRecording(match[1]!.toUpperCase(), gunzipSync(readFileSync(file)).toString('utf8'));
}

/** Every recording in `dataDir`, or only `symbols` (which must all exist). */
export function loadRecordings(
  dataDir = DEFAULT_DATA_DIR,
  symbols?: readonly string[],
): Recording[] {
  const files = readdirSync(dataDir)
    .filter((name) => FILE_PATTERN.test(name))
    .sort();
  const bySymbol = new Map(files.map((name) => [FILE_PATTERN.exec(name)![1]!.toUpperCase(), name]));
  const wanted = symbols?.map((s) => s.toUpperCase()) ?? [...bySymbol.keys()];
  return wanted.map((symbol) => {
    const name = bySymbol.get(symbol);
    if (!name)
      throw new Error(
        `no recording for ${symbol} in ${dataDir} (have: ${[...bySymbol.keys()].join(', ')})`,
      );
    return loadRecordingFile(path.join(dataDir, name));
  });
}
