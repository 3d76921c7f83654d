// The bars a CLI backtest runs over: a klines CSV (Binance's column order, as `coinview history
// --csv` writes), gunzipped on the fly when the name ends in .gz, as ../shared/data stores them.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { type ChartBar, toChartBar } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';
import { readKlinesCsv } from '../history/read-klines-csv';
import { reason } from './load-strategy';

export async function readCandles(
  file: string,
  market: { symbol: string; interval: Interval },
): Promise<ChartBar[]> {
  try {
    await access(file);
  } catch (err) {
    throw new Error(`cannot read klines CSV ${file}: ${reason(err)}`);
  }
  const raw = createReadStream(file);
  let input: Readable = raw;
  if (file.endsWith('.gz')) {
    const gunzip = createGunzip();
    // pipe() does not pass a read error on; the CSV reader only sees the gunzip stream.
    raw.on('error', (err) => gunzip.destroy(err));
    input = raw.pipe(gunzip);
  }
  try {
    return (await readKlinesCsv(input, market)).map(toChartBar);
  } catch (err) {
    throw new Error(`${file}: ${reason(err)}`);
  }
}
