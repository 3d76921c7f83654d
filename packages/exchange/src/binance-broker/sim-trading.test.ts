// The broker, the signed client and the user data stream against exchange-sim's signed endpoints and
// WebSocket API: what a Binance key pointing at the sim goes through, faults included.
import { Decimal } from 'decimal.js';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceApiError } from '../rest/errors';
import type { UserStreamEvent } from '../user-stream/events';
import { UserDataStream } from '../user-stream/user-data-stream';
import { type BinanceBroker, createBinanceBroker } from './binance-broker';
import { binanceEndpoints } from './endpoints';

const silent = pino({ level: 'silent' });
const TRADER = { apiKey: 'TraderKey1', apiSecret: 'trader-secret-1' };
const READER = { apiKey: 'ReadOnlyKey2', apiSecret: 'reader-secret-2' };

let sim: ExchangeSim;
let broker: BinanceBroker;
let stream: UserDataStream;
const events: UserStreamEvent[] = [];
let gaps = 0;

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    logger: silent,
    faultSeed: 3,
    accounts: [
      { apiKey: TRADER.apiKey, secret: TRADER.apiSecret, balances: { USDT: '100000', BTC: '1' } },
      {
        apiKey: READER.apiKey,
        secret: READER.apiSecret,
        canTrade: false,
        balances: { USDT: '50' },
      },
    ],
  });
  broker = createBinanceBroker({
    environment: 'sim',
    simRestUrl: sim.restUrl,
    credentials: TRADER,
    transport: { logger: silent, timeoutMs: 2000 },
  });
  stream = new UserDataStream({
    wsApiUrl: binanceEndpoints('sim', sim.restUrl).wsApiUrl,
    credentials: TRADER,
    clock: broker.client.clock,
    onEvent: (e) => events.push(e),
    onGap: () => gaps++,
    backoff: { minMs: 20, maxMs: 100 },
  });
  await stream.start();
});
afterAll(async () => {
  await stream.stop();
  await sim.stop();
});
afterEach(() => sim.faults.reset());

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const orderEvents = (id: string) =>
  events.flatMap((e) => (e.kind === 'order' && e.order.clientOrderId === id ? [e] : []));
const buy = (clientOrderId: string, quantity = '0.001') =>
  ({ clientOrderId, symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity }) as const;

describe('a Binance key on exchange-sim', () => {
  it('is checked with a signed account request: trading permission, or the refusal', async () => {
    expect(await broker.checkKey()).toMatchObject({ canTrade: true, permissions: ['SPOT'] });
    const reader = createBinanceBroker({
      environment: 'sim',
      simRestUrl: sim.restUrl,
      credentials: READER,
    });
    expect((await reader.checkKey()).canTrade).toBe(false);
    expect(await reader.place(buy('ro-1'))).toMatchObject({
      outcome: 'rejected',
      code: -2015,
      retryable: false,
      message: expect.stringMatching(/^Binance refused the API key/),
    });
    const wrong = createBinanceBroker({
      environment: 'sim',
      simRestUrl: sim.restUrl,
      credentials: { ...TRADER, apiSecret: 'not-the-secret' },
    });
    const err = await wrong.checkKey().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinanceApiError);
    expect(err).toMatchObject({ code: -1022 });
  });

  it('buys at market: the fills, the execution report and the balances agree', async () => {
    const before = await broker.balances();
    const result = await broker.place(buy('cv-sim-mkt-1'));
    if (result.outcome !== 'accepted') throw new Error(JSON.stringify(result));
    const { order } = result;
    expect(order).toMatchObject({ status: 'FILLED', executedQty: '0.00100000', type: 'MARKET' });
    expect(order.fills.length).toBeGreaterThan(0);
    const quote = order.fills.reduce(
      (s, f) => s.plus(new Decimal(f.price).times(f.quantity)),
      new Decimal(0),
    );
    expect(quote.toFixed(8)).toBe(new Decimal(order.cummulativeQuoteQty).toFixed(8));

    await until(() => orderEvents('cv-sim-mkt-1').some((e) => e.order.status === 'FILLED'));
    const streamed = orderEvents('cv-sim-mkt-1').flatMap((e) => e.order.fills);
    expect(
      streamed.map((f) => [f.tradeId, f.price, f.quantity, f.commission, f.commissionAsset]),
    ).toEqual(
      order.fills.map((f) => [f.tradeId, f.price, f.quantity, f.commission, f.commissionAsset]),
    );
    await until(() => events.some((e) => e.kind === 'balances'));

    const after = await broker.balances();
    const usdt = (list: typeof after) => new Decimal(list.find((b) => b.asset === 'USDT')!.free);
    expect(usdt(before).minus(usdt(after)).toFixed(8)).toBe(
      new Decimal(order.cummulativeQuoteQty).toFixed(8),
    );
    expect(await broker.query('BTCUSDT', 'cv-sim-mkt-1')).toMatchObject({
      status: 'FILLED',
      fills: order.fills.map((f): unknown =>
        expect.objectContaining({ tradeId: f.tradeId, quantity: f.quantity }),
      ),
    });
  });

  it('rests a limit order, lists it as open, and cancels it (the stream says so under its id)', async () => {
    const bid = new Decimal(sim.book.top('BTCUSDT')!.bidPrice);
    const price = bid.times(0.5).toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2);
    const result = await broker.place({ ...buy('cv-sim-lim-1'), type: 'LIMIT', price });
    expect(result).toMatchObject({ outcome: 'accepted', order: { status: 'NEW', type: 'LIMIT' } });
    expect((await broker.openOrders('BTCUSDT')).map((o) => o.clientOrderId)).toContain(
      'cv-sim-lim-1',
    );
    expect(await broker.cancel('BTCUSDT', 'cv-sim-lim-1')).toMatchObject({
      outcome: 'canceled',
      order: { clientOrderId: 'cv-sim-lim-1', status: 'CANCELED' },
    });
    await until(() => orderEvents('cv-sim-lim-1').some((e) => e.order.status === 'CANCELED'));
    expect(await broker.cancel('BTCUSDT', 'cv-sim-lim-1')).toMatchObject({
      outcome: 'rejected',
      code: -2011,
    });
  });

  it('refuses an order below the minimum notional with a trader sentence', async () => {
    expect(await broker.place(buy('cv-sim-tiny', '0.00001'))).toMatchObject({
      outcome: 'rejected',
      code: -1013,
      retryable: false,
    });
  });

  it('answers unknown when the sim drops or 5xxs the answer of an accepted order; one order exists', async () => {
    for (const fault of [{ dropRate: 1 }, { errorRate: 1, errorStatus: 503 as const }]) {
      sim.faults.orders = fault;
      const placed = sim.exchange.placedCount;
      const id = `cv-sim-lost-${placed}`;
      expect(await broker.place(buy(id))).toMatchObject({ outcome: 'unknown' });
      sim.faults.reset();
      expect(sim.exchange.placedCount).toBe(placed + 1);
      expect(await broker.query('BTCUSDT', id)).toMatchObject({
        clientOrderId: id,
        status: 'FILLED',
      });
    }
  });

  it('reconnects the user stream after the sim drops it, reports the gap, and keeps delivering', async () => {
    const gapsBefore = gaps;
    sim.faults.dropUserStreams();
    await until(() => gaps === gapsBefore + 1);
    await broker.place(buy('cv-sim-after-gap'));
    await until(() => orderEvents('cv-sim-after-gap').length > 0);
  });
});
