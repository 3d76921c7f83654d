// Which broker an order goes to: the user's paper account, or the Binance key the order names
// (its secret decrypted here, and only here, with @coinview/db/exchange-keys' loadKeyForTrading).
// One BinanceBroker per key is kept, so its server-time offset and weight budget carry over from
// order to order; the executor, the reconciliation and the user streams never see which it is.
import type { Broker } from '@coinview/core/trading/broker';
import type { Db } from '@coinview/db/client';
import {
  type TradingKey,
  loadKeyForTrading,
  loadKeysForTrading,
  tradingKeyRef,
} from '@coinview/db/exchange-keys';
import type { SecretBox } from '@coinview/db/secret-box';
import {
  type BinanceBroker,
  binanceEndpoints,
  createBinanceBroker,
} from '@coinview/exchange/binance-broker';
import type { UserDataStreamOptions } from '@coinview/exchange/user-stream';

/** Binance refuses a request that reaches it later than this after its timestamp. */
export const RECV_WINDOW_MS = 5000;

export type OrderAccount = { kind: 'paper' } | { kind: 'binance'; keyId: string };

/** The order cannot go anywhere (its key was deleted or cannot be decrypted): refuse it. */
export class NoBrokerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoBrokerError';
  }
}

export interface BrokerRegistry {
  forAccount(userId: string, account: OrderAccount): Promise<Broker>;
  /**
   * Many at once (a batch of orders; the keys in one query), keyed by `accountRef`: the broker,
   * or the NoBrokerError forAccount would have thrown. Optional: without it, forAccount per order.
   */
  forAccounts?(
    refs: readonly { userId: string; account: OrderAccount }[],
  ): Promise<Map<string, Broker | NoBrokerError>>;
}

/** The key of forAccounts' map. */
export const accountRef = (userId: string, account: OrderAccount) =>
  `${userId}:${account.kind === 'paper' ? 'paper' : account.keyId}`;

/** What a key's user data stream needs: where to connect, the key, the exchange's clock. */
export type UserStreamConfig = Pick<UserDataStreamOptions, 'wsApiUrl' | 'credentials' | 'clock'>;

export interface UserStreamKeys {
  /** Throws NoBrokerError when the key is gone or cannot be read. */
  userStreamConfig(userId: string, keyId: string): Promise<UserStreamConfig>;
}

export interface BrokersOptions {
  db: Db;
  /** Opens exchange key secrets (EXCHANGE_KEY_SECRET); unset: Binance keys cannot trade. */
  secretBox?: SecretBox;
  /** exchange-sim's REST base, for keys whose environment is `sim`. */
  simRestUrl: string;
  paper: (userId: string) => Broker;
  /** Per-request timeout of the Binance REST calls (default 10 s). */
  timeoutMs?: number;
}

export class Brokers implements BrokerRegistry, UserStreamKeys {
  private readonly binance = new Map<string, { apiKey: string; broker: BinanceBroker }>();

  constructor(private readonly opts: BrokersOptions) {}

  async forAccount(userId: string, account: OrderAccount): Promise<Broker> {
    if (account.kind === 'paper') return this.opts.paper(userId);
    return (await this.binanceFor(userId, account.keyId)).broker;
  }

  async forAccounts(
    refs: readonly { userId: string; account: OrderAccount }[],
  ): Promise<Map<string, Broker | NoBrokerError>> {
    const brokers = new Map<string, Broker | NoBrokerError>();
    const binance: { userId: string; keyId: string }[] = [];
    for (const { userId, account } of refs)
      if (account.kind === 'paper')
        brokers.set(accountRef(userId, account), this.opts.paper(userId));
      else binance.push({ userId, keyId: account.keyId });
    if (binance.length === 0) return brokers;
    if (!this.opts.secretBox) {
      for (const { userId, keyId } of binance)
        brokers.set(
          accountRef(userId, { kind: 'binance', keyId }),
          new NoBrokerError('Trading with exchange keys is not configured on this server.'),
        );
      return brokers;
    }
    const keys = await loadKeysForTrading(this.opts.db, this.opts.secretBox, binance);
    for (const { userId, keyId } of binance) {
      const key = keys.get(tradingKeyRef(userId, keyId));
      brokers.set(
        accountRef(userId, { kind: 'binance', keyId }),
        key instanceof Error
          ? new NoBrokerError('The exchange key cannot be read on this server; add it again.')
          : !key
            ? new NoBrokerError('The exchange key of this order was deleted.')
            : this.brokerOf(key),
      );
    }
    return brokers;
  }

  /** The key's stream settings; its clock is its broker's, so both share one server-time offset. */
  async userStreamConfig(userId: string, keyId: string): Promise<UserStreamConfig> {
    const { key, broker } = await this.binanceFor(userId, keyId);
    return {
      wsApiUrl: binanceEndpoints(key.environment, this.opts.simRestUrl).wsApiUrl,
      credentials: { apiKey: key.apiKey, apiSecret: key.secret },
      clock: broker.client.clock,
    };
  }

  private async binanceFor(userId: string, keyId: string) {
    if (!this.opts.secretBox)
      throw new NoBrokerError('Trading with exchange keys is not configured on this server.');
    let key;
    try {
      key = await loadKeyForTrading(this.opts.db, this.opts.secretBox, userId, keyId);
    } catch {
      // Never the error itself: it may describe the secret.
      throw new NoBrokerError('The exchange key cannot be read on this server; add it again.');
    }
    if (!key) throw new NoBrokerError('The exchange key of this order was deleted.');
    return { key, broker: this.brokerOf(key) };
  }

  /** The key's broker, kept while the key's api key stays the same. */
  private brokerOf(key: TradingKey): BinanceBroker {
    const cached = this.binance.get(key.id);
    if (cached && cached.apiKey === key.apiKey) return cached.broker;
    const broker = createBinanceBroker({
      environment: key.environment,
      credentials: { apiKey: key.apiKey, apiSecret: key.secret },
      simRestUrl: this.opts.simRestUrl,
      recvWindow: RECV_WINDOW_MS,
      transport: { timeoutMs: this.opts.timeoutMs ?? 10_000 },
    });
    this.binance.set(key.id, { apiKey: key.apiKey, broker });
    return broker;
  }
}
