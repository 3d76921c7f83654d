// What the drawing settings dialog edits, as text fields the trader types into, and the drawing
// those fields make — checked by core's drawingSchema, whose messages (worded for traders) are
// shown beside the field they are about. Pure, so the rules are tested without a dialog.
import {
  DEFAULT_FIB_LEVELS,
  drawingSchema,
  type Drawing,
  type LineDash,
} from '@coinview/core/drawings';

/** Levels a Fibonacci retracement offers to switch on besides its own, as TradingView does. */
export const OFFERED_FIB_LEVELS: readonly number[] = [
  ...DEFAULT_FIB_LEVELS,
  1.618,
  2.618,
  3.618,
  4.236,
];

export interface FibLevelRow {
  /** Stable across edits (React key, focus). */
  key: number;
  value: string;
  on: boolean;
}

export interface SettingsDraft {
  color: string;
  width: number;
  dash: LineDash;
  /** The label, or a note's text. */
  text: string;
  locked: boolean;
  levels: FibLevelRow[];
  entry: string;
  stop: string;
  target: string;
  /** Empty: no quantity (the stats are per unit). */
  quantity: string;
}

/** Where an error is shown: a field of the draft, a level's row, or the levels as a whole. */
export type SettingsErrors = Partial<
  Record<
    'color' | 'width' | 'dash' | 'text' | 'levels' | 'entry' | 'stop' | 'target' | 'quantity',
    string
  >
> & { level?: Record<number, string>; other?: string };

let rowKeys = 0;
export const newLevelRow = (value = '', on = true): FibLevelRow => ({
  key: ++rowKeys,
  value,
  on,
});

export function draftOf(d: Drawing): SettingsDraft {
  const levels =
    d.kind === 'fib-retracement'
      ? [...new Set([...OFFERED_FIB_LEVELS, ...d.levels])]
          .sort((a, b) => a - b)
          .map((level) => newLevelRow(String(level), d.levels.includes(level)))
      : [];
  const position = d.kind === 'long-position' || d.kind === 'short-position' ? d : null;
  return {
    color: d.style.color,
    width: d.style.width,
    dash: d.style.dash,
    text: d.kind === 'text' ? d.text : (d.style.label ?? ''),
    locked: d.locked,
    levels,
    entry: position ? String(position.anchors[0].price) : '',
    stop: position ? String(position.stop) : '',
    target: position ? String(position.target) : '',
    quantity: position?.quantity === undefined ? '' : String(position.quantity),
  };
}

/** A typed number: "0,5" reads as 0.5; an empty field is not a number (NaN), never zero. */
export function parseNumber(text: string): number {
  const t = text.trim().replace(',', '.');
  return t === '' ? NaN : Number(t);
}

/**
 * The drawing the draft makes (valid or not) and the errors to show, keyed by field; `drawing`
 * is null while there are errors.
 */
export function applyDraft(
  d: Drawing,
  draft: SettingsDraft,
): { drawing: Drawing | null; errors: SettingsErrors } {
  const { label: _label, ...styleWithoutLabel } = d.style;
  const labelled = d.kind !== 'text' && draft.text !== '';
  const candidate: Record<string, unknown> = {
    ...d,
    style: {
      ...styleWithoutLabel,
      color: draft.color,
      width: draft.width,
      dash: draft.dash,
      ...(labelled && { label: draft.text }),
    },
    locked: draft.locked,
  };
  // Which row each of the candidate's levels came from, to put a level's error on its row.
  const levelRows = draft.levels.filter((row) => row.on);
  if (d.kind === 'text') candidate.text = draft.text;
  if (d.kind === 'fib-retracement') candidate.levels = levelRows.map((r) => parseNumber(r.value));
  if (d.kind === 'long-position' || d.kind === 'short-position') {
    candidate.anchors = [{ ...d.anchors[0], price: parseNumber(draft.entry) }];
    candidate.stop = parseNumber(draft.stop);
    candidate.target = parseNumber(draft.target);
    const { quantity: _quantity, ...rest } = candidate;
    const quantity = draft.quantity.trim() === '' ? undefined : parseNumber(draft.quantity);
    return check(d, quantity === undefined ? rest : { ...rest, quantity }, levelRows);
  }
  return check(d, candidate, levelRows);
}

function check(d: Drawing, candidate: object, levelRows: readonly FibLevelRow[]) {
  const parsed = drawingSchema.safeParse(candidate);
  if (parsed.success) return { drawing: parsed.data, errors: {} };
  const errors: SettingsErrors = {};
  for (const issue of parsed.error.issues) {
    const [first, second, third] = issue.path;
    const at = (key: Exclude<keyof SettingsErrors, 'level'>) => {
      errors[key] ??= issue.message;
    };
    if (first === 'style' && (second === 'color' || second === 'width' || second === 'dash'))
      at(second);
    else if (first === 'style' && second === 'label') at('text');
    else if (first === 'text') at('text');
    else if (first === 'levels' && typeof second === 'number') {
      const row = levelRows[second];
      if (row) (errors.level ??= {})[row.key] ??= issue.message;
    } else if (first === 'levels') at('levels');
    else if (first === 'anchors' && d.anchors.length === 1 && third === 'price') at('entry');
    else if (first === 'stop' || first === 'target' || first === 'quantity') at(first);
    else at('other');
  }
  return { drawing: null, errors };
}
