// Shared by the order executor's integration tests: exchange-sim in-process with its demo key, a
// trader in a real test database holding that key (sealed like the web saves it), orders made
// through @coinview/db's own recordFire / createManualOrder, and the executor wired as main.ts does.
import { randomUUID } from 'node:crypto';
import { recordFire } from '@coinview/db/alert-fires';
import type { Db } from '@coinview/db/client';
import { createExchangeKey } from '@coinview/db/exchange-keys';
import { createManualOrder } from '@coinview/db/orders';
import { type SecretBox, createSecretBox, generateSecretBoxKey } from '@coinview/db/secret-box';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { DEMO_API_KEY, DEMO_API_SECRET } from '@coinview/exchange-sim/server';
import type { Logger } from 'pino';
import { Brokers } from './brokers';
import type { OrderChangeListener } from './record-order-change';
import { startOrderExecutor } from './start-order-executor';
import { SymbolRulesCache } from './symbol-rules-cache';

export const secretBoxKey = generateSecretBoxKey();
export const secretBox = createSecretBox(secretBoxKey);

export interface SimTrader {
  userId: string;
  keyId: string;
}

export async function createSimTrader(db: Db): Promise<SimTrader> {
  const user = await db.user.create({ data: { email: `t-${randomUUID()}@example.test` } });
  const key = await createExchangeKey(db, secretBox, user.id, {
    label: 'sim',
    environment: 'sim',
    apiKey: DEMO_API_KEY,
    secret: DEMO_API_SECRET,
    canTrade: true,
    permissions: ['SPOT'],
    verifiedAt: new Date(),
  });
  return { userId: user.id, keyId: key.id };
}

export async function ticket(
  db: Db,
  trader: SimTrader,
  input: { side?: 'BUY' | 'SELL'; quantity?: string; price?: string } = {},
) {
  const { order } = await createManualOrder(db, trader.userId, {
    ticketId: randomUUID(),
    account: { kind: 'binance', keyId: trader.keyId },
    symbol: 'BTCUSDT',
    side: input.side ?? 'BUY',
    type: input.price ? 'LIMIT' : 'MARKET',
    quantity: input.quantity ?? '0.001',
    ...(input.price ? { price: input.price } : {}),
  });
  return order.id;
}

let bar = Date.UTC(2026, 10, 30, 8, 0);

/** A rule with a market-buy order action on the trader's sim key; returns its id. */
export async function orderRule(db: Db, trader: SimTrader, quantity = '0.001'): Promise<string> {
  const rule = await db.alertRule.create({
    data: {
      userId: trader.userId,
      name: 'buy the dip',
      symbol: 'BTCUSDT',
      interval: '1m',
      definition: {},
      message: 'dip',
      notifyInApp: false,
      notifyEmail: false,
      orderAction: {
        side: 'BUY',
        type: 'MARKET',
        amount: { kind: 'base', value: quantity },
        account: { kind: 'binance', keyId: trader.keyId },
      },
    },
  });
  return rule.id;
}

/** Records a fire of the rule on a new bar (its order and place-order job in the same transaction). */
export async function fireRule(db: Db, trader: SimTrader, ruleId: string, price: string) {
  bar += 60_000;
  const result = await recordFire(db, {
    ruleId,
    userId: trader.userId,
    barTime: new Date(bar),
    trigger: 'bar-close',
    price,
    message: 'dip',
    values: {},
    channels: [],
    once: false,
  });
  if (!result.orderId) throw new Error('the fire made no order');
  return result.orderId;
}

export async function startExecutor(opts: {
  url: string;
  db: Db;
  restUrl: string;
  logger: Logger;
  onChange?: OrderChangeListener;
  releaseLocksAtStart?: boolean;
  concurrency?: number;
  /** The sealing key (a child process gets the parent's). */
  box?: SecretBox;
}) {
  const rest = new BinanceRestClient({ baseUrl: opts.restUrl });
  return startOrderExecutor({
    connectionString: opts.url,
    db: opts.db,
    brokers: new Brokers({
      db: opts.db,
      secretBox: opts.box ?? secretBox,
      simRestUrl: opts.restUrl,
      timeoutMs: 2000,
      paper: () => {
        throw new Error('no paper account in this test');
      },
    }),
    rules: new SymbolRulesCache(rest),
    lastPrice: async (symbol) => (await rest.ticker24h(symbol)).lastPrice,
    onChange: opts.onChange ?? (() => Promise.resolve()),
    logger: opts.logger,
    pollInterval: 50,
    concurrency: opts.concurrency,
    releaseLocksAtStart: opts.releaseLocksAtStart,
  });
}

/** place-order and cancel-order jobs still queued (notices, run elsewhere, not counted). */
export async function orderJobs(db: Db): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM graphile_worker._private_jobs j
     JOIN graphile_worker._private_tasks t ON t.id = j.task_id
     WHERE t.identifier IN ('place-order', 'cancel-order')`,
  );
  return row?.n ?? 0;
}
