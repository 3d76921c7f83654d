// Reads one shipped kline file of any interval (1m, 1h, 1d; gzipped CSV in Binance's 11-column
// layout) into columns of exact integers. Several of the files leave columns empty (the month-long
// 1m files are OHLCV only): such a column comes back as undefined, never as zeros, so the timeline
// (market-timeline.ts) knows what it has to estimate.
//
// Units are 1e-8 (decimal.ts). Prices, base volumes and trade counts fit float64 exactly (every
// value here is an integer below 2^53: 124,700 USDT is 1.2e13 units, the largest daily ETH volume
// 4.7e14); quote volumes do not (a day of BTCUSDT is up to 1.8e18 units), so they are bigint.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { toUnits } from './decimal';

const HEADER =
  'open_time,open,high,low,close,volume,close_time,quote_volume,trades,taker_buy_base,taker_buy_quote';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const INTERVAL_MS: Record<string, number> = { '1m': MINUTE_MS, '1h': HOUR_MS, '1d': DAY_MS };

/** `btcusdt_1h_2024-07-19_2026-07-19.csv.gz` → symbol BTCUSDT, interval 1h. */
export const KLINE_FILE =
  /^([a-z0-9]+)_(1m|1h|1d)_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d(?:_full)?\.csv\.gz$/;

export interface KlineColumns {
  symbol: string;
  intervalMs: number;
  /** Where it came from, for logs and /__sim/info. */
  file: string;
  length: number;
  /** Contiguous: openTime[i] = openTime[0] + i * intervalMs (checked). */
  firstOpen: number;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  quoteVolume?: BigInt64Array;
  trades?: Float64Array;
  takerBuyBase?: Float64Array;
  takerBuyQuote?: BigInt64Array;
  /** Most decimals written in a price / a base quantity of the file. */
  priceDecimals: number;
  volumeDecimals: number;
}

/** "63460.01" → 6346001000000: exact for values below 2^53 units, and much faster than BigInt. */
export function unitNumber(value: string): number {
  return unitsAt(value, 0, value.length);
}

const SCALE = [1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

/** unitNumber of `text.slice(from, to)`, without making the slice (the files have ~2M numbers). */
function unitsAt(text: string, from: number, to: number): number {
  let whole = 0;
  let fraction = 0;
  let digits = -1;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && digits < 0) digits = 0;
    else if (c >= 48 && c <= 57 && digits < 8) {
      if (digits < 0) whole = whole * 10 + (c - 48);
      else {
        fraction = fraction * 10 + (c - 48);
        digits++;
      }
    } else throw new Error(`not a decimal number: "${text.slice(from, to)}"`);
  }
  if (to === from || digits === 0)
    throw new Error(`not a decimal number: "${text.slice(from, to)}"`);
  const units = whole * 1e8 + (digits > 0 ? fraction * SCALE[digits]! : 0);
  if (!Number.isSafeInteger(units)) throw new Error(`"${text.slice(from, to)}" is too large`);
  return units;
}

/** Like toUnits, with a fast path for values that fit a float64 exactly (most of them). */
function bigUnitsAt(text: string, from: number, to: number): bigint {
  // Up to 7 integer digits: below 1e15 units, exact in a float64.
  const dot = text.indexOf('.', from);
  if ((dot < 0 || dot > to ? to : dot) - from <= 7) return BigInt(unitsAt(text, from, to));
  return toUnits(text.slice(from, to));
}

/** Decimals written in `text.slice(from, to)`. */
function decimalsAt(text: string, from: number, to: number): number {
  const dot = text.indexOf('.', from);
  return dot < 0 || dot > to ? 0 : to - dot - 1;
}

export function parseKlineCsv(
  symbol: string,
  intervalMs: number,
  csv: string,
  file = symbol,
): KlineColumns {
  const headerEnd = csv.indexOf('\n');
  if (headerEnd < 0 || csv.slice(0, headerEnd).trim() !== HEADER)
    throw new Error(`${file}: unexpected CSV header`);
  const body = csv
    .slice(headerEnd + 1)
    .replace(/\r/g, '')
    .trimEnd();
  if (body === '') throw new Error(`${file}: no rows`);
  let n = 1;
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) n++;
  const first = body.slice(0, body.indexOf('\n') < 0 ? body.length : body.indexOf('\n')).split(',');
  const has = (i: number) => first[i] !== '';
  const cols: KlineColumns = {
    symbol,
    intervalMs,
    file,
    length: n,
    firstOpen: Number(first[0]),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    quoteVolume: has(7) ? new BigInt64Array(n) : undefined,
    trades: has(8) ? new Float64Array(n) : undefined,
    takerBuyBase: has(9) ? new Float64Array(n) : undefined,
    takerBuyQuote: has(10) ? new BigInt64Array(n) : undefined,
    priceDecimals: 0,
    volumeDecimals: 0,
  };
  if (!Number.isSafeInteger(cols.firstOpen) || cols.firstOpen % intervalMs !== 0)
    throw new Error(`${file}: first open not aligned`);
  // Field boundaries of the current row: field k is body.slice(starts[k], ends[k]).
  const starts = new Int32Array(11);
  const ends = new Int32Array(11);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const lineEnd = i === n - 1 ? body.length : body.indexOf('\n', pos);
    let k = 0;
    let start = pos;
    for (let j = pos; j <= lineEnd && k < 12; j++) {
      if (j === lineEnd || body.charCodeAt(j) === 44) {
        if (k < 11) {
          starts[k] = start;
          ends[k] = j;
        }
        k++;
        start = j + 1;
      }
    }
    if (k !== 11) throw new Error(`${file}: row ${i + 1} has ${k} columns`);
    // (No closures in this loop: tsx names every function it creates, which costs per row.)
    const openTime = Number(body.slice(starts[0], ends[0]));
    if (openTime !== cols.firstOpen + i * intervalMs) throw new Error(`${file}: row ${i + 1}: gap`);
    // Binance closes a halted bar early (the 2018-02-08 daily bar): never later than the interval.
    const closeTime = Number(body.slice(starts[6], ends[6]));
    if (!(closeTime > openTime && closeTime <= openTime + intervalMs - 1))
      throw new Error(`${file}: row ${i + 1}: bad close time`);
    const o = unitsAt(body, starts[1]!, ends[1]!);
    const h = unitsAt(body, starts[2]!, ends[2]!);
    const l = unitsAt(body, starts[3]!, ends[3]!);
    const cl = unitsAt(body, starts[4]!, ends[4]!);
    if (!(l <= Math.min(o, cl) && h >= Math.max(o, cl)))
      throw new Error(`${file}: row ${i + 1}: open/close outside high/low`);
    cols.open[i] = o;
    cols.high[i] = h;
    cols.low[i] = l;
    cols.close[i] = cl;
    cols.volume[i] = unitsAt(body, starts[5]!, ends[5]!);
    for (let f = 1; f <= 4; f++)
      cols.priceDecimals = Math.max(cols.priceDecimals, decimalsAt(body, starts[f]!, ends[f]!));
    cols.volumeDecimals = Math.max(cols.volumeDecimals, decimalsAt(body, starts[5]!, ends[5]!));
    if (cols.quoteVolume) cols.quoteVolume[i] = bigUnitsAt(body, starts[7]!, ends[7]!);
    if (cols.trades) {
      const t = Number(body.slice(starts[8], ends[8]));
      if (!Number.isInteger(t) || t < 0) throw new Error(`${file}: row ${i + 1}: bad trades`);
      cols.trades[i] = t;
    }
    if (cols.takerBuyBase) cols.takerBuyBase[i] = unitsAt(body, starts[9]!, ends[9]!);
    if (cols.takerBuyQuote) cols.takerBuyQuote[i] = bigUnitsAt(body, starts[10]!, ends[10]!);
    pos = lineEnd + 1;
  }
  return cols;
}

export function loadKlineFile(file: string): KlineColumns {
  const match = KLINE_FILE.exec(path.basename(file));
  if (!match) throw new Error(`${file}: expected a name like btcusdt_1h_<from>_<to>.csv.gz`);
  return parseKlineCsv(
    match[1]!.toUpperCase(),
    INTERVAL_MS[match[2]!]!,
    gunzipSync(readFileSync(file)).toString('utf8'),
    path.basename(file),
  );
}
