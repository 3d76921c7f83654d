// Test helper: the shipped CSV read independently of the code under test (plain strings).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export const DATA_DIR = path.resolve(import.meta.dirname, '../data');

export type Row = [
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

/** Rows of a shipped file: by default the complete 3-day 1m recording of `symbol`. */
export function recordedRows(
  symbol: 'btcusdt' | 'ethusdt',
  name = `${symbol}_1m_2025-10-29_2025-11-01.csv.gz`,
): Row[] {
  const file = path.join(DATA_DIR, name);
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
  return lines.slice(1).map((line) => line.split(',') as Row);
}

/** "112731.29" → "112731.29000000" (Binance's 8-decimal form), by string padding. */
export function binanceDecimal(value: string): string {
  const [int, frac = ''] = value.split('.');
  return `${int}.${frac.padEnd(8, '0')}`;
}

/** Exact sum of decimal strings via integers of 1e-8, formatted like Binance. */
export function sumDecimals(values: string[]): string {
  const total = values.reduce((acc, v) => acc + BigInt(binanceDecimal(v).replace('.', '')), 0n);
  const s = total.toString().padStart(9, '0');
  return `${s.slice(0, -8)}.${s.slice(-8)}`;
}
