// The signed trading endpoints against hand-built requests: Binance's security checks and codes,
// exact balances after fills and fees, the filters, duplicate client ids, and resting limit orders
// filled by the replayed tape. The wall clock is manual, so timestamps and fills are deterministic.
import { barOpenTime } from '@coinview/core/interval';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedFetch } from '../../test/signed-fetch';
import { formatUnits, toUnits } from '../data/decimal';
import { createLogger } from '../logger';
import { tradesUntil } from '../replay/trade-tape';
import { type ExchangeSim, startExchangeSim } from '../server';
import { lastTradePrice } from './quote-source';

const KEY = 'TestKeyA1';
const SECRET = 'secret-a';
const POOR_KEY = 'TestKeyB2';
const READ_ONLY_KEY = 'ReadOnly3';
const START = Date.UTC(2026, 0, 5, 12, 0, 0);
let wallNow = START;
let sim: ExchangeSim;

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    clock: { now: () => wallNow },
    logger: createLogger('silent'),
    accounts: [
      { apiKey: KEY, secret: SECRET, balances: { USDT: '100000', BTC: '2' } },
      { apiKey: POOR_KEY, secret: 'secret-b', balances: { USDT: '10' } },
      { apiKey: READ_ONLY_KEY, secret: 'secret-c', canTrade: false, balances: { USDT: '1000' } },
    ],
  });
});
afterAll(() => sim.stop());

const as = { apiKey: KEY, secret: SECRET };
const call = (
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  params: Record<string, string | number>,
  extra: Partial<Parameters<typeof signedFetch>[4]> = {},
) => signedFetch(sim.restUrl, method, path, params, { ...as, timestamp: wallNow, ...extra });

const balances = async (apiKey = KEY, secret = SECRET) => {
  const { body } = await call('GET', '/api/v3/account', {}, { apiKey, secret });
  const rows = (body as { balances: { asset: string; free: string; locked: string }[] }).balances;
  return Object.fromEntries(rows.map((b) => [b.asset, { free: b.free, locked: b.locked }]));
};

const order = (p: Record<string, string | number>) =>
  call('POST', '/api/v3/order', { symbol: 'BTCUSDT', ...p });

describe('signed endpoint security', () => {
  it('refuses a bad signature (-1022), a stale or early timestamp (-1021) and unknown keys', async () => {
    const bad = await call('GET', '/api/v3/account', {}, { signature: 'ab'.repeat(32) });
    expect(bad).toEqual({
      status: 400,
      body: { code: -1022, msg: 'Signature for this request is not valid.' },
    });
    const wrongSecret = await call('GET', '/api/v3/account', {}, { secret: 'not-it' });
    expect(wrongSecret.body).toMatchObject({ code: -1022 });

    const stale = await call('GET', '/api/v3/account', {}, { timestamp: wallNow - 5001 });
    expect(stale).toEqual({
      status: 400,
      body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
    });
    const early = await call('GET', '/api/v3/account', {}, { timestamp: wallNow + 1000 });
    expect(early.body).toEqual({
      code: -1021,
      msg: "Timestamp for this request was 1000ms ahead of the server's time.",
    });
    // Inside a wider recvWindow the same age is fine; past 60000 the window itself is refused.
    expect(
      (await call('GET', '/api/v3/account', { recvWindow: 10000 }, { timestamp: wallNow - 5001 }))
        .status,
    ).toBe(200);
    expect((await call('GET', '/api/v3/account', { recvWindow: 60001 })).body).toMatchObject({
      code: -1131,
    });

    expect(await call('GET', '/api/v3/account', {}, { apiKey: 'NoSuchKey' })).toEqual({
      status: 401,
      body: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
    });
    const { apiKey: _none, ...noKey } = as;
    expect(
      await signedFetch(
        sim.restUrl,
        'GET',
        '/api/v3/account',
        {},
        { ...noKey, timestamp: wallNow },
      ),
    ).toEqual({ status: 401, body: { code: -2014, msg: 'API-key format invalid.' } });
  });

  it('takes parameters in the query, the body or both, signed as sent', async () => {
    for (const place of ['query', 'body', 'split'] as const) {
      const res = await call(
        'POST',
        '/api/v3/order',
        {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.001',
          price: '50000',
          newOrderRespType: 'ACK',
        },
        { place },
      );
      expect(res.status, place).toBe(200);
      expect(res.body).toMatchObject({ symbol: 'BTCUSDT', orderListId: -1 });
    }
    // A parameter sent twice is refused rather than guessed.
    const twice = await signedFetch(
      sim.restUrl,
      'POST',
      '/api/v3/order?symbol=BTCUSDT',
      { symbol: 'ETHUSDT' },
      { ...as, timestamp: wallNow, place: 'body' },
    );
    expect(twice.body).toMatchObject({ code: -1101 });
    await call('DELETE', '/api/v3/openOrders', { symbol: 'BTCUSDT' });
  });

  it('refuses a key without trading permission, but lets it read', async () => {
    const ro = { apiKey: READ_ONLY_KEY, secret: 'secret-c' };
    expect((await call('GET', '/api/v3/account', {}, ro)).body).toMatchObject({ canTrade: false });
    expect(
      await call(
        'POST',
        '/api/v3/order',
        { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' },
        ro,
      ),
    ).toEqual({
      status: 401,
      body: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
    });
  });

  it('refuses an oversized body unread', async () => {
    const res = await fetch(`${sim.restUrl}/api/v3/order`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': KEY },
      body: 'a'.repeat(20_000),
    });
    expect(res.status).toBe(413);
  });
});

describe('orders', () => {
  it('fills a market buy at the ask with 0.1% commission in BTC, to the last decimal', async () => {
    const before = await balances();
    // Market orders take the synthesised book's best price (book/synth-book.ts). Step the replay
    // to a moment when that is not "last trade + one tick", so the fill tells the two apart.
    const tick = toUnits('0.01');
    while (
      toUnits(sim.book.top('BTCUSDT')!.askPrice) ===
      lastTradePrice(sim.replay, 'BTCUSDT', sim.now()) + tick
    )
      wallNow += 250;
    const ask = toUnits(sim.book.top('BTCUSDT')!.askPrice);
    const res = await order({
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.01234',
      newClientOrderId: 'mkt-1',
    });
    expect(res.status).toBe(200);
    const quote = (ask * toUnits('0.01234')) / 100_000_000n;
    expect(res.body).toMatchObject({
      clientOrderId: 'mkt-1',
      status: 'FILLED',
      executedQty: '0.01234000',
      cummulativeQuoteQty: formatUnits(quote),
      fills: [
        {
          price: formatUnits(ask),
          qty: '0.01234000',
          commission: '0.00001234',
          commissionAsset: 'BTC',
        },
      ],
    });
    const after = await balances();
    expect(toUnits(before.USDT!.free) - toUnits(after.USDT!.free)).toBe(quote);
    expect(toUnits(after.BTC!.free) - toUnits(before.BTC!.free)).toBe(toUnits('0.01232766'));
    expect(after.USDT!.locked).toBe('0.00000000');
  });

  it('sells by quote amount, charging the commission in USDT', async () => {
    const before = await balances();
    const bid = toUnits(sim.book.top('BTCUSDT')!.bidPrice);
    const res = await order({
      side: 'SELL',
      type: 'MARKET',
      quoteOrderQty: '500',
      newOrderRespType: 'FULL',
    });
    const body = res.body as {
      executedQty: string;
      cummulativeQuoteQty: string;
      fills: { commission: string }[];
    };
    const qty = toUnits(body.executedQty);
    // As much BTC as 500 USDT buys at the bid, on the 0.00001 step.
    expect(qty).toBe(((toUnits('500') * 100_000_000n) / bid / 1000n) * 1000n);
    const quote = toUnits(body.cummulativeQuoteQty);
    const fee = (quote * toUnits('0.001') + 50_000_000n) / 100_000_000n;
    expect(toUnits(body.fills[0]!.commission)).toBe(fee);
    const after = await balances();
    expect(toUnits(after.USDT!.free) - toUnits(before.USDT!.free)).toBe(quote - fee);
    expect(toUnits(before.BTC!.free) - toUnits(after.BTC!.free)).toBe(qty);
  });

  it("refuses filter violations with Binance's -1013 messages", async () => {
    const last = formatUnits(lastTradePrice(sim.replay, 'BTCUSDT', sim.now()));
    const limit = { side: 'BUY', type: 'LIMIT', timeInForce: 'GTC' };
    const cases: [Record<string, string>, string][] = [
      [{ ...limit, quantity: '0.000001', price: '50000' }, 'Filter failure: LOT_SIZE'],
      [{ ...limit, quantity: '0.000015', price: '50000' }, 'Filter failure: LOT_SIZE'],
      [{ ...limit, quantity: '0.001', price: '50000.005' }, 'Filter failure: PRICE_FILTER'],
      [{ ...limit, quantity: '0.00004', price: last }, 'Filter failure: NOTIONAL'],
      [{ side: 'BUY', type: 'MARKET', quantity: '0.00004' }, 'Filter failure: NOTIONAL'],
      [{ side: 'BUY', type: 'MARKET', quantity: '101' }, 'Filter failure: MARKET_LOT_SIZE'],
      [{ ...limit, quantity: '0.001', price: '10' }, 'Filter failure: PERCENT_PRICE_BY_SIDE'],
    ];
    for (const [params, msg] of cases) {
      expect(await order(params), JSON.stringify(params)).toEqual({
        status: 400,
        body: { code: -1013, msg },
      });
    }
    expect((await order({ ...limit, quantity: '0.001' })).body).toMatchObject({ code: -1102 });
    expect((await order({ side: 'HOLD', type: 'MARKET', quantity: '1' })).body).toMatchObject({
      code: -1117,
    });
    expect(
      (await order({ ...limit, quantity: '0.1234567891', price: '50000' })).body,
    ).toMatchObject({ code: -1111 });
    expect(
      (
        await call('POST', '/api/v3/order', {
          symbol: 'DOGEUSDT',
          side: 'BUY',
          type: 'MARKET',
          quantity: '1',
        })
      ).body,
    ).toEqual({ code: -1121, msg: 'Invalid symbol.' });
  });

  it('refuses what the balance cannot pay (-2010)', async () => {
    const poor = { apiKey: POOR_KEY, secret: 'secret-b' };
    expect(
      await call(
        'POST',
        '/api/v3/order',
        { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' },
        poor,
      ),
    ).toEqual({
      status: 400,
      body: { code: -2010, msg: 'Account has insufficient balance for requested action.' },
    });
    expect((await balances(POOR_KEY, 'secret-b')).USDT).toEqual({
      free: '10.00000000',
      locked: '0.00000000',
    });
  });

  it('refuses a client order id already used by an open order, cancels once, and says what is unknown', async () => {
    const before = await balances();
    const rest = {
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.002',
      price: '50000.00',
    };
    const first = await order({ ...rest, newClientOrderId: 'fire-42' });
    expect(first.body).toMatchObject({ status: 'NEW', fills: [] });
    expect((await balances()).USDT!.locked).toBe('100.00000000');
    expect(await order({ ...rest, newClientOrderId: 'fire-42' })).toEqual({
      status: 400,
      body: { code: -2010, msg: 'Duplicate order sent.' },
    });
    const open = await call('GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' });
    expect((open.body as { clientOrderId: string }[]).map((o) => o.clientOrderId)).toEqual([
      'fire-42',
    ]);

    const cancel = await call('DELETE', '/api/v3/order', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'fire-42',
    });
    expect(cancel.body).toMatchObject({ origClientOrderId: 'fire-42', status: 'CANCELED' });
    expect(
      await call('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'fire-42' }),
    ).toEqual({
      status: 400,
      body: { code: -2011, msg: 'Unknown order sent.' },
    });
    expect(
      await call('GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'never-sent' }),
    ).toEqual({
      status: 400,
      body: { code: -2013, msg: 'Order does not exist.' },
    });
    expect(await balances()).toEqual(before);
    const all = await call('GET', '/api/v3/allOrders', { symbol: 'BTCUSDT' });
    expect((all.body as { clientOrderId: string; status: string }[]).at(-1)).toMatchObject({
      clientOrderId: 'fire-42',
      status: 'CANCELED',
    });
  });

  it('rests a limit buy and fills it at its price, as the maker, when the replayed tape reaches it', async () => {
    // Find the lowest trade the tape prints in the next minutes, below the current bid.
    const now = sim.now();
    const bid = lastTradePrice(sim.replay, 'BTCUSDT', now);
    let target: { price: bigint; at: number } | undefined;
    for (let open = barOpenTime(now, '1m'); open < now + 20 * 60_000; open += 60_000) {
      const { tape } = sim.replay.tape('BTCUSDT', open);
      for (let i = tradesUntil(tape, now - open); i < tape.count; i++) {
        const p = BigInt(tape.prices[i]!);
        if (p < bid && (!target || p < target.price))
          target = { price: p, at: open + tape.offsets[i]! };
      }
    }
    expect(target).toBeDefined();
    const price = formatUnits(target!.price);
    const placed = await order({
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price,
      newClientOrderId: 'dip',
    });
    expect(placed.body).toMatchObject({ status: 'NEW' });

    wallNow += target!.at - now - 1; // just before the trade prints
    sim.exchange.matchResting();
    expect(
      (await call('GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'dip' })).body,
    ).toMatchObject({ status: 'NEW' });
    wallNow += 1;
    sim.exchange.matchResting();
    const filled = await call('GET', '/api/v3/order', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'dip',
    });
    expect(filled.body).toMatchObject({
      status: 'FILLED',
      executedQty: '0.01000000',
      cummulativeQuoteQty: formatUnits(target!.price / 100n),
    });
    const trades = await call('GET', '/api/v3/myTrades', {
      symbol: 'BTCUSDT',
      orderId: (placed.body as { orderId: number }).orderId,
    });
    expect(trades.body).toEqual([
      expect.objectContaining({
        price,
        qty: '0.01000000',
        commission: '0.00001000',
        commissionAsset: 'BTC',
        isBuyer: true,
        isMaker: true,
      }),
    ]);
    expect((await balances()).USDT!.locked).toBe('0.00000000');
  });

  it("charges Binance's request weights", async () => {
    const weightOf = async (
      method: 'GET' | 'POST',
      path: string,
      params: Record<string, string>,
    ) => {
      const res = await fetch(`${sim.restUrl}/api/v3/ping`);
      const before = Number(res.headers.get('x-mbx-used-weight-1m'));
      await call(method, path, params);
      const after = Number(
        (await fetch(`${sim.restUrl}/api/v3/ping`)).headers.get('x-mbx-used-weight-1m'),
      );
      return after - before - 1;
    };
    expect(await weightOf('GET', '/api/v3/account', {})).toBe(20);
    expect(await weightOf('GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' })).toBe(6);
    expect(await weightOf('GET', '/api/v3/openOrders', {})).toBe(80);
    expect(await weightOf('GET', '/api/v3/myTrades', { symbol: 'BTCUSDT' })).toBe(20);
  });
});
