'use client';
// TradingView's floating toolbar over the selected drawing: colour, line width and dash, a label
// (a note's text), lock, settings and remove. Every choice is one DrawingController edit, so one
// undo step; a field typed into is one step per visit to it (a merge key per focus). Placed above
// the drawing (below it near the pane's top), or pinned at the top when the drawing is out of view.
import type { Drawing } from '@coinview/core/drawings';
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { cn } from '../cn';
import type { DrawingController } from './drawing-controller';
import { LockIcon, SettingsIcon, TrashIcon, UnlockIcon } from './drawing-icons';
import {
  colourName,
  DASH_NAMES,
  drawingName,
  hasLineStyle,
  LINE_DASHES,
  LINE_WIDTHS,
  swatchesWith,
} from './drawing-style-options';

/** A drawing's extent on screen, in pane pixels. */
export interface ScreenBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const TOOLBAR_GAP = 10;
export const TOOLBAR_MARGIN = 8;

/**
 * Where the toolbar goes: centred above `box`, or below it when there is no room above, kept
 * inside the pane; pinned at the pane's top when the drawing is out of view or fits neither way.
 */
export function floatingToolbarPlace(
  box: ScreenBox | null,
  pane: { width: number; height: number },
  size: { width: number; height: number },
): { left: number; top: number; pinned: boolean } {
  const visible =
    box !== null &&
    box.right >= 0 &&
    box.left <= pane.width &&
    box.bottom >= 0 &&
    box.top <= pane.height;
  const centre = visible ? (box.left + box.right) / 2 : pane.width / 2;
  const maxLeft = pane.width - size.width - TOOLBAR_MARGIN;
  const left = Math.max(TOOLBAR_MARGIN, Math.min(centre - size.width / 2, maxLeft));
  if (visible) {
    const above = box.top - TOOLBAR_GAP - size.height;
    if (above >= TOOLBAR_MARGIN) return { left, top: above, pinned: false };
    const below = box.bottom + TOOLBAR_GAP;
    if (below + size.height <= pane.height - TOOLBAR_MARGIN)
      return { left, top: below, pinned: false };
  }
  return { left, top: TOOLBAR_MARGIN, pinned: true };
}

type Open = 'colour' | 'width' | 'dash' | null;

export interface DrawingFloatingToolbarProps {
  controller: DrawingController;
  /** The selected drawing. */
  drawing: Drawing;
  /** Where it is on screen (null: not on screen). */
  box: ScreenBox | null;
  pane: { width: number; height: number };
  /** The view the toolbar is in: its settings open there (DrawingController.openSettings). */
  origin?: string;
}

export function DrawingFloatingToolbar({
  controller,
  drawing,
  box,
  pane,
  origin,
}: DrawingFloatingToolbarProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [open, setOpen] = useState<Open>(null);
  const triggers = useRef<Partial<Record<NonNullable<Open>, HTMLButtonElement | null>>>({});
  const { id, style, locked } = drawing;

  // Its own size places it; a note's field or the lock's icon can change it.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const width = el.offsetWidth;
      const height = el.offsetHeight;
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A press outside an open palette closes it, as a menu would.
  useLayoutEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!(e.target instanceof Node) || !ref.current?.contains(e.target)) setOpen(null);
    };
    document.addEventListener('pointerdown', onDown, true);
    return () => document.removeEventListener('pointerdown', onDown, true);
  }, [open]);

  const close = (focus: boolean) => {
    const was = open;
    setOpen(null);
    if (focus && was) triggers.current[was]?.focus();
  };
  const toggle = (which: NonNullable<Open>) => setOpen((o) => (o === which ? null : which));
  const place = floatingToolbarPlace(box, pane, size);
  const name = drawingName(drawing.kind);

  return (
    <div
      ref={ref}
      role="toolbar"
      aria-label={`${name} style`}
      data-testid="drawing-style-toolbar"
      data-pinned={place.pinned || undefined}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close(true);
        } else moveFocus(e);
      }}
      className="absolute z-30 flex items-center gap-0.5 rounded-md border border-line bg-panel p-1 shadow-lg"
      style={{ left: place.left, top: place.top }}
    >
      <Trigger
        label="Line colour"
        title={`Colour: ${colourName(style.color)}`}
        expanded={open === 'colour'}
        onClick={() => toggle('colour')}
        ref={(el) => {
          triggers.current.colour = el;
        }}
      >
        <span
          aria-hidden
          className="size-4 rounded-sm border border-line-strong"
          style={{ background: style.color }}
        />
      </Trigger>
      {hasLineStyle(drawing.kind) && (
        <>
          <Trigger
            label="Line width"
            title={`Width: ${style.width} px`}
            expanded={open === 'width'}
            onClick={() => toggle('width')}
            ref={(el) => {
              triggers.current.width = el;
            }}
          >
            <LineSample width={style.width} dash="solid" />
            <span className="ml-1 text-xs tabular-nums">{style.width}px</span>
          </Trigger>
          <Trigger
            label="Line style"
            title={`Line: ${DASH_NAMES[style.dash]}`}
            expanded={open === 'dash'}
            onClick={() => toggle('dash')}
            ref={(el) => {
              triggers.current.dash = el;
            }}
          >
            <LineSample width={2} dash={style.dash} />
          </Trigger>
        </>
      )}
      <TextField controller={controller} drawing={drawing} />
      <Divider />
      <IconButton
        label="Lock drawing"
        title={locked ? 'Locked: cannot be moved. Unlock' : 'Lock: keep it from being moved'}
        pressed={locked}
        onClick={() => controller.setLocked(id, !locked)}
      >
        {locked ? LockIcon : UnlockIcon}
      </IconButton>
      <IconButton
        label="Drawing settings"
        title="Settings…"
        haspopup="dialog"
        onClick={() => controller.openSettings(id, origin ?? null)}
      >
        {SettingsIcon}
      </IconButton>
      <IconButton label="Remove drawing" title="Remove" onClick={() => controller.remove(id)}>
        {TrashIcon}
      </IconButton>

      {open && (
        <div
          role="group"
          aria-label={open === 'colour' ? 'Colours' : open === 'width' ? 'Widths' : 'Line styles'}
          className="absolute left-0 top-full z-40 mt-1 flex gap-1 rounded-md border border-line bg-panel p-1.5 shadow-lg"
        >
          {open === 'colour' &&
            swatchesWith(style.color).map((c) => (
              <Choice
                key={c.colour}
                label={c.name}
                pressed={c.colour.toLowerCase() === style.color.toLowerCase()}
                onChoose={() => {
                  controller.setStyle(id, { color: c.colour });
                  close(true);
                }}
              >
                <span
                  aria-hidden
                  className="size-5 rounded-sm border border-line-strong"
                  style={{ background: c.colour }}
                />
              </Choice>
            ))}
          {open === 'width' &&
            LINE_WIDTHS.map((w) => (
              <Choice
                key={w}
                label={`${w} px`}
                pressed={w === style.width}
                onChoose={() => {
                  controller.setStyle(id, { width: w });
                  close(true);
                }}
              >
                <LineSample width={w} dash="solid" />
              </Choice>
            ))}
          {open === 'dash' &&
            LINE_DASHES.map((dash) => (
              <Choice
                key={dash}
                label={DASH_NAMES[dash]}
                pressed={dash === style.dash}
                onChoose={() => {
                  controller.setStyle(id, { dash });
                  close(true);
                }}
              >
                <LineSample width={2} dash={dash} />
              </Choice>
            ))}
        </div>
      )}
    </div>
  );
}

let visits = 0;

/**
 * The label (a note's text). Shown from the drawing, except while focused: then from what is
 * typed, each key applied at once and joined into one undo step. Text a note cannot have (none) is
 * marked and not applied; leaving the field shows the drawing's text again.
 */
function TextField({ controller, drawing }: { controller: DrawingController; drawing: Drawing }) {
  const note = drawing.kind === 'text';
  const [draft, setDraft] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const mergeKey = useRef('');
  const value = note ? drawing.text : (drawing.style.label ?? '');
  const apply = (text: string) => {
    if (note) return controller.setNoteText(drawing.id, text, { mergeKey: mergeKey.current });
    return controller.update(
      drawing.id,
      (d) => {
        const { label: _old, ...rest } = d.style;
        return { ...d, style: text ? { ...rest, label: text } : rest };
      },
      { mergeKey: mergeKey.current },
    );
  };
  return (
    <input
      type="text"
      aria-label={note ? 'Note text' : 'Label'}
      aria-invalid={invalid || undefined}
      title={invalid ? 'Type some text for the note' : undefined}
      placeholder={note ? 'Note' : 'Add label'}
      maxLength={note ? 500 : 200}
      value={draft ?? value}
      onFocus={() => {
        mergeKey.current = `text-${drawing.id}-${++visits}`;
        setDraft(value);
      }}
      onChange={(e) => {
        setDraft(e.target.value);
        setInvalid(!apply(e.target.value));
      }}
      onBlur={() => {
        setDraft(null);
        setInvalid(false);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === 'Escape') {
          e.stopPropagation();
          e.currentTarget.blur();
        }
      }}
      className={cn(
        'mx-0.5 h-7 w-32 rounded border bg-canvas px-2 text-xs text-fg placeholder:text-faint',
        'focus:outline-none focus:ring-2',
        invalid
          ? 'border-down focus:ring-down/40'
          : 'border-line focus:border-accent focus:ring-accent/30',
      )}
    />
  );
}

/** Left/Right (Home/End) move between the toolbar's buttons; a field keeps its arrows. */
function moveFocus(e: KeyboardEvent<HTMLDivElement>) {
  if (!(e.target instanceof HTMLButtonElement)) return;
  const steps: Record<string, number> = {
    ArrowRight: 1,
    ArrowLeft: -1,
    Home: -Infinity,
    End: Infinity,
  };
  const step = steps[e.key];
  if (step === undefined) return;
  const group = e.target.closest('[role="group"]') ?? e.currentTarget;
  const buttons = [...group.querySelectorAll<HTMLButtonElement>(':scope button')].filter(
    (b) => b.closest('[role="group"]') === (group === e.currentTarget ? null : group),
  );
  const at = buttons.indexOf(e.target);
  const to = Number.isFinite(step) ? at + step : step < 0 ? 0 : buttons.length - 1;
  const next = buttons[Math.min(buttons.length - 1, Math.max(0, to))];
  if (!next) return;
  e.preventDefault();
  next.focus();
}

const buttonClass = cn(
  'flex h-7 min-w-7 items-center justify-center rounded px-1 text-muted transition-colors',
  'hover:bg-raised hover:text-fg focus-visible:outline-2 focus-visible:outline-muted',
);

function Trigger({
  label,
  title,
  expanded,
  onClick,
  ref,
  children,
}: {
  label: string;
  title: string;
  expanded: boolean;
  onClick: () => void;
  ref: (el: HTMLButtonElement | null) => void;
  children: ReactNode;
}) {
  return (
    <button
      ref={ref}
      type="button"
      aria-label={label}
      aria-haspopup="true"
      aria-expanded={expanded}
      title={title}
      onClick={onClick}
      className={cn(buttonClass, expanded && 'bg-raised text-fg')}
    >
      {children}
    </button>
  );
}

function IconButton({
  label,
  title,
  pressed,
  haspopup,
  onClick,
  children,
}: {
  label: string;
  title: string;
  pressed?: boolean;
  haspopup?: 'dialog';
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      aria-pressed={pressed}
      aria-haspopup={haspopup}
      title={title}
      onClick={onClick}
      className={cn(buttonClass, pressed && 'bg-raised text-accent')}
    >
      {children}
    </button>
  );
}

function Choice({
  label,
  pressed,
  onChoose,
  children,
}: {
  label: string;
  pressed: boolean;
  onChoose: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      aria-pressed={pressed}
      title={label}
      onClick={onChoose}
      className={cn(
        'flex size-8 items-center justify-center rounded text-fg hover:bg-raised',
        'focus-visible:outline-2 focus-visible:outline-muted',
        pressed && 'ring-2 ring-accent',
      )}
    >
      {children}
    </button>
  );
}

function Divider() {
  return <span aria-hidden className="mx-0.5 h-5 w-px bg-line" />;
}

/** A short line drawn in the given width and dash, for the width and style choices. */
function LineSample({ width, dash }: { width: number; dash: 'solid' | 'dashed' | 'dotted' }) {
  const dasharray = dash === 'dashed' ? '4 3' : dash === 'dotted' ? '1 2.5' : undefined;
  return (
    <svg aria-hidden width={20} height={12} viewBox="0 0 20 12">
      <line
        x1={1}
        y1={6}
        x2={19}
        y2={6}
        stroke="currentColor"
        strokeWidth={width}
        strokeDasharray={dasharray}
        strokeLinecap={dash === 'dotted' ? 'round' : 'butt'}
      />
    </svg>
  );
}
