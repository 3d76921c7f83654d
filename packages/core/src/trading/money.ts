// Money arithmetic for trading. Every price, quantity, balance and fee is a decimal string (Binance's
// own format, Postgres `numeric` in the database) and is computed with decimal.js, never with
// JavaScript numbers: 0.1 + 0.2 must be 0.3 on a balance. decimal.js because Prisma's `Decimal` is
// decimal.js too (one library from the exchange to the database), it is arbitrary-precision, has
// exact `toNearest` with a rounding mode (step and tick rounding), and is small and pure.
//
// `Money` is a private clone of the library with 60 significant digits: a numeric(38,18) balance
// has at most 38, and a product of two of them (price × quantity) stays exact. Its default rounding
// is half-even; the step and tick helpers below always name their direction explicitly.
import DecimalJs from 'decimal.js';

export const Money = DecimalJs.clone({
  precision: 60,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -60,
  toExpPos: 60,
});
export type Money = DecimalJs;

/** Decimals kept in stored amounts (Postgres numeric(38,18)). */
export const STORED_DECIMALS = 18;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** A decimal string ("97310.55", "-0.001") as Money; throws on anything else (no exponents, NaN, ''). */
export function money(value: string | Money): Money {
  if (typeof value !== 'string') return new Money(value);
  if (!DECIMAL_TEXT.test(value)) throw new Error(`not a decimal number: ${JSON.stringify(value)}`);
  return new Money(value);
}

/** What a trader typed ("1,250.5", " 0.01 ") as Money, or null when it is not a number. */
export function parseAmount(text: string): Money | null {
  const cleaned = text.trim().replace(/,/g, '');
  if (!DECIMAL_TEXT.test(cleaned)) return null;
  return new Money(cleaned);
}

/**
 * Money as a plain decimal string without exponent and without trailing zeros ("0.00001", "5",
 * "-12.3"), at most STORED_DECIMALS decimals (rounded half-even beyond, which only a division can
 * produce).
 */
export function toDecimalString(value: Money): string {
  const d =
    value.decimalPlaces() > STORED_DECIMALS ? value.toDecimalPlaces(STORED_DECIMALS) : value;
  const text = d.toFixed();
  return text === '-0' ? '0' : text;
}

/** Binance's "0.01000000" → 2: how many decimals a tick or step allows (0 for "1.00000000"). */
export function decimalsOf(step: string | Money): number {
  return money(step).decimalPlaces();
}

/** Largest multiple of `step` ≤ `value` (towards zero for positive values); `step` 0 means no step. */
export function floorToStep(value: Money, step: string | Money): Money {
  const s = money(step);
  if (s.isZero()) return value;
  return value.toNearest(s, Money.ROUND_FLOOR);
}

/** Smallest multiple of `step` ≥ `value`; `step` 0 means no step. */
export function ceilToStep(value: Money, step: string | Money): Money {
  const s = money(step);
  if (s.isZero()) return value;
  return value.toNearest(s, Money.ROUND_CEIL);
}

/**
 * How a trader reads an amount: thousands separators, trailing zeros dropped, exact (no float on
 * the way): "97310.55000000" → "97,310.55", "0.00004000" → "0.00004", "9000000" → "9,000,000".
 * `decimals` rounds (half-up) to that many places first, for estimates shown in the UI.
 */
export function formatAmount(value: string | Money, decimals?: number): string {
  let d = money(value);
  if (decimals !== undefined) d = d.toDecimalPlaces(decimals, Money.ROUND_HALF_UP);
  const [int = '0', frac] = toDecimalString(d).split('.');
  const negative = int.startsWith('-');
  const digits = negative ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** Sum of decimal strings, exact. */
export function sumAmounts(values: Iterable<string | Money>): Money {
  let total = new Money(0);
  for (const v of values) total = total.plus(money(v));
  return total;
}
