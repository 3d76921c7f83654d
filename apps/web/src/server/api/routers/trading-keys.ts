// trading.keys / addKey / removeKey: the user's exchange API keys. A key is saved only after the
// exchange confirmed, with a signed account request, that it can trade (refused otherwise with
// the exchange's reason); the secret is sealed (AES-256-GCM) before it reaches the database and is
// never returned: the list shows the label, where it trades and the key's last four characters.
// Merged into the trading router (trading.ts).
import { QUOTAS, quotaMessage } from '@coinview/core/quotas';
import {
  createExchangeKey,
  deleteExchangeKey,
  ExchangeKeyConflictError,
  listExchangeKeys,
} from '@coinview/db/exchange-keys';
import { QuotaExceededError } from '@coinview/db/quota';
import type { SecretBox } from '@coinview/db/secret-box';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { EXCHANGE_ENVIRONMENTS } from '~/server/trading/exchange-environments';
import { idSchema } from '~/server/trading/order-inputs';
import type { VerifyKey } from '~/server/trading/verify-key';
import { fieldError, protectedProcedure } from '../trpc';

export const addKeyInput = z.object({
  label: z.string().trim().min(1, 'Give the key a name').max(80, 'At most 80 characters'),
  environment: z.enum(EXCHANGE_ENVIRONMENTS),
  apiKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{8,128}$/, 'An API key is 8 to 128 letters and digits'),
  secret: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{8,128}$/, 'A secret key is 8 to 128 letters and digits'),
});

export interface KeyProcedureDeps {
  verifyKey: VerifyKey;
  box: () => SecretBox;
}

export function createKeyProcedures(deps: KeyProcedureDeps) {
  return {
    /** The user's keys, oldest first, masked. */
    keys: protectedProcedure.query(({ ctx }) => listExchangeKeys(ctx.db, ctx.session.user.id)),

    addKey: protectedProcedure.input(addKeyInput).mutation(async ({ ctx, input }) => {
      const userId = ctx.session.user.id;
      // Checked before the exchange is asked: a full account spends no request on a key it
      // could not keep (the repository checks again, under a lock).
      if ((await listExchangeKeys(ctx.db, userId)).length >= QUOTAS.exchangeKeys.limit)
        throw new TRPCError({ code: 'FORBIDDEN', message: quotaMessage('exchangeKeys') });
      const verified = await deps.verifyKey(input);
      if (!verified.ok)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: verified.reason,
          cause: fieldError('apiKey', verified.reason),
        });
      try {
        return await createExchangeKey(ctx.db, deps.box(), userId, {
          ...input,
          canTrade: verified.canTrade,
          permissions: verified.permissions,
        });
      } catch (err) {
        if (err instanceof ExchangeKeyConflictError)
          throw new TRPCError({
            code: 'CONFLICT',
            message: err.message,
            cause: fieldError(err.field, err.message),
          });
        if (err instanceof QuotaExceededError)
          throw new TRPCError({ code: 'FORBIDDEN', message: err.message, cause: err });
        throw err;
      }
    }),

    /** Deletes the key; its orders stay in the history. */
    removeKey: protectedProcedure
      .input(z.object({ id: idSchema }))
      .mutation(async ({ ctx, input }) => {
        if (!(await deleteExchangeKey(ctx.db, ctx.session.user.id, input.id)))
          throw new TRPCError({ code: 'NOT_FOUND', message: 'No such exchange key.' });
        return { id: input.id };
      }),
  };
}
