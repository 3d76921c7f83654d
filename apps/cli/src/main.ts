// coinview: data tools for traders. `history` downloads klines into Postgres and/or CSV; `capture`
// records live stream messages to a file; `backtest` runs a strategy file over a klines CSV or the bars in Postgres. Run from the repo root with `pnpm coinview <command>`.
import path from 'node:path';
import { symbolSchema } from '@coinview/core/candle';
import { type Interval, intervalSchema } from '@coinview/core/interval';
import { resolveDatabaseUrl } from '@coinview/db/connection';
import { migrate } from '@coinview/db/migrate';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { Command, InvalidArgumentError } from 'commander';
import { loadStrategy } from './backtest/load-strategy';
import { runBacktestFile } from './backtest/run-backtest-file';
import { formatCaptureCount, formatCaptureSummary } from './capture/format';
import { runCapture } from './capture/run-capture';
import { parseDate } from './dates';
import { readEnv } from './env';
import { runHistory } from './history/run-history';
import { formatHistorySummary } from './history/summary';
import { createLogger } from './logger';

const env = readEnv();
const logger = createLogger(env.LOG_LEVEL);
// pnpm runs the script inside apps/cli; file arguments are meant relative to where the user typed.
const userDir = env.INIT_CWD ?? process.cwd();
const userPath = (file: string) => path.resolve(userDir, file);
const note = (message: string) => process.stderr.write(`${message}\n`);

/** First Ctrl-C stops cleanly (writes are flushed); a second one exits at once. */
function interruptible(): AbortController {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    note(`\n${signal}: stopping, keeping what was written (press Ctrl-C again to quit at once)`);
    controller.abort(new Error(`stopped by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller;
}

const option =
  <T>(parse: (v: string) => T) =>
  (value: string): T => {
    try {
      return parse(value);
    } catch (err) {
      throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
    }
  };

const program = new Command('coinview').description('Coinview data tools').showHelpAfterError();

program
  .command('history')
  .description('download closed klines into Postgres and/or CSV (resumable)')
  .argument(
    '<symbol>',
    'e.g. BTCUSDT',
    option((v) => symbolSchema.parse(v.toUpperCase())),
  )
  .argument(
    '<interval>',
    '1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M',
    option((v) => intervalSchema.parse(v)),
  )
  .requiredOption(
    '--from <date>',
    'first bar: YYYY-MM-DD[THH:MM[:SS]] (UTC) or epoch ms',
    option(parseDate),
  )
  .option(
    '--to <date>',
    'stop before this time (exclusive); default: up to the last closed bar',
    option(parseDate),
  )
  .option('--csv <file>', 'also write (or continue) this CSV, in Binance kline column order')
  .option('--no-db', 'do not write to Postgres (needs --csv)')
  .action(
    async (
      symbol: string,
      interval: ReturnType<typeof intervalSchema.parse>,
      opts: { from: number; to?: number; csv?: string; db: boolean },
    ) => {
      if (!opts.db && !opts.csv)
        throw new InvalidArgumentError(
          '--no-db needs --csv <file>: there would be nothing to write',
        );
      if (opts.to !== undefined && opts.to <= opts.from)
        throw new InvalidArgumentError('--to must be after --from');
      const controller = interruptible();
      const database = opts.db
        ? await resolveDatabaseUrl({
            databaseUrl: env.DATABASE_URL,
            dataDir: env.COINVIEW_DATA_DIR ? path.join(env.COINVIEW_DATA_DIR, 'pg') : undefined,
            port: env.EMBEDDED_PG_PORT,
          })
        : undefined;
      try {
        if (database) await migrate(database.url);
        const client = new BinanceRestClient({
          baseUrl: env.BINANCE_REST_URL,
          logger: logger.child({ component: 'rest' }),
        });
        const summary = await runHistory({
          symbol,
          interval,
          from: opts.from,
          to: opts.to,
          databaseUrl: database?.url,
          csvPath: opts.csv ? userPath(opts.csv) : undefined,
          client,
          signal: controller.signal,
          showProgress: process.stderr.isTTY,
          note,
        });
        process.stdout.write(`${formatHistorySummary(summary)}\n`);
        if (summary.interrupted) process.exitCode = 130;
      } finally {
        await database?.stop();
      }
    },
  );

program
  .command('capture')
  .description('record raw stream messages to a file, one per line, exactly as received')
  .argument('<streams...>', 'e.g. btcusdt@trade btcusdt@kline_5m')
  .requiredOption('--out <file>', 'raw messages, one per line (NDJSON)')
  .option('--csv', 'also write trades / aggTrades / closed candles as CSV: <out>.<stream>.csv')
  .option('--append', 'add to existing files instead of replacing them')
  .option(
    '--duration <seconds>',
    'stop after this many seconds (default: until Ctrl-C)',
    option((v) => {
      const s = Number(v);
      if (!(s > 0)) throw new Error('a positive number of seconds');
      return s;
    }),
  )
  .action(
    async (
      streams: string[],
      opts: { out: string; csv?: boolean; append?: boolean; duration?: number },
    ) => {
      const controller = interruptible();
      const tty = process.stderr.isTTY;
      const summary = await runCapture({
        streams,
        wsUrl: env.BINANCE_WS_URL,
        outPath: userPath(opts.out),
        csv: opts.csv,
        append: opts.append,
        durationMs: opts.duration === undefined ? undefined : opts.duration * 1000,
        signal: controller.signal,
        countEveryMs: tty ? 200 : 1000,
        onCount: (count) =>
          process.stderr.write(
            tty ? `\r${formatCaptureCount(count)}` : `${formatCaptureCount(count)}\n`,
          ),
        note,
      });
      if (tty) process.stderr.write('\n');
      process.stdout.write(`${formatCaptureSummary(summary)}\n`);
    },
  );

program
  .command('backtest')
  .description(
    'run a strategy (JSON, see examples/strategies) over a klines CSV or the bars in Postgres',
  )
  .requiredOption('--strategy <file>', 'strategy JSON: symbol, interval, entry, exit, sizing…')
  .option('--csv <file>', "klines CSV in Binance's column order (.csv or .csv.gz)")
  .option(
    '--symbol <symbol>',
    "run over the bars stored in Postgres (missing ones downloaded first); replaces the file's symbol",
    option((v) => symbolSchema.parse(v.toUpperCase())),
  )
  .option(
    '--interval <interval>',
    "replaces the strategy file's interval",
    option((v) => intervalSchema.parse(v)),
  )
  .option(
    '--from <date>',
    'with --symbol: first bar, YYYY-MM-DD[THH:MM[:SS]] (UTC) or epoch ms',
    option(parseDate),
  )
  .option('--to <date>', 'with --symbol: stop before this time; default: now', option(parseDate))
  .option('--no-download', 'with --symbol: use only the bars already stored')
  .option('--json <file>', 'also write the result (trades, metrics, equity curve) as JSON')
  .option('--html <file>', 'also write a self-contained HTML report with the charts')
  .option(
    '--sweep <file>',
    'run every combination of parameter ranges (JSON: parameters, metric, walkForward) and rank them',
  )
  .action(
    async (opts: {
      strategy: string;
      csv?: string;
      symbol?: string;
      interval?: Interval;
      from?: number;
      to?: number;
      download: boolean;
      json?: string;
      html?: string;
      sweep?: string;
    }) => {
      if ((opts.csv === undefined) === (opts.symbol === undefined))
        throw new InvalidArgumentError(
          'give the bars either as --csv <file> or as --symbol <symbol> --from <date> (from Postgres)',
        );
      if (opts.csv !== undefined && (opts.from !== undefined || opts.to !== undefined))
        throw new InvalidArgumentError('--from/--to go with --symbol; a CSV is run whole');
      if (opts.symbol !== undefined && opts.from === undefined)
        throw new InvalidArgumentError('--symbol needs --from <date>');
      const to = opts.to ?? Date.now();
      if (opts.from !== undefined && to <= opts.from)
        throw new InvalidArgumentError('--to must be after --from');
      const strategy = await loadStrategy(userPath(opts.strategy), {
        symbol: opts.symbol,
        interval: opts.interval,
      });
      const outputs = {
        jsonPath: opts.json ? userPath(opts.json) : undefined,
        htmlPath: opts.html ? userPath(opts.html) : undefined,
        sweepPath: opts.sweep ? userPath(opts.sweep) : undefined,
        showProgress: process.stderr.isTTY,
      };
      if (opts.csv !== undefined) {
        const table = await runBacktestFile({
          strategy,
          source: { csvPath: userPath(opts.csv) },
          ...outputs,
        });
        process.stdout.write(`${table}\n`);
        return;
      }
      const from = opts.from!;
      const database = await resolveDatabaseUrl({
        databaseUrl: env.DATABASE_URL,
        dataDir: env.COINVIEW_DATA_DIR ? path.join(env.COINVIEW_DATA_DIR, 'pg') : undefined,
        port: env.EMBEDDED_PG_PORT,
      });
      try {
        await migrate(database.url);
        if (opts.download) {
          const controller = interruptible();
          const summary = await runHistory({
            symbol: strategy.symbol,
            interval: strategy.interval,
            from,
            to,
            databaseUrl: database.url,
            client: new BinanceRestClient({
              baseUrl: env.BINANCE_REST_URL,
              logger: logger.child({ component: 'rest' }),
            }),
            signal: controller.signal,
            showProgress: process.stderr.isTTY,
            note,
          });
          if (summary.interrupted) throw new Error('stopped while downloading history');
          if (summary.downloaded > 0)
            note(`downloaded ${summary.downloaded.toLocaleString('en-US')} missing bars`);
        }
        const table = await runBacktestFile({
          strategy,
          source: { databaseUrl: database.url, from, to },
          ...outputs,
        });
        process.stdout.write(`${table}\n`);
      } finally {
        await database.stop();
      }
    },
  );

program.parseAsync(process.argv).catch((err: unknown) => {
  logger.debug({ err }, 'command failed');
  note(`coinview: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
