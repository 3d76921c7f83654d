// A loopback double of Binance's signed spot endpoints, for the client's tests until exchange-sim
// grows them: it checks the API key header, the HMAC-SHA256 signature over the exact query received,
// and the timestamp against its own clock and recvWindow, answering with Binance's error codes. Orders
// fill at once (MARKET) or rest (LIMIT); a client id already used by an OPEN order is refused with
// -2010 (Binance: "a unique id among open orders"; a filled order's id may be reused). `fault` makes
// it accept an order and then drop the connection, answer 5xx, or never answer: the cases where the
// client cannot know whether the order exists.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOrder {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: 'BUY' | 'SELL';
  type: 'MARKET' | 'LIMIT';
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: 'NEW' | 'FILLED' | 'CANCELED';
  time: number;
}

export interface FakeSignedExchange {
  url: string;
  /** Orders the exchange holds, in placement order. */
  orders: FakeOrder[];
  /** Every request as received: method, raw URL, headers. */
  seen: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  /** Server clock minus wall clock, ms (move it to provoke -1021). */
  clockSkewMs: number;
  /** What happens to the next order placements (accepted first, then the fault). */
  fault: 'none' | 'drop' | '503' | 'hang';
  /** The fill price of MARKET orders. */
  marketPrice: string;
  canTrade: boolean;
  stop(): Promise<void>;
}

const FILL_TRADE_BASE = 5000;

export async function startFakeSignedExchange(keys: {
  apiKey: string;
  apiSecret: string;
}): Promise<FakeSignedExchange> {
  const state: FakeSignedExchange = {
    url: '',
    orders: [],
    seen: [],
    clockSkewMs: 0,
    fault: 'none',
    marketPrice: '100.00000000',
    canTrade: true,
    stop: async () => {},
  };
  const serverNow = () => Date.now() + state.clockSkewMs;

  const server = createServer((req, res) => {
    const url = req.url ?? '';
    state.seen.push({ method: req.method ?? '', url, headers: req.headers });
    const [path = '', query = ''] = url.split('?', 2);
    if (path === '/api/v3/time') return send(res, 200, { serverTime: serverNow() });

    if (req.headers['x-mbx-apikey'] !== keys.apiKey)
      return send(res, 401, {
        code: -2015,
        msg: 'Invalid API-key, IP, or permissions for action.',
      });
    const at = query.lastIndexOf('&signature=');
    const payload = at < 0 ? '' : query.slice(0, at);
    const signature = at < 0 ? '' : query.slice(at + '&signature='.length);
    const expected = createHmac('sha256', keys.apiSecret).update(payload).digest('hex');
    if (
      signature.length !== expected.length ||
      !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    )
      return send(res, 400, { code: -1022, msg: 'Signature for this request is not valid.' });
    const params = new URLSearchParams(payload);
    const timestamp = Number(params.get('timestamp'));
    const recvWindow = Number(params.get('recvWindow') ?? 5000);
    const now = serverNow();
    if (!(timestamp < now + 1000 && now - timestamp <= recvWindow))
      return send(res, 400, {
        code: -1021,
        msg: 'Timestamp for this request is outside of the recvWindow.',
      });
    return route(req, res, path, params);
  });

  function route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    p: URLSearchParams,
  ): void {
    // The latest order with this client id (a filled order's id may be used again, as on Binance).
    const byClientId = (id: string | null) =>
      state.orders.findLast((o) => o.symbol === p.get('symbol') && o.clientOrderId === id);
    if (path === '/api/v3/order' && req.method === 'POST') {
      if (!state.canTrade)
        return send(res, 400, { code: -2010, msg: 'This action is disabled on this account.' });
      const clientOrderId = p.get('newClientOrderId') ?? `auto${state.orders.length}`;
      if (byClientId(clientOrderId)?.status === 'NEW')
        return send(res, 400, { code: -2010, msg: 'Duplicate order sent.' });
      const type = p.get('type') as FakeOrder['type'];
      const qty = p.get('quantity') ?? '0';
      if (Number(qty) * Number(p.get('price') ?? state.marketPrice) < 5)
        return send(res, 400, { code: -1013, msg: 'Filter failure: NOTIONAL' });
      const order: FakeOrder = {
        symbol: p.get('symbol') ?? '',
        orderId: state.orders.length + 1,
        clientOrderId,
        side: p.get('side') as FakeOrder['side'],
        type,
        price: type === 'LIMIT' ? (p.get('price') ?? '0') : '0.00000000',
        origQty: qty,
        executedQty: type === 'MARKET' ? qty : '0',
        cummulativeQuoteQty:
          type === 'MARKET' ? (Number(qty) * Number(state.marketPrice)).toFixed(8) : '0',
        status: type === 'MARKET' ? 'FILLED' : 'NEW',
        time: serverNow(),
      };
      state.orders.push(order);
      if (state.fault === 'drop') return void req.socket.destroy();
      if (state.fault === '503') return send(res, 503, 'Service Unavailable');
      if (state.fault === 'hang') return;
      return send(res, 200, {
        ...orderJson(order),
        transactTime: order.time,
        fills:
          order.status === 'FILLED'
            ? [
                {
                  price: state.marketPrice,
                  qty: order.origQty,
                  commission: (Number(order.origQty) * 0.001).toFixed(8),
                  commissionAsset: 'BTC',
                  tradeId: FILL_TRADE_BASE + order.orderId,
                },
              ]
            : [],
      });
    }
    if (path === '/api/v3/order' && req.method === 'DELETE') {
      const order = byClientId(p.get('origClientOrderId'));
      if (!order || order.status !== 'NEW')
        return send(res, 400, { code: -2011, msg: 'Unknown order sent.' });
      order.status = 'CANCELED';
      return send(res, 200, {
        ...orderJson(order),
        clientOrderId: 'cancel1',
        origClientOrderId: order.clientOrderId,
        transactTime: serverNow(),
      });
    }
    if (path === '/api/v3/order' && req.method === 'GET') {
      const order = byClientId(p.get('origClientOrderId'));
      if (!order) return send(res, 400, { code: -2013, msg: 'Order does not exist.' });
      return send(res, 200, { ...orderJson(order), time: order.time, updateTime: order.time });
    }
    if (path === '/api/v3/openOrders')
      return send(
        res,
        200,
        state.orders
          .filter((o) => o.status === 'NEW' && (!p.get('symbol') || o.symbol === p.get('symbol')))
          .map((o) => ({ ...orderJson(o), time: o.time, updateTime: o.time })),
      );
    if (path === '/api/v3/account')
      return send(res, 200, {
        makerCommission: 10,
        takerCommission: 10,
        canTrade: state.canTrade,
        canWithdraw: false,
        canDeposit: true,
        updateTime: serverNow(),
        accountType: 'SPOT',
        balances: [
          { asset: 'BTC', free: '1.00000000', locked: '0.00000000' },
          { asset: 'USDT', free: '10000.00000000', locked: '0.00000000' },
        ],
        permissions: ['SPOT'],
      });
    if (path === '/api/v3/myTrades') {
      const orderId = Number(p.get('orderId'));
      return send(
        res,
        200,
        state.orders
          .filter((o) => o.status === 'FILLED' && (!orderId || o.orderId === orderId))
          .map((o) => ({
            symbol: o.symbol,
            id: FILL_TRADE_BASE + o.orderId,
            orderId: o.orderId,
            orderListId: -1,
            price: state.marketPrice,
            qty: o.executedQty,
            quoteQty: o.cummulativeQuoteQty,
            commission: (Number(o.executedQty) * 0.001).toFixed(8),
            commissionAsset: 'BTC',
            time: o.time,
            isBuyer: o.side === 'BUY',
            isMaker: false,
            isBestMatch: true,
          })),
      );
    }
    send(res, 404, { code: -1000, msg: 'not here' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

function orderJson(o: FakeOrder) {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: o.price,
    origQty: o.origQty,
    executedQty: o.executedQty,
    cummulativeQuoteQty: o.cummulativeQuoteQty,
    status: o.status,
    timeInForce: 'GTC',
    type: o.type,
    side: o.side,
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}
