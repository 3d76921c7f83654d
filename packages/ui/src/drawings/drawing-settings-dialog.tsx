'use client';
// A drawing's settings, opened from its floating toolbar, its right-click menu or a double-click:
// colour, width, dash, label (a note's text), lock, a Fibonacci retracement's levels and a
// position's prices. Nothing changes until Apply, which is one undo step; Cancel (or Esc) leaves
// the drawing as it was. Errors are core's, shown beside their field.
//
// A native modal <dialog> (top layer, the page behind inert, Esc to cancel) rather than Radix:
// this package does not depend on Radix, and DrawingLayer renders it, so the app needs no wiring.
// It is only in the page while open (the app's keyboard handlers take any [role="dialog"] as
// owning the keyboard) and gives focus back to what had it when it opened.
import type { Drawing } from '@coinview/core/drawings';
import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '../button';
import { cn } from '../cn';
import type { DrawingController } from './drawing-controller';
import {
  DASH_NAMES,
  drawingName,
  hasLineStyle,
  LINE_DASHES,
  LINE_WIDTHS,
  swatchesWith,
} from './drawing-style-options';
import {
  applyDraft,
  draftOf,
  newLevelRow,
  type SettingsDraft,
  type SettingsErrors,
} from './drawing-settings-draft';
import { useDrawingState } from './drawing-toolbar';

/**
 * The settings of the drawing the controller has them open for, if any, when they were opened from
 * `origin` (this view) or from nowhere in particular.
 */
export function DrawingSettings({
  controller,
  origin = null,
}: {
  controller: DrawingController;
  origin?: string | null;
}) {
  const state = useDrawingState(controller);
  const drawing = state.drawings.find((d) => d.id === state.settingsId);
  const here = state.settingsOrigin === null || state.settingsOrigin === origin;
  if (!drawing || !here) return null;
  return (
    <DrawingSettingsDialog
      key={drawing.id}
      drawing={drawing}
      onApply={(next) => controller.update(drawing.id, () => next)}
      onClose={() => controller.closeSettings()}
    />
  );
}

export interface DrawingSettingsDialogProps {
  drawing: Drawing;
  /** The edited drawing (valid); false if it could not be applied. */
  onApply: (next: Drawing) => boolean;
  onClose: () => void;
}

export function DrawingSettingsDialog({ drawing, onApply, onClose }: DrawingSettingsDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(drawing));
  const { errors } = applyDraft(drawing, draft);
  const edit = (patch: Partial<SettingsDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const name = drawingName(drawing.kind);
  const note = drawing.kind === 'text';
  const position = drawing.kind === 'long-position' || drawing.kind === 'short-position';

  useLayoutEffect(() => {
    const opener = document.activeElement;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (opener instanceof HTMLElement && opener !== document.body && opener.isConnected)
        opener.focus({ preventScroll: true });
    };
  }, []);

  const apply = () => {
    const result = applyDraft(drawing, draft);
    if (result.drawing && onApply(result.drawing)) {
      onClose();
      return;
    }
    // Show the trader the first thing to fix.
    ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  };

  return (
    <dialog
      ref={ref}
      role="dialog"
      aria-labelledby={titleId}
      data-testid="drawing-settings"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      // The chart's keys (Delete removes the selected drawing, letters open the symbol search)
      // are not for this dialog.
      onKeyDown={(e) => e.stopPropagation()}
      className="fixed inset-0 z-50 m-auto h-fit max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] max-w-md overflow-y-auto rounded-lg border border-line bg-panel p-5 text-fg shadow-2xl backdrop:bg-black/50"
    >
      <form
        method="dialog"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
        className="flex flex-col gap-4"
      >
        <h2 id={titleId} className="text-base font-semibold text-fg-strong">
          {name} settings
        </h2>

        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1.5 text-sm font-medium">Colour</legend>
          <div className="flex flex-wrap items-center gap-1.5">
            {swatchesWith(draft.color).map((c) => (
              <button
                key={c.colour}
                type="button"
                aria-label={c.name}
                aria-pressed={c.colour.toLowerCase() === draft.color.toLowerCase()}
                title={c.name}
                onClick={() => edit({ color: c.colour })}
                className={cn(
                  'size-7 rounded border border-line-strong focus-visible:outline-2 focus-visible:outline-muted',
                  c.colour.toLowerCase() === draft.color.toLowerCase() &&
                    'ring-2 ring-accent ring-offset-2 ring-offset-panel',
                )}
                style={{ background: c.colour }}
              />
            ))}
            <label className="ml-1 flex items-center gap-1.5 text-xs text-muted">
              Other
              <input
                type="color"
                value={draft.color.slice(0, 7)}
                onChange={(e) => edit({ color: e.target.value })}
                className="h-7 w-9 cursor-pointer rounded border border-line-strong bg-panel"
              />
            </label>
          </div>
          <FieldError id={`${titleId}-color`} message={errors.color} />
        </fieldset>

        {hasLineStyle(drawing.kind) && (
          <div className="grid grid-cols-2 gap-3">
            <Select
              label="Line width"
              value={String(draft.width)}
              onChange={(v) => edit({ width: Number(v) })}
              options={LINE_WIDTHS.map((w) => [String(w), `${w} px`])}
            />
            <Select
              label="Line style"
              value={draft.dash}
              onChange={(v) => {
                const dash = LINE_DASHES.find((d) => d === v);
                if (dash) edit({ dash });
              }}
              options={LINE_DASHES.map((d) => [d, DASH_NAMES[d]])}
            />
          </div>
        )}

        <TextInput
          label={note ? 'Text' : 'Label'}
          multiline={note}
          value={draft.text}
          error={errors.text}
          placeholder={note ? undefined : 'Shown on the chart beside the drawing'}
          onChange={(text) => edit({ text })}
        />

        {drawing.kind === 'fib-retracement' && (
          <FibLevels draft={draft} errors={errors} onChange={(levels) => edit({ levels })} />
        )}

        {position && (
          <div className="grid grid-cols-2 gap-3">
            <TextInput
              label="Entry price"
              inputMode="decimal"
              value={draft.entry}
              error={errors.entry}
              onChange={(entry) => edit({ entry })}
            />
            <TextInput
              label="Quantity (optional)"
              inputMode="decimal"
              value={draft.quantity}
              error={errors.quantity}
              placeholder="Per unit"
              onChange={(quantity) => edit({ quantity })}
            />
            <TextInput
              label="Stop price"
              inputMode="decimal"
              value={draft.stop}
              error={errors.stop}
              onChange={(stop) => edit({ stop })}
            />
            <TextInput
              label="Target price"
              inputMode="decimal"
              value={draft.target}
              error={errors.target}
              onChange={(target) => edit({ target })}
            />
          </div>
        )}

        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={draft.locked}
            onChange={(e) => edit({ locked: e.target.checked })}
            className="size-4 accent-accent"
          />
          Locked (cannot be moved with the mouse)
        </label>

        <FieldError id={`${titleId}-other`} message={errors.other} />

        <div className="mt-1 flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit">Apply</Button>
        </div>
      </form>
    </dialog>
  );
}

function FibLevels({
  draft,
  errors,
  onChange,
}: {
  draft: SettingsDraft;
  errors: SettingsErrors;
  onChange: (levels: SettingsDraft['levels']) => void;
}) {
  const listRef = useRef<HTMLUListElement>(null);
  const [added, setAdded] = useState<number | null>(null);
  const id = useId();
  const rows = draft.levels;
  const patch = (key: number, change: Partial<SettingsDraft['levels'][number]>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));

  // A level just added gets the focus, ready to be typed.
  useLayoutEffect(() => {
    if (added === null) return;
    listRef.current?.querySelector<HTMLInputElement>(`[data-level="${added}"]`)?.focus();
    setAdded(null);
  }, [added]);

  return (
    <fieldset
      className="flex flex-col gap-2"
      aria-describedby={errors.levels ? `${id}-all` : undefined}
    >
      <legend className="mb-1.5 text-sm font-medium">Fibonacci levels</legend>
      <ul
        ref={listRef}
        className="grid max-h-56 grid-cols-2 gap-x-3 gap-y-1.5 overflow-y-auto pr-1"
      >
        {rows.map((row, i) => {
          const error = errors.level?.[row.key];
          return (
            <li key={row.key} className="flex flex-col gap-0.5">
              <div className="flex items-center gap-1.5">
                <input
                  type="checkbox"
                  aria-label={`Show level ${row.value || i + 1}`}
                  checked={row.on}
                  onChange={(e) => patch(row.key, { on: e.target.checked })}
                  className="size-4 accent-accent"
                />
                <input
                  type="text"
                  inputMode="decimal"
                  data-level={row.key}
                  aria-label={`Level ${i + 1}`}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-${row.key}` : undefined}
                  value={row.value}
                  onChange={(e) => patch(row.key, { value: e.target.value })}
                  className={cn(
                    'h-7 w-full min-w-0 rounded border bg-canvas px-2 text-sm tabular-nums text-fg',
                    'focus:outline-none focus:ring-2',
                    error
                      ? 'border-down focus:ring-down/40'
                      : 'border-line-strong focus:ring-accent/30',
                    !row.on && 'text-muted',
                  )}
                />
                <button
                  type="button"
                  aria-label={`Remove level ${row.value || i + 1}`}
                  title="Remove level"
                  onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
                  className="flex size-6 shrink-0 items-center justify-center rounded text-muted hover:bg-raised hover:text-fg focus-visible:outline-2 focus-visible:outline-muted"
                >
                  ×
                </button>
              </div>
              <FieldError id={`${id}-${row.key}`} message={error} />
            </li>
          );
        })}
      </ul>
      <div>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => {
            const row = newLevelRow();
            onChange([...rows, row]);
            setAdded(row.key);
          }}
        >
          Add level
        </Button>
      </div>
      <FieldError id={`${id}-all`} message={errors.levels} />
    </fieldset>
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} aria-live="polite" className="text-xs text-down">
      {message}
    </p>
  );
}

const fieldClass = (error: string | undefined) =>
  cn(
    'rounded-md border bg-canvas px-3 text-sm text-fg placeholder:text-faint focus:outline-none focus:ring-2',
    error
      ? 'border-down focus:ring-down/40'
      : 'border-line-strong focus:border-accent focus:ring-accent/30',
  );

function TextInput({
  label,
  value,
  error,
  multiline = false,
  placeholder,
  inputMode,
  onChange,
}: {
  label: string;
  value: string;
  error: string | undefined;
  multiline?: boolean;
  placeholder?: string;
  inputMode?: 'decimal';
  onChange: (value: string) => void;
}) {
  const id = useId();
  const common = {
    id,
    value,
    placeholder,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  };
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {multiline ? (
        <textarea
          {...common}
          rows={3}
          onChange={(e) => onChange(e.target.value)}
          className={cn(fieldClass(error), 'py-2')}
        />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={inputMode}
          onChange={(e) => onChange(e.target.value)}
          className={cn(fieldClass(error), 'h-9')}
        />
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange: (value: string) => void;
}): ReactNode {
  const id = useId();
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="h-9 rounded-md border border-line-strong bg-canvas px-2 text-sm text-fg focus:outline-none focus:ring-2 focus:ring-accent/30"
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
