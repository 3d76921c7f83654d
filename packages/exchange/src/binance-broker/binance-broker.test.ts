import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeExchange, startFakeExchange } from '../../test/fake-exchange';
import { type FakeSignedExchange, startFakeSignedExchange } from '../../test/fake-signed-exchange';
import { BinanceTransport } from '../rest/transport';
import { type BinanceBroker, createBinanceBroker } from './binance-broker';

const silent = pino({ level: 'silent' });
const KEYS = { apiKey: 'broker-key-WXYZ', apiSecret: 'broker-secret-never-shown' };
const market = (clientOrderId: string, quantity = '0.1') =>
  ({ clientOrderId, symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity }) as const;

describe('BinanceBroker against a signature-checking double', () => {
  let ex: FakeSignedExchange;
  let broker: BinanceBroker;
  beforeEach(async () => {
    ex = await startFakeSignedExchange(KEYS);
    broker = createBinanceBroker({
      environment: 'sim',
      simRestUrl: ex.url,
      credentials: KEYS,
      transport: { logger: silent, timeoutMs: 400, backoff: { minMs: 1, maxMs: 5 } },
    });
  });
  afterEach(() => ex.stop());

  it('accepts a market order with its fills as core records them', async () => {
    const result = await broker.place(market('cv-t-1', '0.5'));
    expect(result).toEqual({
      outcome: 'accepted',
      order: expect.objectContaining({
        clientOrderId: 'cv-t-1',
        exchangeOrderId: '1',
        status: 'FILLED',
        type: 'MARKET',
        price: null,
        executedQty: '0.5',
        fills: [
          expect.objectContaining({
            tradeId: '5001',
            price: '100.00000000',
            quantity: '0.5',
            commissionAsset: 'BTC',
            isMaker: false,
          }),
        ],
      }),
    });
  });

  it('answers unknown when the answer is lost; the order is then found by its client id', async () => {
    for (const fault of ['drop', '503', 'hang'] as const) {
      ex.fault = fault;
      const id = `cv-lost-${fault}`;
      expect(await broker.place(market(id))).toMatchObject({ outcome: 'unknown' });
      ex.fault = 'none';
      expect(await broker.query('BTCUSDT', id)).toMatchObject({
        clientOrderId: id,
        status: 'FILLED',
        fills: [expect.objectContaining({ quantity: '0.1' })],
      });
    }
    expect(ex.orders.map((o) => o.clientOrderId)).toEqual([
      'cv-lost-drop',
      'cv-lost-503',
      'cv-lost-hang',
    ]);
  });

  it('answers a resend of an open order with that order (Binance refuses it as a duplicate)', async () => {
    const limit = { ...market('cv-open'), type: 'LIMIT', price: '90', quantity: '1' } as const;
    ex.fault = 'drop';
    expect(await broker.place(limit)).toMatchObject({ outcome: 'unknown' });
    ex.fault = 'none';
    expect(await broker.place(limit)).toMatchObject({
      outcome: 'accepted',
      order: { clientOrderId: 'cv-open', status: 'NEW', exchangeOrderId: '1' },
    });
    expect(ex.orders).toHaveLength(1);
  });

  it('rejects what Binance refuses, with a sentence a trader understands', async () => {
    expect(await broker.place(market('tiny', '0.00001'))).toEqual({
      outcome: 'rejected',
      code: -1013,
      message: 'The order value is below the minimum or above the maximum on BTCUSDT.',
      retryable: false,
    });
    ex.canTrade = false;
    expect(await broker.place(market('no-trade'))).toMatchObject({
      outcome: 'rejected',
      code: -2010,
      message: expect.stringMatching(/^Trading is disabled for this account or API key\./),
    });
    expect(ex.orders).toHaveLength(0);
  });

  it('cancels an open limit order by client id, and says when it is no longer open', async () => {
    await broker.place({
      clientOrderId: 'lim',
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '1',
      price: '90',
    });
    expect(
      (await broker.openOrders('BTCUSDT')).map((o) => [o.clientOrderId, o.status, o.price]),
    ).toEqual([['lim', 'NEW', '90']]);
    expect(await broker.cancel('BTCUSDT', 'lim')).toMatchObject({
      outcome: 'canceled',
      order: { clientOrderId: 'lim', status: 'CANCELED', type: 'LIMIT' },
    });
    expect(await broker.cancel('BTCUSDT', 'lim')).toEqual({
      outcome: 'rejected',
      code: -2011,
      message: expect.stringMatching(/^Binance has no such open order/),
    });
    expect(await broker.query('BTCUSDT', 'never-placed')).toBeNull();
  });

  it('reads balances and checks whether a key may trade', async () => {
    expect(await broker.balances()).toContainEqual({
      asset: 'BTC',
      free: '1.00000000',
      locked: '0.00000000',
    });
    expect(await broker.checkKey()).toMatchObject({ canTrade: true, permissions: ['SPOT'] });
    ex.canTrade = false;
    expect((await broker.checkKey()).canTrade).toBe(false);
  });
});

describe('BinanceBroker against scripted failures', () => {
  let fake: FakeExchange | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  function brokerFor(url: string) {
    return createBinanceBroker({
      environment: 'sim',
      simRestUrl: url,
      credentials: KEYS,
      transport: { logger: silent, backoff: { minMs: 1, maxMs: 2 } },
    });
  }

  it('treats 429 as not placed (retryable) and -1007 as unknown, each sent once', async () => {
    let posts = 0;
    fake = await startFakeExchange((req) => {
      if (req.url?.startsWith('/api/v3/time'))
        return { status: 200, body: { serverTime: Date.now() } };
      posts++;
      return posts === 1
        ? {
            status: 429,
            body: {
              code: -1015,
              msg: 'Too many new orders; current limit is 50 orders per 10 SECOND.',
            },
            headers: { 'retry-after': '1' },
          }
        : {
            status: 503,
            body: {
              code: -1007,
              msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
            },
          };
    });
    const broker = brokerFor(fake.url);
    expect(await broker.place(market('a'))).toMatchObject({
      outcome: 'rejected',
      code: -1015,
      retryable: true,
    });
    expect(await broker.place(market('b'))).toMatchObject({ outcome: 'unknown' });
    expect(posts).toBe(2);
  });

  it('answers unknown for a 200 it cannot read (the order may exist)', async () => {
    fake = await startFakeExchange((req) =>
      req.url?.startsWith('/api/v3/time')
        ? { status: 200, body: { serverTime: Date.now() } }
        : { status: 200, body: '<html>' },
    );
    expect(await brokerFor(fake.url).place(market('c'))).toMatchObject({ outcome: 'unknown' });
  });
});

describe('createBinanceBroker', () => {
  it('talks to the base URL of the key environment', () => {
    const url = (b: BinanceBroker) => b.client.transport.baseUrl;
    expect(url(createBinanceBroker({ environment: 'live', credentials: KEYS }))).toBe(
      'https://api.binance.com',
    );
    expect(url(createBinanceBroker({ environment: 'testnet', credentials: KEYS }))).toBe(
      'https://testnet.binance.vision',
    );
    expect(
      url(
        createBinanceBroker({
          environment: 'sim',
          simRestUrl: 'http://127.0.0.1:9443/',
          credentials: KEYS,
        }),
      ),
    ).toBe('http://127.0.0.1:9443');
    expect(() => createBinanceBroker({ environment: 'sim', credentials: KEYS })).toThrow(
      /not configured/,
    );
    const shared = new BinanceTransport({ baseUrl: 'http://127.0.0.1:1' });
    expect(
      createBinanceBroker({
        environment: 'sim',
        simRestUrl: 'x',
        credentials: KEYS,
        transport: shared,
      }).client.transport,
    ).toBe(shared);
  });
});
