// `coinview history`: closed klines of one symbol and interval, from the exchange into Postgres
// and/or a CSV file, oldest first, 1000 per request, resumable. The next page is requested while
// the previous one is being written. An abort (Ctrl-C) keeps everything downloaded so far.
import type { Candle } from '@coinview/core/candle';
import { type Interval, barOpenTime, nextBarOpen } from '@coinview/core/interval';
import { type BinanceRestClient, firstBarAtOrAfter, klinePages } from '@coinview/exchange/rest';
import { barsInRange } from './bar-count';
import { DbCandleStore } from './db-candle-store';
import { type Gap, GapTracker } from './gap-tracker';
import { KlineCsvFile } from './kline-csv';
import { createProgress } from './progress';

export interface HistoryOptions {
  symbol: string;
  interval: Interval;
  from: number;
  /** Exclusive; default: up to the last closed bar. */
  to?: number;
  /** Postgres to store into (already migrated); omit for CSV only. */
  databaseUrl?: string;
  csvPath?: string;
  client: BinanceRestClient;
  signal?: AbortSignal;
  pageSize?: number;
  showProgress?: boolean;
  /** Called after each page is written (tests use it to interrupt a run). */
  onPage?: (pages: number, candles: number) => void;
  /** Messages for the user (resume decisions); stderr in the CLI. */
  note?: (message: string) => void;
}

export interface HistorySummary {
  symbol: string;
  interval: Interval;
  /** First bar requested in this run (after resuming). */
  start: number;
  resumed: boolean;
  downloaded: number;
  pages: number;
  storedInDb?: number;
  writtenToCsv?: number;
  firstOpenTime?: number;
  lastOpenTime?: number;
  requests: number;
  retries: number;
  throttledMs: number;
  elapsedMs: number;
  gaps: Gap[];
  missingBars: number;
  interrupted: boolean;
}

export async function runHistory(opts: HistoryOptions): Promise<HistorySummary> {
  if (!opts.databaseUrl && !opts.csvPath)
    throw new Error('nothing to write: give a database or --csv');
  const started = performance.now();
  const statsBefore = opts.client.stats;
  const rangeStart = firstBarAtOrAfter(opts.from, opts.interval);
  const note = opts.note ?? (() => undefined);

  const db = opts.databaseUrl ? await DbCandleStore.open(opts.databaseUrl) : undefined;
  let csv: KlineCsvFile | undefined;
  try {
    csv = opts.csvPath ? await KlineCsvFile.open(opts.csvPath, opts.interval) : undefined;
  } catch (err) {
    await db?.close();
    throw err;
  }

  let start: number;
  let resumed: boolean;
  try {
    ({ start, resumed } = await resumePoint(opts, rangeStart, db, csv, note));
  } catch (err) {
    await Promise.allSettled([db?.close(), csv?.close()]);
    throw err;
  }

  const gaps = new GapTracker(opts.interval, start);
  const summary: HistorySummary = {
    symbol: opts.symbol,
    interval: opts.interval,
    start,
    resumed,
    downloaded: 0,
    pages: 0,
    requests: 0,
    retries: 0,
    throttledMs: 0,
    elapsedMs: 0,
    gaps: gaps.gaps,
    missingBars: 0,
    interrupted: false,
  };
  let closeError: Error | undefined;
  const progress = createProgress(`${opts.symbol} ${opts.interval}`, opts.showProgress ?? false);
  try {
    const serverNow = await opts.client.serverTime({ signal: opts.signal });
    const end = Math.min(opts.to ?? Number.MAX_SAFE_INTEGER, barOpenTime(serverNow, opts.interval));
    let expected = barsInRange(start, end, opts.interval);
    progress.update(0, expected);

    const pages = klinePages(opts.client, opts.symbol, opts.interval, {
      from: start,
      to: opts.to,
      pageSize: opts.pageSize,
      signal: opts.signal,
    });
    const write = async (page: Candle[]) => {
      gaps.see(page);
      await Promise.all([
        db?.add(page),
        csv?.append(page).then((n) => (summary.writtenToCsv = (summary.writtenToCsv ?? 0) + n)),
      ]);
      summary.pages++;
      summary.downloaded += page.length;
      summary.firstOpenTime ??= page[0]!.openTime;
      summary.lastOpenTime = page.at(-1)!.openTime;
      expected = Math.max(expected, summary.downloaded);
      progress.update(summary.downloaded, expected);
      opts.onPage?.(summary.pages, summary.downloaded);
    };
    // Prefetch: page n+1 is in flight while page n is written.
    let next = pages.next();
    for (;;) {
      const result = await next;
      if (result.done) break;
      const aborted = opts.signal?.aborted ?? false;
      if (!aborted) {
        next = pages.next();
        next.catch(() => undefined); // awaited on the next turn; don't report it as unhandled meanwhile
      }
      await write(result.value); // a page already downloaded is kept, even when stopping
      if (aborted) break;
    }
  } catch (err) {
    if (!opts.signal?.aborted) throw err;
  } finally {
    summary.interrupted = opts.signal?.aborted ?? false;
    progress.stop();
    const closed = await Promise.allSettled([db?.close(), csv?.close()]);
    const failed = closed.find((r) => r.status === 'rejected');
    if (failed)
      closeError =
        failed.reason instanceof Error
          ? failed.reason
          : new Error('Could not close the output', { cause: failed.reason });
    if (db) summary.storedInDb = db.written;
    const stats = opts.client.stats;
    summary.requests = stats.requests - statsBefore.requests;
    summary.retries = stats.retries - statsBefore.retries;
    summary.throttledMs = stats.throttledMs - statsBefore.throttledMs;
    summary.missingBars = gaps.missingBars;
    summary.elapsedMs = performance.now() - started;
  }
  // Buffered candles that could not be stored must not pass as a success.
  if (closeError) throw closeError;
  return summary;
}

// Each sink knows its last bar; the download starts after the one that is furthest behind.
async function resumePoint(
  opts: HistoryOptions,
  rangeStart: number,
  db: DbCandleStore | undefined,
  csv: KlineCsvFile | undefined,
  note: (message: string) => void,
): Promise<{ start: number; resumed: boolean }> {
  const resumeAfter: (number | undefined)[] = [];
  if (db) {
    const resume = await db.resumePoint(opts.symbol, opts.interval, rangeStart, opts.to);
    resumeAfter.push(resume.lastOpenTime);
    if (resume.holes > 0) {
      const after =
        resume.lastOpenTime === undefined
          ? 'the start of the range'
          : `the first hole (after ${new Date(resume.lastOpenTime).toISOString()})`;
      note(
        `database: ${resume.storedInRange} bars of the range stored but ${resume.holes} missing; downloading from ${after}`,
      );
    }
  }
  if (csv) {
    if (csv.truncatedBytes > 0)
      note(`${opts.csvPath}: removed an unfinished last line (${csv.truncatedBytes} bytes)`);
    resumeAfter.push(
      csv.lastOpenTime !== undefined && csv.lastOpenTime >= rangeStart
        ? csv.lastOpenTime
        : undefined,
    );
  }
  const behind = resumeAfter.some((t) => t === undefined)
    ? undefined
    : Math.min(...(resumeAfter as number[]));
  if (behind === undefined) return { start: rangeStart, resumed: false };
  note(`resuming after ${new Date(behind).toISOString()}`);
  return { start: nextBarOpen(behind, opts.interval), resumed: true };
}
