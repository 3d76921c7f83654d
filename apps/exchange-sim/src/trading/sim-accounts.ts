// The sim's trading accounts: one per API key, each with its secret, whether it may trade, and
// per-asset balances (free and locked). Configured by SIM_ACCOUNTS (JSON, or a path to a JSON file;
// see the README); without it, the demo account of demo-keys.ts. Amounts are exact 1e-8 units
// (data/decimal.ts): Binance keeps every spot balance to eight decimals, so integers of 1e-8 are
// exactly its arithmetic, with no rounding to choose.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatUnits, toUnits } from '../data/decimal';
import { BinanceError } from '../rest/binance-error';
import { DEMO_API_KEY, DEMO_API_SECRET, DEMO_BALANCES } from './demo-keys';

const decimal = z
  .string()
  .regex(/^\d+(\.\d{1,8})?$/, 'a non-negative decimal with at most 8 decimals, e.g. "10000"');

export const accountConfigSchema = z
  .object({
    /** Binance keys are 64 letters and digits; the sim takes 1..128 of them. */
    apiKey: z.string().regex(/^[A-Za-z0-9]{1,128}$/, 'letters and digits, at most 128'),
    secret: z.string().min(1).max(256),
    /** false: the key can read but every order is refused, like a key without "Enable Spot Trading". */
    canTrade: z.boolean().default(true),
    balances: z.record(z.string().regex(/^[A-Z0-9]{1,20}$/), decimal).default({}),
  })
  .strict();
export type AccountConfig = z.input<typeof accountConfigSchema>;

export const accountsConfigSchema = z
  .array(accountConfigSchema)
  .min(1)
  .superRefine((accounts, ctx) => {
    const seen = new Set<string>();
    for (const [i, a] of accounts.entries()) {
      if (seen.has(a.apiKey))
        ctx.addIssue({ code: 'custom', path: [i, 'apiKey'], message: 'duplicate apiKey' });
      seen.add(a.apiKey);
    }
  });

/**
 * SIM_ACCOUNTS: a JSON array of accounts, inline (starting with `[`) or in the file it names.
 * Throws a message naming what is wrong.
 */
export function parseAccountsSetting(value: string): AccountConfig[] {
  const text = value.trimStart().startsWith('[') ? value : readFileSync(value, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`SIM_ACCOUNTS is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = accountsConfigSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `SIM_ACCOUNTS: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'accounts'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

export const DEMO_ACCOUNT: AccountConfig = {
  apiKey: DEMO_API_KEY,
  secret: DEMO_API_SECRET,
  canTrade: true,
  balances: { ...DEMO_BALANCES },
};

export interface Balance {
  free: bigint;
  locked: bigint;
}

export const insufficientBalance = () =>
  new BinanceError(400, -2010, 'Account has insufficient balance for requested action.');

export class SimAccount {
  readonly apiKey: string;
  readonly secret: string;
  readonly canTrade: boolean;
  private readonly balances = new Map<string, Balance>();
  /** Time of the last balance change (Binance's `updateTime` / `u`). */
  updateTime = 0;

  constructor(
    readonly uid: number,
    config: AccountConfig,
  ) {
    const parsed = accountConfigSchema.parse(config);
    this.apiKey = parsed.apiKey;
    this.secret = parsed.secret;
    this.canTrade = parsed.canTrade;
    for (const [asset, amount] of Object.entries(parsed.balances))
      this.balances.set(asset, { free: toUnits(amount), locked: 0n });
  }

  balance(asset: string): Balance {
    let b = this.balances.get(asset);
    if (!b) {
      b = { free: 0n, locked: 0n };
      this.balances.set(asset, b);
    }
    return b;
  }

  /** Moves `amount` of `asset` from free to locked, or refuses with -2010. */
  lock(asset: string, amount: bigint): void {
    const b = this.balance(asset);
    if (b.free < amount) throw insufficientBalance();
    b.free -= amount;
    b.locked += amount;
  }

  unlock(asset: string, amount: bigint): void {
    const b = this.balance(asset);
    b.locked -= amount;
    b.free += amount;
  }

  /** Every asset the account has ever held, as Binance lists them (eight decimals). */
  list(omitZero = false): { asset: string; free: string; locked: string }[] {
    return [...this.balances.entries()]
      .filter(([, b]) => !omitZero || b.free !== 0n || b.locked !== 0n)
      .map(([asset, b]) => ({ asset, free: formatUnits(b.free), locked: formatUnits(b.locked) }));
  }
}
