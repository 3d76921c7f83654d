// History as CSV in Binance's kline column order (the 12th, unused "ignore" field dropped), with a
// header row. Values are written exactly as the exchange sent them. The file doubles as the resume
// point: a re-run continues after its last complete line.
import { open, stat, truncate, type FileHandle } from 'node:fs/promises';
import type { Candle } from '@coinview/core/candle';
import { candleToRestKline } from '@coinview/core/binance';
import { type Interval, barOpenTime } from '@coinview/core/interval';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export const KLINE_CSV_COLUMNS = [
  'open_time',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'close_time',
  'quote_volume',
  'trades',
  'taker_buy_base',
  'taker_buy_quote',
] as const;

/** Binance's kline row without its unused 12th field. */
export function klineCsvRow(c: Candle): (string | number)[] {
  return candleToRestKline(c).slice(0, KLINE_CSV_COLUMNS.length);
}

export function klineCsv(candles: readonly Candle[], header = false): string {
  return stringify(candles.map(klineCsvRow), {
    header,
    columns: header ? [...KLINE_CSV_COLUMNS] : undefined,
  });
}

const TAIL_BYTES = 64 * 1024;

export class KlineCsvFile {
  private constructor(
    private readonly file: FileHandle,
    /** Open time of the last row in the file, if any. */
    public lastOpenTime: number | undefined,
    /** Bytes of an unfinished last line that were cut off when the file was reopened. */
    readonly truncatedBytes: number,
  ) {}

  /** Opens (or creates, with the header) a CSV for appending, and reads where it stopped. */
  static async open(path: string, interval: Interval): Promise<KlineCsvFile> {
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    if (size === 0) {
      const file = await open(path, 'w');
      await file.write(stringify([], { header: true, columns: [...KLINE_CSV_COLUMNS] }));
      return new KlineCsvFile(file, undefined, 0);
    }
    const { last, cut } = await readTail(path, size);
    if (cut > 0) await truncate(path, size - cut); // an interrupted write left half a line
    const file = await open(path, 'a');
    let lastOpenTime: number | undefined;
    if (last !== undefined && !last.startsWith('open_time')) {
      const [fields] = parse(last);
      const openTime = Number(fields?.[0]);
      if (
        !Number.isSafeInteger(openTime) ||
        barOpenTime(openTime, interval) !== openTime ||
        fields?.length !== KLINE_CSV_COLUMNS.length
      ) {
        await file.close();
        throw new Error(
          `${path}: the last line is not a ${interval} kline row (${last.slice(0, 80)}); pick another --csv file`,
        );
      }
      lastOpenTime = openTime;
    }
    return new KlineCsvFile(file, lastOpenTime, cut);
  }

  /** Appends the candles that come after the file's last row; returns how many were written. */
  async append(candles: readonly Candle[]): Promise<number> {
    const after = this.lastOpenTime;
    const fresh = after === undefined ? candles : candles.filter((c) => c.openTime > after);
    if (fresh.length === 0) return 0;
    await this.file.write(klineCsv(fresh));
    this.lastOpenTime = fresh.at(-1)!.openTime;
    return fresh.length;
  }

  async close(): Promise<void> {
    await this.file.sync().catch(() => undefined);
    await this.file.close();
  }
}

// The last complete line, checking the header, and how many bytes follow the last newline.
async function readTail(path: string, size: number): Promise<{ last?: string; cut: number }> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 200));
    await file.read(head, 0, head.length, 0);
    const header = KLINE_CSV_COLUMNS.join(',');
    if (!head.toString('utf8').startsWith(header)) {
      throw new Error(
        `${path} exists but is not a kline CSV (expected the header "${header}"); pick another --csv file`,
      );
    }
    const length = Math.min(size, TAIL_BYTES);
    const tail = Buffer.alloc(length);
    await file.read(tail, 0, length, size - length);
    const text = tail.toString('utf8');
    const end = text.lastIndexOf('\n');
    const cut = Buffer.byteLength(text.slice(end + 1));
    const complete = text.slice(0, end);
    const last = complete.slice(complete.lastIndexOf('\n') + 1);
    return { last: last === '' ? undefined : last, cut };
  } finally {
    await file.close();
  }
}
