// Readable names of the series a rule compares, shared by the engine (the `values` of a fire) and
// by the messages (describeRule), so a fire's values and the rule's description use the same words.
import { indicatorLabel } from '../indicators/param-fields';
import type { Channel, LineOperand, Operand, PriceField } from './rule';

const PRICE_LABELS: Record<PriceField, string> = {
  open: 'Open',
  high: 'High',
  low: 'Low',
  close: 'Close',
  volume: 'Volume',
  hl2: 'HL2',
  hlc3: 'HLC3',
  ohlc4: 'OHLC4',
};

export function priceLabel(field: PriceField): string {
  return PRICE_LABELS[field];
}

/** "RSI 14", "BB 20 2 upper", "MACD 12 26 9 signal" (the main line of MACD is just "MACD 12 26 9"). */
export function indicatorOutputLabel(
  id: string,
  params: Record<string, unknown>,
  output: string,
): string {
  const base = indicatorLabel(id, params);
  return output === 'value' || output === id ? base : `${base} ${output}`;
}

/** The label of an operand in a fire's values: constants are "Value". */
export function operandLabel(op: Operand): string {
  switch (op.kind) {
    case 'price':
      return priceLabel(op.field);
    case 'indicator':
      return indicatorOutputLabel(op.id, op.params, op.output);
    case 'value':
      return 'Value';
    case 'line':
      return lineLabel(op);
  }
}

const LINE_NAMES: Record<LineOperand['line']['kind'], string> = {
  'trend-line': 'Trend line',
  ray: 'Ray',
  'extended-line': 'Extended line',
  'horizontal-line': 'Horizontal line',
  'horizontal-ray': 'Horizontal ray',
};

/** "Trend line 100 → 200", "Horizontal line 64000": the kind and the points' prices. */
export function lineLabel(op: LineOperand): string {
  return `${LINE_NAMES[op.line.kind]} ${op.line.anchors.map((a) => formatNumber(a.price)).join(' → ')}`;
}

/** How an operand reads in a sentence: constants are their number ("crosses below 30"). */
export function operandText(op: Operand): string {
  return op.kind === 'value' ? formatNumber(op.value) : operandLabel(op);
}

/** "BB 20 2", or "30 – 70" for a channel drawn between two series. */
export function channelText(channel: Channel): string {
  if (channel.kind === 'bands') return indicatorLabel(channel.id, channel.params);
  return `${operandText(channel.lower)} – ${operandText(channel.upper)}`;
}

/** Numbers as a trader reads them: no float noise (0.30000000000000004 → 0.3). */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(12)));
}
