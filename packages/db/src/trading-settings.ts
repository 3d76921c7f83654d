// A user's safety settings for automatic orders: the kill switch (stops every alert order at once)
// and the daily limits (orders and notional; null = no limit). Read by the order executor before
// it places an alert's order (@coinview/core/trading/trading-limits words the refusal).
import type { Db } from './client';

export interface TradingSettingsView {
  killSwitch: boolean;
  maxOrdersPerDay: number | null;
  /** In the quote asset (USDT), decimal string. */
  maxNotionalPerDay: string | null;
}

export const DEFAULT_TRADING_SETTINGS: TradingSettingsView = {
  killSwitch: false,
  maxOrdersPerDay: null,
  maxNotionalPerDay: null,
};

/** The user's settings; the defaults until the user changes one. */
export async function getTradingSettings(db: Db, userId: string): Promise<TradingSettingsView> {
  const row = await db.tradingSettings.findUnique({ where: { userId } });
  if (!row) return { ...DEFAULT_TRADING_SETTINGS };
  return {
    killSwitch: row.killSwitch,
    maxOrdersPerDay: row.maxOrdersPerDay,
    maxNotionalPerDay: row.maxNotionalPerDay?.toFixed() ?? null,
  };
}

/** Many users' settings in one query (the defaults for users who never changed one). */
export async function getTradingSettingsMany(
  db: Db,
  userIds: readonly string[],
): Promise<Map<string, TradingSettingsView>> {
  const rows = await db.tradingSettings.findMany({ where: { userId: { in: [...userIds] } } });
  const settings = new Map<string, TradingSettingsView>();
  for (const id of userIds) settings.set(id, { ...DEFAULT_TRADING_SETTINGS });
  for (const row of rows)
    settings.set(row.userId, {
      killSwitch: row.killSwitch,
      maxOrdersPerDay: row.maxOrdersPerDay,
      maxNotionalPerDay: row.maxNotionalPerDay?.toFixed() ?? null,
    });
  return settings;
}

/** Changes the given settings (others keep their value) and returns them all. */
export async function updateTradingSettings(
  db: Db,
  userId: string,
  change: Partial<TradingSettingsView>,
): Promise<TradingSettingsView> {
  const data = {
    ...(change.killSwitch !== undefined ? { killSwitch: change.killSwitch } : {}),
    ...(change.maxOrdersPerDay !== undefined ? { maxOrdersPerDay: change.maxOrdersPerDay } : {}),
    ...(change.maxNotionalPerDay !== undefined
      ? { maxNotionalPerDay: change.maxNotionalPerDay }
      : {}),
  };
  await db.tradingSettings.upsert({
    where: { userId },
    create: { userId, ...data },
    update: data,
  });
  return getTradingSettings(db, userId);
}

export function setKillSwitch(db: Db, userId: string, on: boolean): Promise<TradingSettingsView> {
  return updateTradingSettings(db, userId, { killSwitch: on });
}
