// The stream payloads capture turns into CSV rows (web-socket-streams.md), validated with zod.
import { decimalString } from '@coinview/core/candle';
import { z } from 'zod';

export const tradeEventSchema = z.object({
  e: z.literal('trade'),
  E: z.number().int(),
  s: z.string(),
  t: z.number().int(),
  p: decimalString,
  q: decimalString,
  T: z.number().int(),
  m: z.boolean(),
  M: z.boolean().optional(),
});

export const aggTradeEventSchema = z.object({
  e: z.literal('aggTrade'),
  E: z.number().int(),
  s: z.string(),
  a: z.number().int(),
  p: decimalString,
  q: decimalString,
  f: z.number().int(),
  l: z.number().int(),
  T: z.number().int(),
  m: z.boolean(),
  M: z.boolean().optional(),
});

export type TradeEvent = z.infer<typeof tradeEventSchema>;
export type AggTradeEvent = z.infer<typeof aggTradeEventSchema>;

/** Exact product of two decimal strings (for a trade's quote quantity), trailing zeros trimmed. */
export function multiplyDecimals(a: string, b: string): string {
  const split = (x: string) => {
    const negative = x.startsWith('-');
    const [int = '0', frac = ''] = (negative ? x.slice(1) : x).split('.');
    return { digits: BigInt(int + frac), scale: frac.length, negative };
  };
  const x = split(a);
  const y = split(b);
  const scale = x.scale + y.scale;
  const product = (x.digits * y.digits).toString().padStart(scale + 1, '0');
  let int = product.slice(0, product.length - scale);
  const frac = scale > 0 ? product.slice(product.length - scale).replace(/0+$/, '') : '';
  int = int.replace(/^0+(?=\d)/, '');
  const sign = x.negative !== y.negative && /[1-9]/.test(int + frac) ? '-' : '';
  return `${sign}${int}${frac ? `.${frac}` : ''}`;
}
