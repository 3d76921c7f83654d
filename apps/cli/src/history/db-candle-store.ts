// History into Postgres through the bulk path (@coinview/db/candles-bulk), buffered so each COPY
// carries several pages. The table doubles as the resume point: a re-run continues after the last
// stored bar of the range, unless bars are missing between the range start and that bar (written by
// someone else, e.g. the live worker's recent bars), in which case it starts at the first hole.
import type { Candle } from '@coinview/core/candle';
import { type Interval, intervalMs } from '@coinview/core/interval';
import { copyCandles } from '@coinview/db/candles-bulk';
import pg from 'pg';
import { barsInRange } from './bar-count';

/** Candles per COPY: enough to amortise its transaction, small enough to lose little on a crash. */
const FLUSH_AT = 50_000;

export interface DbResume {
  /** Last bar of the contiguous run stored from the range start; undefined to start at the start. */
  lastOpenTime?: number;
  storedInRange: number;
  /** Bars missing inside the stored part (0 when resuming after the last stored bar). */
  holes: number;
}

export class DbCandleStore {
  private buffer: Candle[] = [];
  private inFlight: Promise<void> | undefined;
  /** Candles stored so far (committed). */
  written = 0;

  private constructor(private readonly client: pg.Client) {}

  static async open(url: string): Promise<DbCandleStore> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`SET TIME ZONE 'UTC'`); // month arithmetic below is calendar months in UTC
    return new DbCandleStore(client);
  }

  /** Where a download of [start, to) should continue, `start` being the range's first bar. */
  async resumePoint(
    symbol: string,
    interval: Interval,
    start: number,
    to: number | undefined,
  ): Promise<DbResume> {
    const end = to ?? Number.MAX_SAFE_INTEGER;
    const ms = (name: string) => `(extract(epoch FROM ${name}) * 1000)::bigint`;
    const range = `"symbol" = $1 AND "interval" = $2
      AND "openTime" >= 'epoch'::timestamptz + $3::bigint * interval '1 millisecond'
      AND "openTime" < 'epoch'::timestamptz + $4::bigint * interval '1 millisecond'`;
    const params = [symbol, interval, String(start), String(end)];
    const { rows } = await this.client.query<{
      n: string;
      first: string | null;
      last: string | null;
    }>(
      `SELECT count(*) AS n, ${ms('min("openTime")')} AS first, ${ms('max("openTime")')} AS last FROM "Candle" WHERE ${range}`,
      params,
    );
    const stored = Number(rows[0]?.n ?? 0);
    if (stored === 0 || rows[0]?.first === null) return { storedInRange: 0, holes: 0 };
    const first = Number(rows[0]!.first);
    const last = Number(rows[0]!.last);
    if (first !== start)
      return { storedInRange: stored, holes: barsInRange(start, last + 1, interval) - stored };
    const expected = barsInRange(start, last + 1, interval);
    if (expected === stored) return { lastOpenTime: last, storedInRange: stored, holes: 0 };
    // Bars are missing somewhere: continue after the last bar before the first hole.
    const step =
      interval === '1M' ? `interval '1 month'` : `interval '${intervalMs(interval)} milliseconds'`;
    const hole = await this.client.query<{ before_hole: string }>(
      `SELECT ${ms('t')} AS before_hole FROM (
         SELECT "openTime" AS t, lead("openTime") OVER (ORDER BY "openTime") AS next FROM "Candle" WHERE ${range}
       ) runs WHERE next IS NOT NULL AND next <> t + ${step} ORDER BY t LIMIT 1`,
      params,
    );
    const beforeHole = Number(hole.rows[0]?.before_hole ?? last);
    return { lastOpenTime: beforeHole, storedInRange: stored, holes: expected - stored };
  }

  /** Buffers candles; a full buffer is stored in the background while the download goes on. */
  async add(candles: readonly Candle[]): Promise<void> {
    for (const c of candles) this.buffer.push(c);
    if (this.buffer.length < FLUSH_AT) return;
    await this.inFlight; // at most one COPY at a time: backpressure on the download
    this.inFlight = this.store(this.takeBuffer());
    // A failure is reported by the next add/flush/close that awaits it, never lost.
    this.inFlight.catch(() => undefined);
  }

  /** Stores everything buffered and waits for it. */
  async flush(): Promise<void> {
    await this.inFlight;
    this.inFlight = undefined;
    await this.store(this.takeBuffer());
  }

  private takeBuffer(): Candle[] {
    const batch = this.buffer;
    this.buffer = [];
    return batch;
  }

  private async store(batch: Candle[]): Promise<void> {
    if (batch.length === 0) return;
    await copyCandles(this.client, batch);
    this.written += batch.length;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.client.end();
    }
  }
}
