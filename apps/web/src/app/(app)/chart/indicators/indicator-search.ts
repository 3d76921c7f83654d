// What the indicator picker lists and how its search box matches: the catalogue grouped the way a
// trader thinks of it (on price, own pane, patterns), and a word-prefix search over the name, the
// short label, the description and the words traders actually type ("moving average", "bands").
import {
  INDICATOR_IDS,
  INDICATORS,
  type IndicatorId,
  type Placement,
} from '@coinview/core/indicators';
import { indicatorLabel } from '@coinview/core/indicators/param-fields';

export interface PickerEntry {
  id: IndicatorId;
  name: string;
  /** The label the chart legend uses without numbers: "RSI", "BB", "MACD". */
  short: string;
  description: string;
  placement: Placement;
}

export interface PickerGroup {
  placement: Placement;
  heading: string;
  entries: PickerEntry[];
}

const HEADINGS: Record<Placement, string> = {
  overlay: 'Moving averages & bands (on price)',
  pane: 'Oscillators (own pane)',
  markers: 'Candlestick patterns',
};

// Words a trader may search for that the catalogue's name and description do not contain.
const EXTRA_WORDS: Partial<Record<IndicatorId, string>> = {
  sma: 'MA trend',
  ema: 'MA trend',
  wma: 'MA trend',
  vwap: 'volume intraday average',
  bb: 'bands volatility BBands envelope',
  keltner: 'bands channel volatility envelope',
  ichimoku: 'kinko hyo trend',
  psar: 'stop trailing trend',
  rsi: 'momentum overbought oversold',
  macd: 'moving average convergence divergence momentum histogram',
  stoch: 'stochastic oscillator momentum overbought oversold %K %D',
  stochrsi: 'momentum overbought oversold',
  atr: 'volatility range',
  adx: 'directional movement trend strength DMI DI',
  cci: 'momentum overbought oversold',
  obv: 'volume',
  mfi: 'volume money overbought oversold',
  willr: 'williams percent range momentum overbought oversold',
  patterns: 'candle candlestick engulfing hammer doji star harami shooting',
};

function shortName(id: IndicatorId): string {
  // The label of an instance with no numeric params is the short name itself.
  return indicatorLabel(id, {}).replace(/(\s[\d.]+)+$/, '');
}

export const PICKER_ENTRIES: readonly PickerEntry[] = INDICATOR_IDS.map((id) => ({
  id,
  name: INDICATORS[id].name,
  short: shortName(id),
  description: INDICATORS[id].description,
  placement: INDICATORS[id].placement,
}));

export const PICKER_GROUPS: readonly PickerGroup[] = (['overlay', 'pane', 'markers'] as const).map(
  (placement) => ({
    placement,
    heading: HEADINGS[placement],
    entries: PICKER_ENTRIES.filter((e) => e.placement === placement),
  }),
);

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9%+]+/)
    .filter(Boolean);

interface Haystack {
  short: string;
  nameWords: string[];
  allWords: string[];
}

const HAYSTACKS = new Map<string, Haystack>(
  PICKER_ENTRIES.map((e) => [
    e.id,
    {
      short: e.short.toLowerCase(),
      nameWords: words(e.name),
      allWords: words(`${e.id} ${e.short} ${e.name} ${e.description} ${EXTRA_WORDS[e.id] ?? ''}`),
    },
  ]),
);

/**
 * How well `query` matches an indicator, 0 for no match (cmdk's filter contract: higher sorts
 * first). Every query word must start some word of the entry; matches on the short label and the
 * name rank above matches found only in the description.
 */
export function scoreIndicator(id: string, query: string): number {
  const hay = HAYSTACKS.get(id);
  if (!hay) return 0;
  const q = query.trim().toLowerCase();
  if (!q) return 1;
  const terms = words(q);
  if (terms.length === 0) return 0;
  if (!terms.every((t) => hay.allWords.some((w) => w.startsWith(t)))) return 0;
  if (q === hay.short || q === id) return 1;
  const inName = terms.filter((t) => hay.nameWords.some((w) => w.startsWith(t))).length;
  if (hay.short.startsWith(q)) return 0.9;
  return 0.3 + 0.5 * (inName / terms.length);
}

/** The entries a query finds, best first (what the picker shows, without its grouping). */
export function searchIndicators(query: string): PickerEntry[] {
  return PICKER_ENTRIES.map((e) => ({ e, score: scoreIndicator(e.id, query) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((x) => x.e);
}
