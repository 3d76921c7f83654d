// Exact decimal arithmetic for prices and quantities. Binance formats every spot price and
// quantity with eight decimals, so an integer count of 1e-8 represents all of them exactly and makes
// sums (aggregated volumes) and comparisons (highs, lows) exact without a decimal library.

export const DECIMALS = 8;
const ONE = 10n ** BigInt(DECIMALS);

/** "112731.29" → 11273129000000n */
export function toUnits(value: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) throw new Error(`not a decimal number: "${value}"`);
  const fraction = match[3] ?? '';
  if (fraction.length > DECIMALS) throw new Error(`more than ${DECIMALS} decimals: "${value}"`);
  const units = BigInt(match[2]!) * ONE + BigInt(fraction.padEnd(DECIMALS, '0'));
  return match[1] ? -units : units;
}

/** 11273129000000n → "112731.29000000", the way Binance prints decimals. */
export function formatUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const fraction = (abs % ONE).toString().padStart(DECIMALS, '0');
  return `${negative ? '-' : ''}${abs / ONE}.${fraction}`;
}

/** Number of significant decimals written in `value` ("0.10" → 2, "5" → 0). */
export function decimalsOf(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

/** The unit step of a grid with `decimals` decimals, in 1e-8 units (2 → 1000000n). */
export function stepOf(decimals: number): bigint {
  return 10n ** BigInt(DECIMALS - Math.min(decimals, DECIMALS));
}

/** Rounds to the nearest multiple of `step` (halves away from zero; inputs here are non-negative). */
export function roundToStep(units: bigint, step: bigint): bigint {
  return ((units + step / 2n) / step) * step;
}

/** Rounds down to a multiple of `step`. */
export function floorToStep(units: bigint, step: bigint): bigint {
  return (units / step) * step;
}

export function maxUnits(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

export function minUnits(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** Like formatUnits for a whole number of units held in a float64 (exact below 2^53). */
export function formatUnitNumber(units: number): string {
  const whole = Math.floor(units / 1e8);
  return `${whole}.${String(units - whole * 1e8).padStart(DECIMALS, '0')}`;
}

/** `units` with `decimals` decimals, rounded half away from zero ("-0.317"). */
export function formatRounded(units: bigint, decimals: number): string {
  const step = stepOf(decimals);
  const negative = units < 0n;
  const rounded = roundToStep(negative ? -units : units, step);
  const text = formatUnits(rounded).slice(0, decimals === 0 ? -DECIMALS - 1 : decimals - DECIMALS);
  return negative && rounded !== 0n ? `-${text}` : text;
}
