// `capture --csv`: one CSV per stream, in Binance's column order for its kind, beside the raw file:
// `<out>.<stream>.csv` (e.g. dataset.btcusdt@trade.csv). Trades follow Binance's trade dumps, aggTrades
// its aggTrades dumps, klines the history CSV (closed candles only: `x: true`). Other streams
// (tickers) are kept in the raw file only. quote_qty is price × qty, exact (not rounded to 8 places).
import { createWriteStream, existsSync, statSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { klineEventSchema, klineEventToCandle } from '@coinview/core/binance';
import { stringify } from 'csv-stringify/sync';
import { KLINE_CSV_COLUMNS, klineCsvRow } from '../history/kline-csv';
import { aggTradeEventSchema, multiplyDecimals, tradeEventSchema } from './stream-events';

export const TRADE_CSV_COLUMNS = [
  'id',
  'price',
  'qty',
  'quote_qty',
  'time',
  'is_buyer_maker',
  'is_best_match',
];
export const AGG_TRADE_CSV_COLUMNS = [
  'agg_trade_id',
  'price',
  'quantity',
  'first_trade_id',
  'last_trade_id',
  'transact_time',
  'is_buyer_maker',
  'is_best_match',
];

type RowOf = (payload: unknown) => (string | number)[] | undefined;

/** Booleans as Binance's dump files write them. */
const flag = (value: boolean) => (value ? 'True' : 'False');

interface Kind {
  columns: readonly string[];
  row: RowOf;
}

function kindOf(stream: string): Kind | undefined {
  const name = stream.split('@')[1] ?? '';
  if (name === 'trade') {
    return {
      columns: TRADE_CSV_COLUMNS,
      row: (payload) => {
        const t = tradeEventSchema.parse(payload);
        return [t.t, t.p, t.q, multiplyDecimals(t.p, t.q), t.T, flag(t.m), flag(t.M ?? true)];
      },
    };
  }
  if (name === 'aggTrade') {
    return {
      columns: AGG_TRADE_CSV_COLUMNS,
      row: (payload) => {
        const a = aggTradeEventSchema.parse(payload);
        return [a.a, a.p, a.q, a.f, a.l, a.T, flag(a.m), flag(a.M ?? true)];
      },
    };
  }
  if (name.startsWith('kline_')) {
    return {
      columns: KLINE_CSV_COLUMNS,
      row: (payload) => {
        const event = klineEventSchema.parse(payload);
        return event.k.x ? klineCsvRow(klineEventToCandle(event)) : undefined;
      },
    };
  }
  return undefined;
}

/** Stream names as file-name parts: Binance's names are already safe, but never allow a path. */
function fileFor(base: string, stream: string): string {
  return `${base}.${stream.replace(/[^A-Za-z0-9@_!.-]/g, '_')}.csv`;
}

export class CaptureCsvWriters {
  private readonly files = new Map<
    string,
    { kind: Kind; out: WriteStream; rows: number; path: string }
  >();
  malformed = 0;

  constructor(base: string, streams: readonly string[], append: boolean) {
    for (const stream of streams) {
      const kind = kindOf(stream);
      if (!kind) continue;
      const path = fileFor(base, stream);
      const continuing = append && existsSync(path) && statSync(path).size > 0;
      const out = createWriteStream(path, { flags: continuing ? 'a' : 'w' });
      if (!continuing) out.write(stringify([], { header: true, columns: [...kind.columns] }));
      this.files.set(stream, { kind, out, rows: 0, path });
    }
  }

  /** Writes the message's row, if it has one; a payload that fails validation is counted, not fatal. */
  write(stream: string, payload: unknown): void {
    const file = this.files.get(stream);
    if (!file) return;
    let row: ReturnType<RowOf>;
    try {
      row = file.kind.row(payload);
    } catch {
      this.malformed++;
      return;
    }
    if (!row) return;
    file.out.write(stringify([row]));
    file.rows++;
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.files.values()].map((f) => [f.path, f.rows]));
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.files.values()].map(async ({ out }) => {
        out.end();
        await once(out, 'close');
      }),
    );
  }
}
