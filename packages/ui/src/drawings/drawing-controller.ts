// The drawing tools' interaction, as a state machine without DOM: the owner feeds it pointer events
// in pane pixels (with the mapping of the chart at that moment) and keys, and renders its state.
//
// - A drawing tool places its points by clicks, or the first two by press-drag-release; a tool of
//   one point creates on the press. After a drawing is made the tool goes back to the cursor and
//   the new drawing is selected, as on TradingView.
// - With the cursor, a press on a drawing selects it and drags the handle or body under it; a
//   locked drawing is selected and not dragged, and the press is left to the chart (it pans).
// - Every committed edit (a drawing made, dragged, restyled, removed; undo, redo) goes on a history
//   of the drawings array and to onChange, which the app saves. A drag in progress is shown live
//   but committed once, on release.
// - "Hide all" is a view toggle, not an edit: each drawing's own `hidden` survives showing again.
// - Edits from a field (a label typed key by key) pass a merge key: consecutive edits with the same
//   key join one undo step, so Ctrl+Z takes back the whole label, not its last letter.
// - Which drawing's settings are open and whether saving failed are kept here too, so the chart's
//   floating toolbar, its settings dialog and the owner's menus all read and drive one state.
import {
  distance,
  drawingSchema,
  hitTestAll,
  moveDrawing,
  moveHandle,
  snapToBar,
  type Anchor,
  type Drawing,
  type DrawingHit,
  type DrawingKind,
  type DrawingStyle,
  type HitTestOptions,
  type MagnetBar,
  type Point,
  type Viewport,
} from '@coinview/core/drawings';
import type { DrawingMapping } from './chart-mapping';
import { newDrawing, POINTS_NEEDED } from './drawing-create';

export { POINTS_NEEDED };

export type DrawingTool = 'cursor' | DrawingKind;

/** A pointer event over the price pane. */
export interface DrawingPointer {
  /** Pane pixels (CSS px from the pane's top-left corner). */
  x: number;
  y: number;
  /** The chart's mapping at the moment of the event (DrawingsPrimitive.mapping()). */
  mapping: DrawingMapping;
  viewport: Viewport;
  /** The bar under the pointer, for the magnet (DrawingsPrimitive.barAt(x)). */
  bar?: MagnetBar;
}

export type DrawingCursor = 'default' | 'crosshair' | 'pointer' | 'move' | 'grabbing';

/** The owner's saving of the drawings failed (not a conflict): said to the trader, with a retry. */
export interface DrawingSaveProblem {
  message: string;
  retry: () => void;
}

export interface DrawingEditOptions {
  /** Consecutive edits with the same key are one undo step (a field's value typed key by key). */
  mergeKey?: string;
}

export interface DrawingControllerState {
  tool: DrawingTool;
  /** Every drawing, a drag in progress included. */
  drawings: readonly Drawing[];
  /** What the chart should draw: none while all are hidden. */
  shown: readonly Drawing[];
  selectedId: string | null;
  /** The drawing being placed, following the pointer. */
  preview: Drawing | null;
  magnet: boolean;
  allHidden: boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** The CSS cursor for the pane. */
  cursor: DrawingCursor;
  /** The drawing whose settings dialog is open. */
  settingsId: string | null;
  /**
   * Which view opened it (a DrawingLayer's id), so that of two charts of one symbol sharing this
   * controller only that one shows the dialog; null: whichever view shows dialogs of any origin.
   */
  settingsOrigin: string | null;
  /** Set by the owner while saving fails. */
  saveProblem: DrawingSaveProblem | null;
}

export interface DrawingControllerOptions {
  /** Ids for new drawings (1–40 letters, digits, - or _). */
  createId: () => string;
  /** Called with the drawings after every committed edit. */
  onChange?: (drawings: readonly Drawing[]) => void;
  drawings?: readonly Drawing[];
  /** Style of new drawings (default: blue, 2 px, solid). */
  style?: DrawingStyle;
  /** Text of a new note (default "Text"). */
  noteText?: string;
  magnet?: boolean;
  /** Undo steps kept (default 100). */
  historyLimit?: number;
  hitTest?: HitTestOptions;
}

export const DEFAULT_DRAWING_STYLE: DrawingStyle = { color: '#2962ff', width: 2, dash: 'solid' };
export const HISTORY_LIMIT = 100;
/** A press that moves less than this (px) is a click; two points closer than it are one. */
export const DRAG_THRESHOLD = 4;
/** A new position's box is this share of the pane's width long (TradingView's is about as wide). */
const POSITION_WIDTH_OF_PANE = 0.2;
/** A new position's stop is this share of the pane's height from its entry. */
export const POSITION_RISK_OF_PANE = 0.1;
/** …or, where the pane cannot say, this share of the entry price. */
export const POSITION_RISK_OF_PRICE = 0.02;

type Points = [Anchor, ...Anchor[]];

type Gesture =
  | { type: 'idle' }
  | { type: 'placing'; kind: DrawingKind; points: Points; lastAt: Point; pressedAt: Point | null }
  | {
      type: 'dragging';
      hit: DrawingHit;
      index: number;
      from: Anchor;
      original: Drawing;
      before: readonly Drawing[];
    };

const NONE: readonly Drawing[] = [];

export class DrawingController {
  private state: DrawingControllerState;
  private gesture: Gesture = { type: 'idle' };
  private past: (readonly Drawing[])[] = [];
  private future: (readonly Drawing[])[] = [];
  /** The merge key of the last committed edit, while later edits may still join it. */
  private mergeKey: string | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: DrawingControllerOptions) {
    const drawings = options.drawings ?? NONE;
    this.state = {
      tool: 'cursor',
      drawings,
      shown: drawings,
      selectedId: null,
      preview: null,
      magnet: options.magnet ?? false,
      allHidden: false,
      canUndo: false,
      canRedo: false,
      cursor: 'default',
      settingsId: null,
      settingsOrigin: null,
      saveProblem: null,
    };
  }

  /** The current state; a new object after every change (for useSyncExternalStore). */
  getState = (): DrawingControllerState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Drawings loaded from storage: replaces them and forgets the history (no onChange). */
  setDrawings(drawings: readonly Drawing[]): void {
    this.gesture = { type: 'idle' };
    this.past = [];
    this.future = [];
    this.mergeKey = null;
    const selectedId = drawings.some((d) => d.id === this.state.selectedId)
      ? this.state.selectedId
      : null;
    this.set({ drawings, selectedId, preview: null });
  }

  setTool(tool: DrawingTool): void {
    this.abortGesture();
    this.set({
      tool,
      preview: null,
      // Drawing while everything is hidden would draw blind.
      allHidden: tool === 'cursor' && this.state.allHidden,
      cursor: tool === 'cursor' ? 'default' : 'crosshair',
    });
  }

  setMagnet(magnet: boolean): void {
    this.set({ magnet });
  }

  setAllHidden(allHidden: boolean): void {
    if (allHidden) this.setTool('cursor');
    this.set({ allHidden, selectedId: allHidden ? null : this.state.selectedId });
  }

  select(id: string | null): void {
    if (id !== null && !this.state.drawings.some((d) => d.id === id)) return;
    if (id !== this.state.selectedId) this.set({ selectedId: id });
  }

  /** A press: true when the controller takes the gesture (keep the chart from panning). */
  pointerDown(p: DrawingPointer): boolean {
    const { tool } = this.state;
    return tool === 'cursor' ? this.pick(p) : this.place(tool, p);
  }

  pointerMove(p: DrawingPointer): void {
    const g = this.gesture;
    if (g.type === 'placing') {
      const anchor = this.anchorAt(p, true);
      if (anchor) this.set({ preview: this.build(g.kind, [...g.points, anchor], p) });
    } else if (g.type === 'dragging') {
      this.drag(g, p);
    } else if (this.state.tool === 'cursor') {
      const cursor = this.hoverCursor(p);
      if (cursor !== this.state.cursor) this.set({ cursor });
    }
  }

  pointerUp(p: DrawingPointer): void {
    const g = this.gesture;
    if (g.type === 'placing') {
      // Released away from the press: a drag, which places the next point where it ends.
      const pressedAt = g.pressedAt;
      g.pressedAt = null;
      if (pressedAt && distance(p, pressedAt) >= DRAG_THRESHOLD) this.addPoint(g, p);
    } else if (g.type === 'dragging') {
      this.gesture = { type: 'idle' };
      const now = this.state.drawings[g.index];
      if (now && JSON.stringify(now) !== JSON.stringify(g.original)) {
        this.commit(this.state.drawings, { cursor: 'pointer' }, g.before);
      } else {
        this.set({ drawings: g.before, cursor: 'pointer' });
      }
    }
  }

  /** Esc: drops a drag or the drawing being placed, else the tool, else the selection. */
  cancel(): boolean {
    const g = this.gesture;
    if (g.type === 'dragging') {
      this.abortGesture();
      this.set({ cursor: 'default' });
      return true;
    }
    if (g.type === 'placing' || this.state.tool !== 'cursor') {
      this.setTool('cursor');
      return true;
    }
    if (this.state.selectedId === null) return false;
    this.set({ selectedId: null });
    return true;
  }

  /** Opens drawing `id`'s settings (selecting it), in the view `origin` if given. */
  openSettings(id: string, origin: string | null = null): void {
    if (!this.state.drawings.some((d) => d.id === id)) return;
    this.abortGesture();
    this.set({ settingsId: id, settingsOrigin: origin, selectedId: id });
  }

  closeSettings(): void {
    if (this.state.settingsId !== null) this.set({ settingsId: null });
  }

  /** The owner reports whether saving fails (null once it works again). */
  setSaveProblem(saveProblem: DrawingSaveProblem | null): void {
    const now = this.state.saveProblem;
    if (now === saveProblem) return;
    if (
      now &&
      saveProblem &&
      now.message === saveProblem.message &&
      now.retry === saveProblem.retry
    )
      return;
    this.set({ saveProblem });
  }

  /** Delete: removes the selected drawing (a locked one too: lock guards against moving). */
  removeSelected(): boolean {
    this.abortGesture();
    const id = this.state.selectedId;
    const next = this.state.drawings.filter((d) => d.id !== id);
    if (id === null || next.length === this.state.drawings.length) return false;
    this.commit(next, { selectedId: null });
    return true;
  }

  removeAll(): boolean {
    this.abortGesture();
    if (this.state.drawings.length === 0) return false;
    this.commit(NONE, { selectedId: null });
    return true;
  }

  /** Removes drawing `id` (locked or not), one undo step. */
  remove(id: string): boolean {
    this.abortGesture();
    const next = this.state.drawings.filter((d) => d.id !== id);
    if (next.length === this.state.drawings.length) return false;
    this.commit(next, this.state.selectedId === id ? { selectedId: null } : {});
    return true;
  }

  /** Replaces drawing `id` by `edit(it)` if that is a valid drawing; false otherwise. */
  update(id: string, edit: (d: Drawing) => unknown, options: DrawingEditOptions = {}): boolean {
    this.abortGesture();
    const index = this.state.drawings.findIndex((d) => d.id === id);
    const current = this.state.drawings[index];
    if (!current) return false;
    const parsed = drawingSchema.safeParse(edit(current));
    if (!parsed.success || parsed.data.id !== id) return false;
    // Nothing changed (the same colour picked again): no step to undo, nothing to save.
    if (JSON.stringify(parsed.data) === JSON.stringify(current)) return true;
    const next = this.state.drawings.map((d, i) => (i === index ? parsed.data : d));
    this.commit(next, {}, this.state.drawings, options.mergeKey);
    return true;
  }

  setStyle(id: string, style: Partial<DrawingStyle>, options?: DrawingEditOptions): boolean {
    return this.update(id, (d) => ({ ...d, style: { ...d.style, ...style } }), options);
  }

  /** A note's text (false for other drawings, or text a note cannot have). */
  setNoteText(id: string, text: string, options?: DrawingEditOptions): boolean {
    return this.update(id, (d) => (d.kind === 'text' ? { ...d, text } : null), options);
  }

  setLocked(id: string, locked: boolean): boolean {
    return this.update(id, (d) => ({ ...d, locked }));
  }

  setHidden(id: string, hidden: boolean): boolean {
    return this.update(id, (d) => ({ ...d, hidden }));
  }

  undo(): boolean {
    this.abortPlacing();
    this.abortGesture();
    this.mergeKey = null;
    const previous = this.past.pop();
    if (!previous) return false;
    this.future.push(this.state.drawings);
    this.restore(previous);
    return true;
  }

  redo(): boolean {
    this.abortPlacing();
    this.abortGesture();
    this.mergeKey = null;
    const next = this.future.pop();
    if (!next) return false;
    this.past.push(this.state.drawings);
    this.restore(next);
    return true;
  }

  private restore(drawings: readonly Drawing[]): void {
    const selectedId = drawings.some((d) => d.id === this.state.selectedId)
      ? this.state.selectedId
      : null;
    this.set({ drawings, selectedId });
    this.options.onChange?.(drawings);
  }

  private pick(p: DrawingPointer): boolean {
    const found = this.state.allHidden
      ? null
      : hitTestAll(this.state.drawings, p, p.mapping, p.viewport, this.options.hitTest);
    if (!found) {
      this.select(null);
      return false;
    }
    this.select(found.drawing.id);
    if (found.drawing.locked) return false;
    const from = this.anchorAt(p, false);
    if (!from) return true;
    this.gesture = {
      type: 'dragging',
      hit: found.hit,
      index: found.index,
      from,
      original: found.drawing,
      before: this.state.drawings,
    };
    this.set({ cursor: 'grabbing' });
    return true;
  }

  private drag(g: Extract<Gesture, { type: 'dragging' }>, p: DrawingPointer): void {
    // A handle lands on the magnet's price; a body keeps its shape, so it moves by whole steps.
    const to = this.anchorAt(p, g.hit.part === 'handle');
    if (!to) return;
    const moved =
      g.hit.part === 'handle'
        ? moveHandle(g.original, g.hit.index, to)
        : moveDrawing(g.original, to.time - g.from.time, to.price - g.from.price);
    // The same object back means no valid shape there: keep showing the last valid one.
    if (moved === g.original) return;
    this.set({ drawings: this.state.drawings.map((d, i) => (i === g.index ? moved : d)) });
  }

  private place(kind: DrawingKind, p: DrawingPointer): boolean {
    const g = this.gesture;
    if (g.type === 'placing') {
      g.pressedAt = { x: p.x, y: p.y };
      this.addPoint(g, p);
      return true;
    }
    const anchor = this.anchorAt(p, true);
    if (!anchor) return true;
    if (POINTS_NEEDED[kind] === 1) {
      this.create(kind, [anchor], p);
      return true;
    }
    const at = { x: p.x, y: p.y };
    this.gesture = { type: 'placing', kind, points: [anchor], lastAt: at, pressedAt: at };
    this.set({ preview: this.build(kind, [anchor], p), selectedId: null });
    return true;
  }

  /** The next point at the pointer, unless it is on the last one or makes the shape invalid. */
  private addPoint(g: Extract<Gesture, { type: 'placing' }>, p: DrawingPointer): void {
    const anchor = this.anchorAt(p, true);
    if (!anchor || distance(p, g.lastAt) < DRAG_THRESHOLD) return;
    const points: Points = [...g.points, anchor];
    if (points.length >= POINTS_NEEDED[g.kind]) {
      this.create(g.kind, points, p);
      return;
    }
    // E.g. a channel's second point at its first point's time: wait for a better one.
    const preview = this.build(g.kind, points, p);
    if (!drawingSchema.safeParse(preview).success) return;
    g.points = points;
    g.lastAt = { x: p.x, y: p.y };
    this.set({ preview });
  }

  private create(kind: DrawingKind, points: Points, p: DrawingPointer): void {
    const parsed = drawingSchema.safeParse(this.build(kind, points, p, this.options.createId()));
    if (!parsed.success) return;
    this.gesture = { type: 'idle' };
    this.commit([...this.state.drawings, parsed.data], {
      tool: 'cursor',
      preview: null,
      selectedId: parsed.data.id,
      cursor: 'default',
    });
  }

  private build(kind: DrawingKind, points: Points, p: DrawingPointer, id = 'preview'): Drawing {
    return newDrawing(kind, id, points, {
      style: this.options.style ?? DEFAULT_DRAWING_STYLE,
      noteText: this.options.noteText ?? 'Text',
      positionRisk: positionRisk(points[0], p),
      positionSeconds: positionSeconds(points[0], p),
    });
  }

  /** The chart point under the pointer, on the magnet's bar price if it is on and asked for. */
  private anchorAt(p: DrawingPointer, snap: boolean): Anchor | null {
    const time = p.mapping.xToTime(p.x);
    const price = p.mapping.yToPrice(p.y);
    if (time === null || price === null || !Number.isFinite(time) || !Number.isFinite(price))
      return null;
    const anchor = { time: Math.round(time), price };
    return snap && this.state.magnet ? snapToBar(anchor, p.bar) : anchor;
  }

  private hoverCursor(p: DrawingPointer): DrawingCursor {
    if (this.state.allHidden) return 'default';
    const found = hitTestAll(this.state.drawings, p, p.mapping, p.viewport, this.options.hitTest);
    if (!found) return 'default';
    const grabbable = found.hit.part === 'handle' && !found.drawing.locked;
    return grabbable && found.drawing.id === this.state.selectedId ? 'move' : 'pointer';
  }

  private abortPlacing(): void {
    if (this.gesture.type === 'placing') this.setTool('cursor');
  }

  /** Ends a drag (putting the drawing back) or a placing, without committing anything. */
  private abortGesture(): void {
    const g = this.gesture;
    this.gesture = { type: 'idle' };
    if (g.type === 'dragging') this.set({ drawings: g.before });
    if (g.type === 'placing') this.set({ preview: null });
  }

  private commit(
    drawings: readonly Drawing[],
    patch: Partial<DrawingControllerState> = {},
    before: readonly Drawing[] = this.state.drawings,
    mergeKey?: string,
  ): void {
    // The same key as the step before: this edit joins it (its `before` is already on the past).
    const joins = mergeKey !== undefined && mergeKey === this.mergeKey && this.past.length > 0;
    this.mergeKey = mergeKey ?? null;
    if (!joins) this.past.push(before);
    const limit = this.options.historyLimit ?? HISTORY_LIMIT;
    if (this.past.length > limit) this.past.splice(0, this.past.length - limit);
    this.future = [];
    this.set({ ...patch, drawings });
    this.options.onChange?.(drawings);
  }

  private set(patch: Partial<DrawingControllerState>): void {
    const next = { ...this.state, ...patch };
    next.shown = next.allHidden ? NONE : next.drawings;
    if (next.settingsId !== null && !next.drawings.some((d) => d.id === next.settingsId))
      next.settingsId = null;
    next.canUndo = this.past.length > 0;
    next.canRedo = this.future.length > 0;
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }
}

/** A new position's box: POSITION_WIDTH_OF_PANE of the pane's width from its entry, in seconds. */
function positionSeconds(entry: Anchor, p: DrawingPointer): number | undefined {
  const x = p.mapping.timeToX(entry.time);
  const end = x === null ? null : p.mapping.xToTime(x + p.viewport.width * POSITION_WIDTH_OF_PANE);
  return end === null || !(end > entry.time) ? undefined : end - entry.time;
}

/** A new position's stop distance: a tenth of the pane's height in price, else 2 % of the entry. */
function positionRisk(entry: Anchor, p: DrawingPointer): number {
  const here = p.mapping.yToPrice(p.y);
  const lower = p.mapping.yToPrice(p.y + p.viewport.height * POSITION_RISK_OF_PANE);
  const risk = here === null || lower === null ? NaN : Math.abs(here - lower);
  return Number.isFinite(risk) && risk > 0 ? risk : entry.price * POSITION_RISK_OF_PRICE;
}
