// A worker process that runs backtest jobs only, for the test that kills one mid-sweep
// (sweep-workers.test.ts). Its one argument is JSON: { databaseUrl, restUrl, partSize, beatMs,
// staleMs }. Prints `ready <worker ids>` once its queue workers beat; stops cleanly on SIGTERM.
import { PgBus } from '@coinview/db/bus';
import { createDb } from '@coinview/db/client';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { pino } from 'pino';
import { PgCandleStore } from '../../adapters/candle-store';
import { startBacktests } from './start-backtests';

const config = JSON.parse(process.argv[2] ?? '{}') as {
  databaseUrl: string;
  restUrl: string;
  partSize: number;
  beatMs: number;
  staleMs: number;
};
const url = config.databaseUrl;
const db = createDb(url);
const bus = new PgBus(url);
const backtests = await startBacktests({
  connectionString: url,
  db,
  bus,
  store: new PgCandleStore(db),
  rest: new BinanceRestClient({ baseUrl: config.restUrl }),
  logger: pino({ level: 'warn' }),
  pollInterval: 100,
  partSize: config.partSize,
  beatMs: config.beatMs,
  staleMs: config.staleMs,
});
process.stdout.write(`ready ${backtests.workerIds().join(',')}\n`);
process.on('SIGTERM', () => {
  void backtests
    .stop()
    .then(() => bus.close())
    .then(() => db.$disconnect())
    .then(() => process.exit(0));
});
