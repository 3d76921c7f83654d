// How much one account may keep: enough for any trader, small enough that one account cannot fill
// the database or the worker's rule evaluation. Checked by the repositories inside the insert's
// transaction (so parallel creates cannot overshoot) and worded here, once, for every client.

export const QUOTAS = {
  /** Alert rules, whatever their status (each active one is evaluated on every bar). */
  alertRules: { limit: 100, noun: 'alerts', one: 'an alert' },
  /** Saved chart layouts. */
  layouts: { limit: 50, noun: 'saved layouts', one: 'a layout' },
} as const;

export type QuotaKind = keyof typeof QUOTAS;

/** "You have 100 alerts, the most one account can have. Delete one to add another." */
export function quotaMessage(kind: QuotaKind): string {
  const { limit, noun } = QUOTAS[kind];
  return `You have ${limit} ${noun}, the most one account can have. Delete one to add another.`;
}
