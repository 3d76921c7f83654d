// Per-account quotas (limits and wording in @coinview/core/quotas), enforced where rows are
// inserted: the owner's User row is locked first, so two parallel creates count one after the
// other and never both slip under the limit.
import { QUOTAS, quotaMessage, type QuotaKind } from '@coinview/core/quotas';
import type { Prisma } from './client';

export class QuotaExceededError extends Error {
  constructor(readonly kind: QuotaKind) {
    super(quotaMessage(kind));
    this.name = 'QuotaExceededError';
  }

  get limit(): number {
    return QUOTAS[this.kind].limit;
  }
}

/** Serialises creates per user for the rest of the transaction (FOR NO KEY UPDATE of the User row). */
export async function lockUserRow(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR NO KEY UPDATE`;
}

/** Throws QuotaExceededError when the user already has `count` ≥ the limit of `kind`. */
export function assertUnderQuota(kind: QuotaKind, count: number): void {
  if (count >= QUOTAS[kind].limit) throw new QuotaExceededError(kind);
}
