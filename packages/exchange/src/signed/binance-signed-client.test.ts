import { inspect } from 'node:util';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeExchange } from '../../test/fake-exchange';
import { type FakeSignedExchange, startFakeSignedExchange } from '../../test/fake-signed-exchange';
import { BinanceApiError, BinanceUnavailableError } from '../rest/errors';
import { BinanceSignedClient } from './binance-signed-client';
import { hmacSha256Hex, RequestSigner } from './signature';

const silent = pino({ level: 'silent' });
const KEYS = { apiKey: 'test-api-key-ABCD', apiSecret: 'test-secret-do-not-leak-9f2c1e' };

describe('request signatures', () => {
  // Binance's worked example (rest-api.md, "SIGNED endpoint examples for POST /api/v3/order").
  const DOC_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
  const DOC_QUERY =
    'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
  const DOC_SIGNATURE = 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71';

  it("matches Binance's documented HMAC-SHA256 example", () => {
    expect(hmacSha256Hex(DOC_SECRET, DOC_QUERY)).toBe(DOC_SIGNATURE);
    const signer = new RequestSigner({ apiKey: 'vmPUZE6mv9SD5VNH', apiSecret: DOC_SECRET });
    expect(signer.sign(DOC_QUERY)).toBe(DOC_SIGNATURE);
  });

  it('keeps the secret out of JSON and inspection', () => {
    const signer = new RequestSigner(KEYS);
    const client = new BinanceSignedClient({
      credentials: KEYS,
      transport: { baseUrl: 'http://127.0.0.1:9' },
    });
    for (const text of [
      JSON.stringify(signer),
      inspect(signer, { depth: 9 }),
      inspect(client, { depth: 9 }),
    ])
      expect(text).not.toContain(KEYS.apiSecret);
  });
});

describe('BinanceSignedClient against a signature-checking double', () => {
  let ex: FakeSignedExchange;
  let client: BinanceSignedClient;
  beforeEach(async () => {
    ex = await startFakeSignedExchange(KEYS);
    client = new BinanceSignedClient({
      credentials: KEYS,
      transport: {
        baseUrl: ex.url,
        logger: silent,
        timeoutMs: 500,
        backoff: { minMs: 1, maxMs: 5 },
      },
    });
  });
  afterEach(() => ex.stop());

  it('places an order with its client id, FULL answer, key header and a signature over the exact query', async () => {
    const placed = await client.placeOrder({
      clientOrderId: 'cv-fire-1',
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.01000000',
      price: '97310.55',
    });
    expect(placed).toMatchObject({ clientOrderId: 'cv-fire-1', status: 'NEW', orderId: 1 });
    const post = ex.seen.find((r) => r.method === 'POST')!;
    expect(post.headers['x-mbx-apikey']).toBe(KEYS.apiKey);
    const params = new URLSearchParams(post.url.split('?')[1]);
    expect(Object.fromEntries(params)).toMatchObject({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01000000',
      price: '97310.55',
      newClientOrderId: 'cv-fire-1',
      newOrderRespType: 'FULL',
      recvWindow: '5000',
    });
    expect(post.url).toMatch(/&timestamp=\d+&signature=[0-9a-f]{64}$/);
    // The secret never travels: not in a URL, not in a header.
    expect(JSON.stringify(ex.seen)).not.toContain(KEYS.apiSecret);
  });

  it('is refused with -1022 when signed with another secret', async () => {
    const wrong = new BinanceSignedClient({
      credentials: { apiKey: KEYS.apiKey, apiSecret: 'another-secret' },
      transport: { baseUrl: ex.url, logger: silent },
    });
    await expect(wrong.account()).rejects.toMatchObject({ name: 'BinanceApiError', code: -1022 });
  });

  it("stamps requests with the exchange's clock, and resyncs once on -1021", async () => {
    ex.clockSkewMs = 3_600_000; // the exchange's clock is an hour ahead of ours
    expect((await client.account()).canTrade).toBe(true);
    expect(client.clock.offset).toBeGreaterThan(3_599_000);
    ex.clockSkewMs = -7_200_000; // and then jumps: the next request is outside recvWindow
    expect((await client.account()).permissions).toEqual(['SPOT']);
    expect(ex.seen.filter((r) => r.url === '/api/v3/time')).toHaveLength(2);
    expect(ex.seen.filter((r) => r.url.startsWith('/api/v3/account'))).toHaveLength(3);
  });

  it('sends an order once when the answer is lost, and finds it by its client id', async () => {
    for (const [fault, id] of [
      ['drop', 'cv-drop'],
      ['503', 'cv-503'],
      ['hang', 'cv-hang'],
    ] as const) {
      ex.fault = fault;
      const err = await client
        .placeOrder({
          clientOrderId: id,
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'MARKET',
          quantity: '0.1',
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BinanceUnavailableError);
      ex.fault = 'none';
      expect(ex.seen.filter((r) => r.method === 'POST' && r.url.includes(id))).toHaveLength(1);
      expect(await client.queryOrder('BTCUSDT', id)).toMatchObject({
        clientOrderId: id,
        status: 'FILLED',
      });
    }
    expect(ex.orders).toHaveLength(3);
  });

  it('answers null for an order the exchange does not have', async () => {
    expect(await client.queryOrder('BTCUSDT', 'never-sent')).toBeNull();
  });

  it('refuses the client id of an open order with -2010 and a filter violation with -1013', async () => {
    const order = {
      clientOrderId: 'dup',
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.1',
      price: '90',
    } as const;
    await client.placeOrder(order);
    await expect(client.placeOrder(order)).rejects.toMatchObject({
      code: -2010,
      msg: 'Duplicate order sent.',
    });
    const err = await client
      .placeOrder({ ...order, clientOrderId: 'tiny', quantity: '0.00001' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinanceApiError);
    expect(err).toMatchObject({ status: 400, code: -1013 });
    expect(ex.orders).toHaveLength(1);
  });

  it('lists open orders, cancels by client id, and reads trades and the account', async () => {
    await client.placeOrder({
      clientOrderId: 'lim',
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '1',
      price: '90',
    });
    const mkt = await client.placeOrder({
      clientOrderId: 'mkt',
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.5',
    });
    expect(mkt.fills).toEqual([
      {
        price: '100.00000000',
        qty: '0.5',
        commission: '0.00050000',
        commissionAsset: 'BTC',
        tradeId: 5002,
      },
    ]);
    expect((await client.openOrders('BTCUSDT')).map((o) => o.clientOrderId)).toEqual(['lim']);
    const canceled = await client.cancelOrder('BTCUSDT', 'lim');
    expect(canceled).toMatchObject({ origClientOrderId: 'lim', status: 'CANCELED' });
    expect(await client.openOrders()).toEqual([]);
    await expect(client.cancelOrder('BTCUSDT', 'lim')).rejects.toMatchObject({ code: -2011 });
    const trades = await client.myTrades('BTCUSDT', { orderId: mkt.orderId });
    expect(trades).toMatchObject([{ id: 5002, orderId: 2, qty: '0.5', isMaker: false }]);
    const account = await client.account();
    expect(account.balances).toContainEqual({
      asset: 'USDT',
      free: '10000.00000000',
      locked: '0.00000000',
    });
  });
});

describe('logs', () => {
  it('never carry the secret or a signature, through retries and failures', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const fake = await startFakeExchange((req, i) => {
      if (req.url?.startsWith('/api/v3/time'))
        return { status: 200, body: { serverTime: Date.now() } };
      return i < 3
        ? { status: 503, body: { code: -1008, msg: 'busy' } }
        : { status: 0, destroy: true };
    });
    try {
      const client = new BinanceSignedClient({
        credentials: KEYS,
        transport: { baseUrl: fake.url, logger, backoff: { minMs: 1, maxMs: 2 }, maxAttempts: 3 },
      });
      await expect(client.account()).rejects.toBeInstanceOf(BinanceUnavailableError);
      await expect(
        client.placeOrder({
          clientOrderId: 'x',
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'MARKET',
          quantity: '1',
        }),
      ).rejects.toBeInstanceOf(BinanceUnavailableError);
    } finally {
      await fake.stop();
    }
    expect(lines.length).toBeGreaterThan(0);
    const text = lines.join('\n');
    expect(text).not.toContain(KEYS.apiSecret);
    expect(text).not.toMatch(/signature=|[0-9a-f]{64}/);
  });
});
