// Display formatting for the watchlist: prices keep the exchange's decimal string exact (no float
// rounding of the digits shown), with thousands separators and the symbol's price precision.
import { formatChange as formatBarChange } from '@coinview/ui/bars';

/** "112731.29000000" with precision 2 → "112,731.29"; "0.5" with 4 → "0.5000". */
export function formatPrice(value: string | undefined, precision: number): string {
  if (value === undefined || !/^-?\d+(\.\d+)?$/.test(value)) return '—';
  const negative = value.startsWith('-');
  const [intPart = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const digits = Math.max(0, Math.min(16, precision));
  // Prices sit on the tick grid, so cutting the trailing zeros never drops a significant digit;
  // for a coarser precision than the data, round half up on the string via BigInt.
  let whole = BigInt(intPart);
  let frac = fraction.padEnd(digits, '0').slice(0, digits);
  if (fraction.length > digits && Number(fraction[digits]) >= 5) {
    const scaled = BigInt(`${whole}${frac}`) + 1n;
    const text = scaled.toString().padStart(digits + 1, '0');
    whole = BigInt(text.slice(0, text.length - digits) || '0');
    frac = digits > 0 ? text.slice(text.length - digits) : '';
  }
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${digits > 0 ? `.${frac}` : ''}`;
}

/** +1.23% / −0.45% / 0.00%: the chart's change format, with a real minus sign (a table column). */
export function formatChange(percent: number | undefined): string {
  return formatBarChange(percent).replace('-', '\u2212');
}

export type Direction = 'up' | 'down' | 'flat';

export function directionOf(percent: number | undefined): Direction {
  if (percent === undefined || Math.abs(percent) < 0.005) return 'flat';
  return percent > 0 ? 'up' : 'down';
}
