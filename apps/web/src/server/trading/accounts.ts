// Balances and positions per account for the orders page. The paper account's balances are its
// rows in Postgres (created with the starting balance on first use); a key's balances come from
// the exchange (signed GET /api/v3/account, cached briefly per key so the panel's refresh does not
// spend the IP's request weight). Positions are worked out by core from the account's recorded
// fills: average entry, realized P&L of closed trades, and unrealized P&L at the last price.
import type { Db } from '@coinview/db/client';
import { listExchangeKeys, loadKeyForTrading, type TradingKey } from '@coinview/db/exchange-keys';
import type { SecretBox } from '@coinview/db/secret-box';
import { listUserFills } from '@coinview/db/order-fills';
import { getOrCreatePaperAccount } from '@coinview/db/paper-accounts';
import {
  buildPosition,
  type ClosedTrade,
  type PositionFill,
  unrealizedPnl,
} from '@coinview/core/trading/positions';
import { decimalsOf } from '@coinview/core/trading/money';
import type { SymbolRules } from '@coinview/core/trading/symbol-rules';
import type { AssetBalance } from '@coinview/core/trading/order';

/** Fills read per account to rebuild its positions (a year of active manual trading). */
const MAX_POSITION_FILLS = 20_000;

export interface PositionView {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  quantity: string;
  /** Exact (18 decimals at most); shown rounded to `priceDecimals`. */
  averageEntry: string | null;
  /** Decimals of the symbol's tick size: how its prices read ("108,252.2", not 18 decimals). */
  priceDecimals: number;
  markPrice: string | null;
  unrealizedPnl: string | null;
  realizedPnl: string;
  /** Each closing (sell) order with the P&L it realised, newest first. */
  closedTrades: ClosedTrade[];
}

export interface AccountView {
  /** 'paper' or the key's id. */
  id: string;
  kind: 'paper' | 'binance';
  label: string;
  balances: AssetBalance[];
  positions: PositionView[];
  /** Why the balances could not be read (the exchange refused or did not answer). */
  error: string | null;
}

export interface AccountDeps {
  /** PAPER_STARTING_BALANCE: the paper account's balance when it is created or reset. */
  startingBalance: string;
  box: () => SecretBox;
  lastPrices: (symbols: string[]) => Promise<Map<string, string>>;
  rulesFor: (symbol: string) => Promise<SymbolRules | undefined>;
  exchangeBalances: (key: TradingKey) => Promise<AssetBalance[]>;
}

async function positions(
  deps: AccountDeps,
  db: Db,
  userId: string,
  account: { kind: 'paper' } | { kind: 'binance'; keyId: string },
): Promise<PositionView[]> {
  const fills = await listUserFills(db, userId, { account, limit: MAX_POSITION_FILLS });
  const bySymbol = new Map<string, PositionFill[]>();
  for (const f of fills) {
    const list = bySymbol.get(f.symbol) ?? [];
    list.push({
      orderId: f.orderId,
      side: f.side,
      price: f.price,
      quantity: f.quantity,
      commission: f.commission,
      commissionAsset: f.commissionAsset,
      time: f.time,
    });
    bySymbol.set(f.symbol, list);
  }
  const symbols = [...bySymbol.keys()];
  const prices = symbols.length
    ? await deps.lastPrices(symbols).catch(() => new Map<string, string>())
    : new Map<string, string>();
  const out: PositionView[] = [];
  for (const [symbol, list] of bySymbol) {
    const rules = await deps.rulesFor(symbol).catch(() => undefined);
    if (!rules) continue;
    const position = buildPosition(rules, list);
    const mark = prices.get(symbol) ?? null;
    out.push({
      symbol,
      baseAsset: rules.baseAsset,
      quoteAsset: rules.quoteAsset,
      quantity: position.quantity,
      averageEntry: position.averageEntryPrice,
      priceDecimals: decimalsOf(rules.tickSize),
      markPrice: mark,
      unrealizedPnl: mark && position.quantity !== '0' ? unrealizedPnl(position, mark) : null,
      realizedPnl: position.realizedPnl,
      closedTrades: [...position.closedTrades].reverse(),
    });
  }
  return out.sort((a, b) => a.symbol.localeCompare(b.symbol));
}

export async function listAccounts(
  deps: AccountDeps,
  db: Db,
  userId: string,
): Promise<AccountView[]> {
  const paper = await getOrCreatePaperAccount(db, userId, {
    startingBalance: deps.startingBalance,
  });
  const out: AccountView[] = [
    {
      id: 'paper',
      kind: 'paper',
      label: 'Paper account',
      balances: paper.balances,
      positions: await positions(deps, db, userId, { kind: 'paper' }),
      error: null,
    },
  ];
  for (const key of await listExchangeKeys(db, userId)) {
    let balances: AssetBalance[] = [];
    let error: string | null = null;
    try {
      const trading = await loadKeyForTrading(db, deps.box(), userId, key.id);
      if (trading) balances = await deps.exchangeBalances(trading);
    } catch (err) {
      error = err instanceof Error ? err.message : 'The exchange did not answer.';
    }
    out.push({
      id: key.id,
      kind: 'binance',
      label: `${key.label} ·${key.apiKeyLast4}`,
      balances,
      positions: await positions(deps, db, userId, { kind: 'binance', keyId: key.id }),
      error,
    });
  }
  return out;
}
