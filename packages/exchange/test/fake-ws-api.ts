// A loopback double of Binance's WebSocket API user data stream: it checks the signature of
// `userDataStream.subscribe.signature` (HMAC-SHA256 over the alphabetically sorted params) and the
// timestamp against its clock, pushes events to subscribers, and can drop every connection or stop
// answering pings, so the client's reconnects can be tested.
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { frameText } from '../src/ws-frame';

export interface FakeWsApi {
  url: string;
  /** Successful subscriptions so far. */
  subscriptions: number;
  /** Every request's method, in order. */
  methods: string[];
  clockSkewMs: number;
  push(event: object): void;
  /** Cut every connection (the client sees a close). */
  dropAll(): void;
  stop(): Promise<void>;
}

export async function startFakeWsApi(
  keys: { apiKey: string; apiSecret: string },
  options: { autoPong?: boolean; port?: number } = {},
): Promise<FakeWsApi> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    path: '/ws-api/v3',
    autoPong: options.autoPong ?? true,
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const subscribed = new Map<WebSocket, number>();

  const fake: FakeWsApi = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws-api/v3`,
    subscriptions: 0,
    methods: [],
    clockSkewMs: 0,
    push(event) {
      for (const [ws, subscriptionId] of subscribed)
        ws.send(JSON.stringify({ subscriptionId, event }));
    },
    dropAll() {
      for (const ws of wss.clients) ws.terminate();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };

  wss.on('connection', (ws) => {
    ws.on('close', () => subscribed.delete(ws));
    ws.on('message', (data) => {
      const req = JSON.parse(frameText(data)) as {
        id: string;
        method: string;
        params: Record<string, unknown>;
      };
      fake.methods.push(req.method);
      const answer = (status: number, body: object) =>
        ws.send(JSON.stringify({ id: req.id, status, ...body }));
      if (req.method !== 'userDataStream.subscribe.signature')
        return answer(400, { error: { code: -1020, msg: 'This operation is not supported.' } });
      const { signature, ...rest } = req.params;
      const payload = Object.keys(rest)
        .sort()
        .map((k) => `${k}=${String(rest[k])}`)
        .join('&');
      if (rest.apiKey !== keys.apiKey)
        return answer(401, {
          error: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
        });
      if (signature !== createHmac('sha256', keys.apiSecret).update(payload).digest('hex'))
        return answer(400, {
          error: { code: -1022, msg: 'Signature for this request is not valid.' },
        });
      const now = Date.now() + fake.clockSkewMs;
      const window = Number(rest.recvWindow ?? 5000);
      if (!(Number(rest.timestamp) < now + 1000 && now - Number(rest.timestamp) <= window))
        return answer(400, {
          error: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
        });
      const subscriptionId = fake.subscriptions++;
      subscribed.set(ws, subscriptionId);
      answer(200, { result: { subscriptionId } });
    });
  });
  return fake;
}
