// How amounts read in the trading UI: core's formatAmount (the exact decimal, trailing zeros
// dropped, thousands grouped: "97,310.55"), with a dash for an amount not known yet.
import {
  formatAmount as formatDecimal,
  money,
  toDecimalString,
} from '@coinview/core/trading/money';

/** `decimals` rounds (half-up) for derived figures such as an average or a P&L. */
export function formatAmount(value: string | null | undefined, decimals?: number): string {
  if (value === null || value === undefined || value === '') return '—';
  try {
    return formatDecimal(value, decimals);
  } catch {
    return value;
  }
}

/** "0.00012 BTC" */
export function withAsset(value: string | null | undefined, asset: string | null | undefined) {
  const amount = formatAmount(value);
  return amount === '—' || !asset ? amount : `${amount} ${asset}`;
}

/** An exchange decimal as a trader types it: "107673.97000000" → "107673.97" (no grouping). */
export function plainAmount(value: string | null | undefined): string {
  if (!value) return '';
  try {
    return toDecimalString(money(value));
  } catch {
    return value;
  }
}
