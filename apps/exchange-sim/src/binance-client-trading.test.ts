// Proof of fidelity for trading: the third-party `binance` npm client (tiagosiebler/binance),
// unmodified but for its base URLs, signs with its own code, places, queries and cancels orders over
// REST, and subscribes to the user data stream over its WebSocket API client
// (`userDataStream.subscribe.signature`), receiving the executionReport of each order. Client ids
// carry the client's broker prefix, as it asks.
import { MainClient, WS_KEY_MAP, WebsocketAPIClient } from 'binance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { type ExchangeSim, DEMO_API_KEY, DEMO_API_SECRET, startExchangeSim } from './server';

const quiet = { trace: () => undefined, info: () => undefined, error: () => undefined };
let sim: ExchangeSim;

beforeAll(async () => {
  sim = await startExchangeSim({ port: 0, logger: createLogger('silent') });
});
afterAll(() => sim.stop());

describe('the `binance` npm client trading against the sim', () => {
  it('places, queries and cancels orders and hears their execution reports', async () => {
    const rest = new MainClient({
      api_key: DEMO_API_KEY,
      api_secret: DEMO_API_SECRET,
      baseUrl: sim.restUrl,
      disableTimeSync: true,
    });
    const wsApi = new WebsocketAPIClient(
      {
        api_key: DEMO_API_KEY,
        api_secret: DEMO_API_SECRET,
        wsUrl: sim.wsUrl,
        beautify: true,
        attachEventListeners: false,
      },
      quiet,
    );
    const reports: { orderStatus: string; executionType: string; newClientOrderId: string }[] = [];
    wsApi.getWSClient().on('formattedUserDataMessage', (event: unknown) => {
      const e = event as { eventType?: string };
      if (e.eventType === 'executionReport') reports.push(event as (typeof reports)[number]);
    });
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(done()).toBe(true);
    };
    try {
      await wsApi.subscribeUserDataStream(WS_KEY_MAP.mainWSAPI);

      const account = await rest.getAccountInformation();
      expect(account.canTrade).toBe(true);
      expect(account.balances).toContainEqual({
        asset: 'USDT',
        free: '100000.00000000',
        locked: '0.00000000',
      });

      const market = await rest.submitNewOrder({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'MARKET',
        quantity: 0.001,
        newClientOrderId: 'x-U5D79M5B-market-1',
        newOrderRespType: 'FULL',
      });
      expect(market).toMatchObject({ clientOrderId: 'x-U5D79M5B-market-1', status: 'FILLED' });
      const byClientId = await rest.getOrder({
        symbol: 'BTCUSDT',
        origClientOrderId: 'x-U5D79M5B-market-1',
      });
      expect(byClientId).toMatchObject({
        orderId: market.orderId,
        status: 'FILLED',
        executedQty: '0.00100000',
      });

      const limit = await rest.submitNewOrder({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: 0.001,
        price: 50000,
        newClientOrderId: 'x-U5D79M5B-limit-1',
      });
      expect(limit).toMatchObject({ status: 'NEW' });
      expect((await rest.getOpenOrders({ symbol: 'BTCUSDT' })).map((o) => o.clientOrderId)).toEqual(
        ['x-U5D79M5B-limit-1'],
      );
      const cancelled = await rest.cancelOrder({ symbol: 'BTCUSDT', orderId: limit.orderId });
      expect(cancelled).toMatchObject({
        origClientOrderId: 'x-U5D79M5B-limit-1',
        status: 'CANCELED',
      });
      await expect(
        rest.cancelOrder({ symbol: 'BTCUSDT', orderId: limit.orderId }),
      ).rejects.toMatchObject({
        code: -2011,
      });

      const trades = await rest.getAccountTradeList({ symbol: 'BTCUSDT' });
      expect(trades).toEqual([expect.objectContaining({ orderId: market.orderId, isBuyer: true })]);

      await until(() => reports.length >= 4);
      expect(reports.map((r) => [r.newClientOrderId, r.executionType, r.orderStatus])).toEqual([
        ['x-U5D79M5B-market-1', 'NEW', 'NEW'],
        ['x-U5D79M5B-market-1', 'TRADE', 'FILLED'],
        ['x-U5D79M5B-limit-1', 'NEW', 'NEW'],
        // A cancel report carries the cancel request's id in `c` and the order's in `C`.
        [expect.any(String), 'CANCELED', 'CANCELED'],
      ]);
    } finally {
      await wsApi.disconnectAll();
    }
  });
});
