// Integration: a paper order fills (or is rejected) through the real executor; its notices are
// queued in the fill's own transaction and delivered on the user's channels — in-app (row + bus
// message), email (the local mailbox), Telegram (a local fake of the Bot API) — once each, even
// when a notice's job runs again.
import { randomUUID } from 'node:crypto';
import { PgBus } from '@coinview/db/bus';
import { notificationTopic } from '@coinview/db/bus-topics';
import { createManualOrder } from '@coinview/db/orders';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeTelegram,
  type FakeTelegramOptions,
  startFakeTelegram,
} from '../../../test/fake-telegram';
import { RestBookTicker } from '../../adapters/book-ticker';
import { PaperBroker } from '../../adapters/paper-broker';
import { TelegramBotApi } from '../../adapters/telegram';
import { queuedJobs, until } from '../alert-delivery/test-setup';
import { Brokers } from '../order-executor/brokers';
import { type OrderExecutor, startOrderExecutor } from '../order-executor/start-order-executor';
import { SymbolRulesCache } from '../order-executor/symbol-rules-cache';
import { ORDER_NOTICE_TASK } from './order-notice-queue';

const TOKEN = '222:order-notice-token';
// Read by the fake at every request: a test may make Telegram throttle for a while.
const telegramOptions: FakeTelegramOptions = { token: TOKEN };
let database: TestDatabase;
let sim: ExchangeSim;
let telegram: FakeTelegram;
let bus: PgBus;
let listener: PgBus;
let executor: OrderExecutor;

beforeAll(async () => {
  [database, sim, telegram] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({ symbols: ['BTCUSDT'], logger: pino({ level: 'silent' }) }),
    startFakeTelegram(telegramOptions),
  ]);
  bus = new PgBus(database.url);
  listener = new PgBus(database.url);
  const rest = new BinanceRestClient({ baseUrl: sim.restUrl });
  const rules = new SymbolRulesCache(rest);
  const paper = (userId: string) =>
    new PaperBroker({
      db: database.db,
      userId,
      book: new RestBookTicker(rest),
      rules,
      fees: { taker: '0.001', maker: '0.001' },
      startingBalance: '10000',
    });
  executor = await startOrderExecutor({
    connectionString: database.url,
    db: database.db,
    brokers: new Brokers({ db: database.db, simRestUrl: sim.restUrl, paper }),
    rules,
    lastPrice: async (symbol) => (await rest.ticker24h(symbol)).lastPrice,
    onChange: () => Promise.resolve(),
    notices: {
      bus,
      email: { transport: 'mailbox', from: 'Coinview <alerts@coinview.local>' },
      telegram: new TelegramBotApi({ token: TOKEN, apiUrl: telegram.url }),
      webhookPolicy: { allowLoopback: true },
    },
    logger: pino({ level: 'silent' }),
    pollInterval: 50,
  });
});
afterAll(async () => {
  await executor?.stop();
  await listener?.close();
  await bus?.close();
  await telegram?.close();
  await sim?.stop();
  await database?.cleanup();
});

async function traderWithChannels(chatId: string) {
  const user = await database.db.user.create({ data: { email: `n-${randomUUID()}@x.test` } });
  await database.db.notificationSettings.create({
    data: {
      userId: user.id,
      email: `alerts-${user.id}@x.test`,
      emailVerifiedAt: new Date(),
      webhookSecret: 'whsec_test',
      telegramChatId: chatId,
      telegramEnabled: true,
    },
  });
  return user.id;
}

const paperOrder = async (userId: string, side: 'BUY' | 'SELL', quantity: string) =>
  (
    await createManualOrder(database.db, userId, {
      ticketId: randomUUID(),
      account: { kind: 'paper' },
      symbol: 'BTCUSDT',
      side,
      type: 'MARKET',
      quantity,
    })
  ).order.id;

describe('order notices', () => {
  it('tells the trader of a fill once on each channel, even when a notice runs again', async () => {
    const userId = await traderWithChannels('7001');
    const heard: unknown[] = [];
    const unsubscribe = await listener.subscribe(notificationTopic(userId), (p) => heard.push(p));
    const id = await paperOrder(userId, 'BUY', '0.001');
    await until(() => telegram.sent.filter((m) => m.chatId === '7001').length === 1, {
      timeoutMs: 20_000,
    });
    await until(async () => (await queuedJobs(database.db)) === 0);
    await until(() => heard.length === 1);

    const notes = await database.db.notification.findMany({ where: { userId } });
    expect(notes).toHaveLength(1);
    expect(notes[0]?.title).toBe('BTCUSDT: bought 0.001');
    expect(notes[0]?.body).toMatch(
      /^Bought 0\.001 BTCUSDT at an average [\d.]+, fee 0\.000001 BTC \(paper, order ticket\)\.$/,
    );
    const mails = await database.db.emailOutbox.findMany({ where: { userId, kind: 'order' } });
    expect(mails).toHaveLength(1);
    expect(telegram.sent.find((m) => m.chatId === '7001')?.text).toContain('bought 0.001');

    // The in-app and email notices run again (a replayed job): nothing new for the trader.
    const { executedQty } = await database.db.order.findUniqueOrThrow({ where: { id } });
    for (const channel of ['inapp', 'email'])
      await database.db.$executeRawUnsafe(
        `SELECT graphile_worker.add_job($1, $2::json)`,
        ORDER_NOTICE_TASK,
        JSON.stringify({
          orderId: id,
          status: 'FILLED',
          executedQty: executedQty.toFixed(),
          channel,
        }),
      );
    await until(async () => (await queuedJobs(database.db)) === 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await database.db.notification.count({ where: { userId } })).toBe(1);
    expect(await database.db.emailOutbox.count({ where: { userId, kind: 'order' } })).toBe(1);
    expect(heard).toHaveLength(1);
    await unsubscribe();
  });

  it('tells the trader why an order was rejected', async () => {
    const userId = await traderWithChannels('7002');
    await paperOrder(userId, 'SELL', '5'); // the paper account holds no BTC
    // Each channel is its own job: wait for both the Telegram message and the in-app notice (the
    // Telegram job may finish first; checking after it alone failed once on a fresh clone).
    await until(
      async () =>
        telegram.sent.some((m) => m.chatId === '7002') &&
        (await database.db.notification.count({ where: { userId } })) > 0,
      { timeoutMs: 20_000 },
    );
    const [note] = await database.db.notification.findMany({ where: { userId } });
    expect(note?.title).toBe('BTCUSDT sell order rejected');
    expect(note?.body).toMatch(/BTC/);
  });

  it('waits as long as Telegram’s retry_after asks before sending the notice again', async () => {
    telegramOptions.fail = () => 429;
    telegramOptions.retryAfter = 30;
    try {
      const userId = await traderWithChannels('7003');
      await paperOrder(userId, 'BUY', '0.001');
      let wait = 0;
      await until(
        async () => {
          const [job] = await database.db.$queryRawUnsafe<{ wait: number }[]>(
            `SELECT extract(epoch FROM run_at - now())::float8 AS wait
             FROM graphile_worker._private_jobs
             WHERE attempts = 1 AND payload->>'channel' = 'telegram'`,
          );
          wait = job?.wait ?? 0;
          return wait > 0;
        },
        { timeoutMs: 20_000 },
      );
      // At least Telegram's 30 s (graphile-worker's own first backoff is ~3 s).
      expect(wait).toBeGreaterThan(28);
      expect(telegram.sent.some((m) => m.chatId === '7003')).toBe(false);
    } finally {
      delete telegramOptions.fail;
      delete telegramOptions.retryAfter;
    }
  });
});
