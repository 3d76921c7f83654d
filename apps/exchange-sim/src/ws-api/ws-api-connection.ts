// One WebSocket API connection: parses requests, charges their weight, answers them, and forwards
// the user data events of the accounts it subscribed to.
import type { WebSocket } from 'ws';
import { BinanceError, errors } from '../rest/binance-error';
import { describeWindow } from '../rest/weight-limiter';
import { orderRef, parseNewOrder, clientIdParam, required } from '../trading/order-params';
import { authenticate, wsSignedInput } from '../trading/signed-request';
import { cancelAnswer, orderAnswer, placementAnswer } from '../trading/sim-order';
import type { AccountEvent } from '../trading/sim-exchange';
import type { WsApiOptions } from './ws-api-server';
import { frameText } from '../ws/frame-text';

type RequestId = string | number | null;

interface Method {
  weight: number;
  run: (params: Record<string, unknown>, id: RequestId) => unknown;
  /** The answer confirms a new order: the order-answer faults apply. */
  placesOrder?: boolean;
}

const unsupported = () => new BinanceError(400, -1020, 'This operation is not supported.');

export class WsApiConnection {
  lastPong = Date.now();
  private readonly subscriptions = new Map<number, () => void>();
  private nextSubscriptionId = 0;
  private readonly lifetime: NodeJS.Timeout;
  private readonly methods: Record<string, Method>;

  constructor(
    readonly ws: WebSocket,
    private readonly ip: string,
    private readonly opts: WsApiOptions,
  ) {
    ws.on('pong', () => {
      this.lastPong = Date.now();
    });
    ws.on('error', (err) => opts.logger.debug({ err }, 'ws-api socket error'));
    ws.on('message', (data, isBinary) => {
      void this.onMessage(isBinary ? '' : frameText(data));
    });
    this.lifetime = setTimeout(
      () => ws.close(1001, 'Connection lifetime reached'),
      opts.lifetimeMs,
    );
    this.lifetime.unref();
    this.methods = this.buildMethods();
  }

  dispose(): void {
    clearTimeout(this.lifetime);
    for (const stop of this.subscriptions.values()) stop();
    this.subscriptions.clear();
  }

  private buildMethods(): Record<string, Method> {
    const { exchange, clocks } = this.opts;
    const signed = (params: Record<string, unknown>) => {
      const input = wsSignedInput(params);
      const account = authenticate(input, (k) => exchange.account(k), clocks);
      return { apiKey: account.apiKey, params: input.params };
    };
    const symbolOf = (params: ReadonlyMap<string, string>) => {
      const symbol = required(params, 'symbol');
      if (!exchange.hasSymbol(symbol)) throw errors.invalidSymbol();
      return symbol;
    };
    return {
      ping: { weight: 1, run: () => ({}) },
      time: { weight: 1, run: () => ({ serverTime: clocks.sim() }) },
      'userDataStream.subscribe.signature': {
        weight: 2,
        run: (params) => {
          const { apiKey } = signed(params);
          const subscriptionId = this.nextSubscriptionId++;
          this.subscriptions.set(
            subscriptionId,
            exchange.listen(apiKey, (event) => this.push(subscriptionId, event)),
          );
          return { subscriptionId };
        },
      },
      'userDataStream.unsubscribe': {
        weight: 2,
        run: (params) => {
          const wanted = params.subscriptionId;
          for (const [id, stop] of this.subscriptions) {
            if (wanted !== undefined && wanted !== id) continue;
            stop();
            this.subscriptions.delete(id);
          }
          return {};
        },
      },
      'session.subscriptions': {
        weight: 2,
        run: () => [...this.subscriptions.keys()].map((subscriptionId) => ({ subscriptionId })),
      },
      'order.place': {
        weight: 1,
        placesOrder: true,
        run: (params) => {
          const { apiKey, params: p } = signed(params);
          const order = parseNewOrder(p, (s) => exchange.hasSymbol(s));
          const placed = exchange.place(apiKey, order);
          return placementAnswer(placed.order, placed.fills, order.respType);
        },
      },
      'order.status': {
        weight: 4,
        run: (params) => {
          const { apiKey, params: p } = signed(params);
          return orderAnswer(exchange.get(apiKey, symbolOf(p), orderRef(p)));
        },
      },
      'order.cancel': {
        weight: 1,
        run: (params) => {
          const { apiKey, params: p } = signed(params);
          const c = exchange.cancel(
            apiKey,
            symbolOf(p),
            orderRef(p),
            clientIdParam(p, 'newClientOrderId'),
          );
          return cancelAnswer(c.order, c.cancelClientId, c.transactTime);
        },
      },
    };
  }

  private async onMessage(text: string): Promise<void> {
    // Every message costs weight, malformed ones too, so a flood meets the IP's limit.
    const verdict = this.opts.limiter.charge(this.ip, 1, Date.now());
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch {
      return this.send({
        id: null,
        status: 400,
        error: { code: -1135, msg: 'Invalid JSON Request' },
      });
    }
    const r = (typeof request === 'object' && request !== null ? request : {}) as Record<
      string,
      unknown
    >;
    const id = r.id;
    const validId =
      id === null ||
      (typeof id === 'number' && Number.isSafeInteger(id)) ||
      (typeof id === 'string' && /^[A-Za-z0-9-_]{1,36}$/.test(id));
    if (!validId || typeof r.method !== 'string')
      return this.send({
        id: validId ? id : null,
        status: 400,
        error: {
          code: -1102,
          msg: "Mandatory parameter 'id' or 'method' was not sent, was empty/null, or malformed.",
        },
      });
    const params = r.params ?? {};
    const requestId = id;
    try {
      if (typeof params !== 'object' || params === null || Array.isArray(params))
        throw errors.invalidParam('params');
      const method = this.methods[r.method];
      if (!method) throw unsupported();
      const charged =
        verdict.status === 200 && method.weight > 1
          ? this.opts.limiter.charge(this.ip, method.weight - 1, Date.now())
          : verdict;
      if (charged.status !== 200)
        throw charged.status === 418
          ? errors.banned(charged.until)
          : errors.tooMuchWeight(this.opts.limiter.limits.limit, this.windowText());
      const result = method.run(params as Record<string, unknown>, requestId);
      if (method.placesOrder) {
        const fate = this.opts.faults.orderAnswerFate();
        if (fate.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fate.delayMs));
        if (fate.action === 'drop') return this.ws.terminate();
        if (fate.action === 'error') {
          const err = errors.executionUnknown();
          return this.send({
            id: requestId,
            status: fate.errorStatus,
            error: err.toJSON(),
            rateLimits: this.rateLimits(),
          });
        }
      }
      this.send({ id: requestId, status: 200, result, rateLimits: this.rateLimits() });
    } catch (err) {
      if (!(err instanceof BinanceError)) {
        this.opts.logger.error({ err, method: r.method }, 'ws-api request failed');
        return this.send({
          id: requestId,
          status: 500,
          error: { code: -1000, msg: 'An unknown error occurred while processing the request.' },
        });
      }
      this.send({
        id: requestId,
        status: err.status,
        error: err.toJSON(),
        rateLimits: this.rateLimits(),
      });
    }
  }

  private windowText(): string {
    const w = describeWindow(this.opts.limiter.limits.windowMs);
    return `${w.intervalNum} ${w.interval}`;
  }

  private rateLimits() {
    const { limits } = this.opts.limiter;
    return [
      {
        rateLimitType: 'REQUEST_WEIGHT',
        ...describeWindow(limits.windowMs),
        limit: limits.limit,
        count: this.opts.limiter.used(this.ip, Date.now()),
      },
    ];
  }

  private push(subscriptionId: number, event: AccountEvent): void {
    this.send({ subscriptionId, event });
  }

  private send(message: unknown): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.opts.maxBufferedBytes) {
      this.opts.logger.info('dropping a WebSocket API client that does not read');
      this.ws.terminate();
      return;
    }
    this.ws.send(JSON.stringify(message));
  }
}
