// The indicator settings dialog's model, kept out of the component so it can be tested: what the
// user has typed (number fields stay raw text so "1." or "" can be on screen while typing), how
// it is checked against the catalogue's zod schema, and the patch it becomes once valid.
import { INDICATORS, indicatorIdSchema, type CatalogEntry } from '@coinview/core/indicators';
import {
  defaultParams,
  paramFields,
  type ParamField,
} from '@coinview/core/indicators/param-fields';
import type { LayoutIndicator } from '@coinview/core/layout';
import { colourSchema, MAX_LAYOUT_NAME_LENGTH } from '@coinview/core/layout';
import { defaultColors, type IndicatorPatch } from '@coinview/core/layout-edit';

export type DraftInput = string | boolean;

export interface SettingsDraft {
  /** Per parameter: raw text for numbers and choices, a boolean for checkboxes. */
  inputs: Record<string, DraftInput>;
  colors: Record<string, string>;
  visible: boolean;
  name: string;
}

export interface DraftCheck {
  /** The first message per parameter key (and `name`); empty when valid. */
  errors: Record<string, string>;
  /** A message that belongs to no single field. */
  formError?: string;
  /** The patch to apply, present only when the whole draft is valid. */
  patch?: Required<Pick<IndicatorPatch, 'params' | 'colors' | 'visible'>> & {
    name: string | null;
  };
}

function entryOf(id: string): CatalogEntry {
  return INDICATORS[indicatorIdSchema.parse(id)];
}

function inputOf(field: ParamField, value: unknown): DraftInput {
  if (field.kind === 'boolean') return typeof value === 'boolean' ? value : field.default;
  return String(typeof value === 'number' || typeof value === 'string' ? value : field.default);
}

export function draftFromIndicator(indicator: LayoutIndicator): SettingsDraft {
  return {
    inputs: Object.fromEntries(
      paramFields(indicator.id).map((f) => [f.key, inputOf(f, indicator.params[f.key])]),
    ),
    colors: { ...defaultColors(indicator.id), ...indicator.colors },
    visible: indicator.visible,
    name: indicator.name ?? '',
  };
}

/** "Defaults": the catalogue's params and colours; visibility and the custom name are kept. */
export function draftDefaults(id: string, current: SettingsDraft): SettingsDraft {
  const params = defaultParams(id);
  return {
    ...current,
    inputs: Object.fromEntries(paramFields(id).map((f) => [f.key, inputOf(f, params[f.key])])),
    colors: defaultColors(id),
  };
}

/**
 * Text to number the way a trader types it: "0,5" is 0.5; "" and "12abc" are not numbers (NaN,
 * which the schema reports as "Period must be a number").
 */
export function parseNumberInput(raw: string): number {
  const text = raw.trim().replace(',', '.');
  if (text === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return Number.NaN;
  return Number(text);
}

function paramValue(field: ParamField, input: DraftInput | undefined): unknown {
  if (field.kind === 'boolean') return input === true;
  if (field.kind === 'choice') return typeof input === 'string' ? input : field.default;
  return parseNumberInput(typeof input === 'string' ? input : '');
}

/** Validates the draft with the catalogue's schema and returns per-field messages or the patch. */
export function checkDraft(id: string, draft: SettingsDraft): DraftCheck {
  const entry = entryOf(id);
  const fields = paramFields(id);
  const raw = Object.fromEntries(fields.map((f) => [f.key, paramValue(f, draft.inputs[f.key])]));
  const errors: Record<string, string> = {};
  let formError: string | undefined;

  const parsed = entry.params.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (typeof key === 'string' && fields.some((f) => f.key === key))
        errors[key] ??= issue.message;
      else formError ??= issue.message;
    }
  }
  for (const [output, colour] of Object.entries(draft.colors)) {
    if (!colourSchema.safeParse(colour).success) errors[`color.${output}`] = 'Pick a colour';
  }
  const name = draft.name.trim();
  if (name.length > MAX_LAYOUT_NAME_LENGTH)
    errors.name = `A name is at most ${MAX_LAYOUT_NAME_LENGTH} characters`;

  if (!parsed.success || formError || Object.keys(errors).length > 0) return { errors, formError };
  return {
    errors,
    patch: {
      params: parsed.data as Record<string, unknown>,
      colors: { ...draft.colors },
      visible: draft.visible,
      name: name || null,
    },
  };
}

/** The patch that puts an instance back exactly as it was (Cancel after a live preview). */
export function restorePatch(indicator: LayoutIndicator): NonNullable<DraftCheck['patch']> {
  return {
    params: { ...indicator.params },
    colors: { ...indicator.colors },
    visible: indicator.visible,
    name: indicator.name ?? null,
  };
}

/**
 * A colour input only knows #rrggbb; a stored colour may carry an alpha (#rrggbbaa), which a new
 * pick keeps so a translucent band stays translucent.
 */
export function pickColour(previous: string, picked: string): string {
  const alpha = /^#[0-9a-f]{6}([0-9a-f]{2})$/i.exec(previous)?.[1];
  return alpha ? `${picked}${alpha}` : picked;
}

/** "Upper", "Signal", "%K", "+DI": how the Style tab names an output. */
export function outputLabel(output: string): string {
  const known: Record<string, string> = {
    value: 'Line',
    macd: 'MACD',
    k: '%K',
    d: '%D',
    adx: 'ADX',
    plusDI: '+DI',
    minusDI: '−DI',
    senkouA: 'Senkou A',
    senkouB: 'Senkou B',
    leadA: 'Lead A',
    leadB: 'Lead B',
  };
  return known[output] ?? output.charAt(0).toUpperCase() + output.slice(1);
}
