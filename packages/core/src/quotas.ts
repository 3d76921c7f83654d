// How much one account may keep: enough for any trader, small enough that one account cannot fill
// the database or the worker's rule evaluation. Checked by the repositories inside the insert's
// transaction (so parallel creates cannot overshoot) and worded here, once, for every client.

export const QUOTAS = {
  /** Alert rules, whatever their status (each active one is evaluated on every bar). */
  alertRules: { limit: 100, noun: 'alerts', one: 'an alert', remedy: 'Delete one to add another.' },
  /** Saved chart layouts. */
  layouts: {
    limit: 50,
    noun: 'saved layouts',
    one: 'a layout',
    remedy: 'Delete one to add another.',
  },
  /** Binance API keys. */
  exchangeKeys: {
    limit: 10,
    noun: 'exchange keys',
    one: 'an exchange key',
    remedy: 'Delete one to add another.',
  },
  /** Orders not yet final (pending, unknown, open): each is watched by the worker. */
  openOrders: {
    limit: 200,
    noun: 'open orders',
    one: 'an order',
    remedy: 'Cancel one or wait for one to fill to place another.',
  },
} as const;

export type QuotaKind = keyof typeof QUOTAS;

/** "You have 100 alerts, the most one account can have. Delete one to add another." */
export function quotaMessage(kind: QuotaKind): string {
  const { limit, noun, remedy } = QUOTAS[kind];
  return `You have ${limit} ${noun}, the most one account can have. ${remedy}`;
}
