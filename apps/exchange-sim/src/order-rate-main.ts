// `pnpm --filter @coinview/exchange-sim order-rate [orders] [concurrency]`: starts a sim in-process
// with 1,000 synthetic accounts and prints its order-handling rate over loopback.
import { createLogger } from './logger';
import { startExchangeSim } from './server';
import { measureOrderRate, syntheticAccounts } from './trading/order-rate';

const orders = Number(process.argv[2] ?? 5000);
const concurrency = Number(process.argv[3] ?? 64);
const accounts = syntheticAccounts(1000);
const sim = await startExchangeSim({
  port: 0,
  accounts,
  requestWeightLimit: 10_000_000,
  logger: createLogger('warn'),
});
try {
  await measureOrderRate({ restUrl: sim.restUrl, accounts, orders: 200, concurrency }); // warm-up
  const rate = await measureOrderRate({ restUrl: sim.restUrl, accounts, orders, concurrency });
  console.log(
    `${rate.orders} orders (${rate.failed} failed) in ${rate.seconds.toFixed(2)} s: ` +
      `${rate.perSecond.toFixed(0)} orders/s, p50 ${rate.p50Ms.toFixed(2)} ms, p99 ${rate.p99Ms.toFixed(2)} ms ` +
      `(concurrency ${concurrency}, loopback, sim in-process)`,
  );
} finally {
  await sim.stop();
}
