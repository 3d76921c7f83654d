// The signed-in user's trading accounts and safety settings: the paper account (balances,
// positions, reset with a typed confirmation), exchange keys (added only after the exchange
// confirms with a signed request that the key can trade; listed masked to their last four
// characters; the secret never leaves the server), the kill switch for automatic orders and the
// daily limits. Scoped to ctx.session.user.id; another user's key answers NOT_FOUND.
import { resetPaperAccount } from '@coinview/db/paper-accounts';
import { getTradingSettings, updateTradingSettings } from '@coinview/db/trading-settings';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { env } from '~/env';
import { getSymbolDirectory, getTickerCache } from '~/server/market/market-data';
import { exchangeBalances } from '~/server/trading/exchange-balances';
import { getSecretBox } from '~/server/trading/secret-box';
import { listAccounts, type AccountDeps } from '~/server/trading/accounts';
import { positiveDecimal } from '~/server/trading/order-inputs';
import { createKeyVerifier } from '~/server/trading/verify-key';
import { createKeyProcedures, type KeyProcedureDeps } from './trading-keys';
import { createTRPCRouter, fieldError, protectedProcedure } from '../trpc';

/** What the user types to reset the paper account. */
export const RESET_CONFIRMATION = 'RESET';

export const tradingSettingsInput = z.object({
  killSwitch: z.boolean().optional(),
  maxOrdersPerDay: z.number().int().min(1).max(100_000).nullable().optional(),
  maxNotionalPerDay: positiveDecimal.nullable().optional(),
});

export interface TradingRouterDeps extends AccountDeps, KeyProcedureDeps {}

export function createTradingRouter(deps: TradingRouterDeps) {
  return createTRPCRouter({
    ...createKeyProcedures(deps),

    /** Balances and positions of the paper account and of each key. */
    accounts: protectedProcedure.query(({ ctx }) =>
      listAccounts(deps, ctx.db, ctx.session.user.id),
    ),

    resetPaper: protectedProcedure
      .input(
        z.object({
          confirm: z.string().max(20),
          startingBalance: positiveDecimal.optional(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        if (input.confirm !== RESET_CONFIRMATION)
          throw new TRPCError({
            code: 'BAD_REQUEST',
            message: `Type ${RESET_CONFIRMATION} to reset the paper account.`,
            cause: fieldError('confirm', `Type ${RESET_CONFIRMATION} to confirm`),
          });
        const { canceledOrderIds } = await resetPaperAccount(ctx.db, ctx.session.user.id, {
          startingBalance: input.startingBalance ?? deps.startingBalance,
        });
        return { canceledOrders: canceledOrderIds.length };
      }),

    settings: protectedProcedure.query(({ ctx }) =>
      getTradingSettings(ctx.db, ctx.session.user.id),
    ),

    updateSettings: protectedProcedure
      .input(tradingSettingsInput)
      .mutation(({ ctx, input }) => updateTradingSettings(ctx.db, ctx.session.user.id, input)),
  });
}

export const tradingRouter = createTradingRouter({
  verifyKey: createKeyVerifier(),
  startingBalance: env.PAPER_STARTING_BALANCE,
  box: getSecretBox,
  rulesFor: (symbol) => getSymbolDirectory().rules(symbol),
  lastPrices: async (symbols) =>
    new Map((await getTickerCache().ticker24h(symbols)).map((t) => [t.symbol, t.lastPrice])),
  exchangeBalances,
});
