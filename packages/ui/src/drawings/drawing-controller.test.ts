import {
  DRAWING_KINDS,
  drawingSchema,
  type Drawing,
  type DrawingOf,
  type MagnetBar,
} from '@coinview/core/drawings';
import { describe, expect, it, vi } from 'vitest';
import type { DrawingMapping } from './chart-mapping';
import {
  DrawingController,
  POINTS_NEEDED,
  type DrawingControllerOptions,
  type DrawingPointer,
} from './drawing-controller';

// 1m bars 10 px apart from x = 0 at T0; y = 400 − price. Pixels map back to the nearest bar.
const T0 = 1_700_000_000 - (1_700_000_000 % 60);
const timeOfX = (x: number) => T0 + Math.round(x / 10) * 60;
const mapping: DrawingMapping = {
  timeToX: (t) => ((t - T0) / 60) * 10,
  xToTime: timeOfX,
  timeToLogical: (t) => (t - T0) / 60,
  priceToY: (p) => 400 - p,
  yToPrice: (y) => 400 - y,
};
const viewport = { width: 800, height: 400 };
const ptr = (x: number, y: number, bar?: MagnetBar): DrawingPointer => ({
  x,
  y,
  mapping,
  viewport,
  bar,
});

function setup(options: Partial<DrawingControllerOptions> = {}) {
  let n = 0;
  const onChange = vi.fn<(drawings: readonly Drawing[]) => void>();
  const controller = new DrawingController({ createId: () => `d${++n}`, onChange, ...options });
  const state = () => controller.getState();
  const click = (x: number, y: number, bar?: MagnetBar) => {
    controller.pointerMove(ptr(x, y, bar));
    const taken = controller.pointerDown(ptr(x, y, bar));
    controller.pointerUp(ptr(x, y, bar));
    return taken;
  };
  const drag = (from: [number, number], to: [number, number], bar?: MagnetBar) => {
    const taken = controller.pointerDown(ptr(...from));
    controller.pointerMove(ptr((from[0] + to[0]) / 2, (from[1] + to[1]) / 2, bar));
    controller.pointerMove(ptr(...to, bar));
    controller.pointerUp(ptr(...to, bar));
    return taken;
  };
  return { controller, onChange, state, click, drag };
}

/** A drawing made with the tool and clicks; fails the test if none was made. */
function made(s: ReturnType<typeof setup>, tool: Drawing['kind'], points: [number, number][]) {
  s.controller.setTool(tool);
  for (const [x, y] of points) s.click(x, y);
  const drawing = s.state().drawings.at(-1);
  if (!drawing) throw new Error(`no ${tool} made`);
  return drawing;
}

describe('making drawings', () => {
  it('makes a trend line with two clicks, then goes back to the cursor with it selected', () => {
    const s = setup();
    s.controller.setTool('trend-line');
    expect(s.state().cursor).toBe('crosshair');
    expect(s.click(100, 200)).toBe(true);
    s.controller.pointerMove(ptr(200, 150));
    expect(s.state().preview).toMatchObject({
      kind: 'trend-line',
      anchors: [
        { time: T0 + 600, price: 200 },
        { time: T0 + 1200, price: 250 },
      ],
    });
    expect(s.onChange).not.toHaveBeenCalled();
    s.click(200, 150);
    const line = {
      id: 'd1',
      kind: 'trend-line',
      anchors: [
        { time: T0 + 600, price: 200 },
        { time: T0 + 1200, price: 250 },
      ],
      style: { color: '#2962ff', width: 2, dash: 'solid' },
      locked: false,
      hidden: false,
    };
    expect(s.state()).toMatchObject({ tool: 'cursor', selectedId: 'd1', preview: null });
    expect(s.state().drawings).toEqual([line]);
    expect(s.onChange).toHaveBeenCalledTimes(1);
    expect(s.onChange).toHaveBeenLastCalledWith([line]);
  });

  it('makes a trend line by press, drag and release', () => {
    const s = setup();
    s.controller.setTool('trend-line');
    s.drag([100, 200], [300, 100]);
    expect(s.state().drawings[0]?.anchors).toEqual([
      { time: T0 + 600, price: 200 },
      { time: T0 + 1800, price: 300 },
    ]);
  });

  it('waits for a second point at another time: a trend line cannot be vertical', () => {
    const s = setup();
    s.controller.setTool('trend-line');
    s.click(100, 200);
    s.click(102, 100); // the same bar: ignored
    expect(s.state().drawings).toEqual([]);
    expect(s.state().preview).not.toBeNull();
    s.click(150, 100);
    expect(s.state().drawings).toHaveLength(1);
  });

  it('takes the number of clicks each tool needs', () => {
    const points: [number, number][] = [
      [100, 200],
      [200, 150],
      [300, 180],
    ];
    for (const kind of DRAWING_KINDS) {
      const s = setup();
      s.controller.setTool(kind);
      const needed = POINTS_NEEDED[kind];
      for (const [x, y] of points.slice(0, needed - 1)) s.click(x, y);
      expect(s.state().drawings, kind).toEqual([]);
      const [x, y] = points[needed - 1]!;
      s.click(x, y);
      expect(s.state().drawings, kind).toHaveLength(1);
      const drawing = s.state().drawings[0]!;
      expect(drawing.kind).toBe(kind);
      expect(drawingSchema.safeParse(drawing).success, kind).toBe(true);
    }
  });

  it('makes a parallel channel from a dragged line and a click for its width', () => {
    const s = setup();
    s.controller.setTool('parallel-channel');
    s.drag([100, 200], [300, 200]);
    expect(s.state().drawings).toEqual([]);
    s.click(200, 150);
    expect(s.state().drawings[0]?.anchors).toEqual([
      { time: T0 + 600, price: 200 },
      { time: T0 + 1800, price: 200 },
      { time: T0 + 1200, price: 250 },
    ]);
  });

  it('gives a Fibonacci retracement the default levels and a note its placeholder text', () => {
    const s = setup({ noteText: 'Note' });
    expect(
      made(s, 'fib-retracement', [
        [100, 300],
        [300, 200],
      ]),
    ).toMatchObject({
      levels: [0, 0.236, 0.382, 0.5, 0.618, 0.786, 1],
    });
    expect(made(s, 'text', [[100, 100]])).toMatchObject({ text: 'Note' });
  });

  it('places a position with one click: stop a tenth of the pane away, target twice as far', () => {
    const s = setup();
    // The pane is 400 px: the stop is 40 px (here 40 in price) from the entry at 200. The box is a
    // fifth of the 800 px pane long: 160 px, 16 bars, from x 100 to 260.
    expect(made(s, 'long-position', [[100, 200]])).toMatchObject({
      anchors: [{ time: T0 + 600, price: 200 }],
      stop: 160,
      target: 280,
      endTime: T0 + 1560,
    });
    expect(made(s, 'short-position', [[100, 200]])).toMatchObject({ stop: 240, target: 120 });
  });

  it('falls back to a 2 % stop and 4 % target where the pane cannot be measured', () => {
    const s = setup();
    s.controller.setTool('long-position');
    const blind = { ...mapping, yToPrice: (y: number) => (y === 200 ? 200 : null) };
    s.controller.pointerDown({ ...ptr(100, 200), mapping: blind });
    expect(s.state().drawings[0]).toMatchObject({ stop: 196, target: 208 });
  });

  it('snaps points to the nearest open, high, low or close of the bar under them with the magnet', () => {
    const s = setup({ magnet: true });
    const bar = { time: T0 + 600, open: 190, high: 215, low: 180, close: 205 };
    s.controller.setTool('horizontal-line');
    s.click(103, 188, bar); // price 212: the high is nearest
    expect(s.state().drawings[0]?.anchors).toEqual([{ time: T0 + 600, price: 215 }]);

    s.controller.setMagnet(false);
    s.controller.setTool('horizontal-line');
    s.click(103, 188, bar);
    expect(s.state().drawings[1]?.anchors).toEqual([{ time: T0 + 600, price: 212 }]);
  });
});

describe('editing drawings', () => {
  const trendLine = (s: ReturnType<typeof setup>) =>
    made(s, 'trend-line', [
      [100, 200],
      [300, 100],
    ]) as DrawingOf<'trend-line'>;

  it('selects a drawing by clicking it and deselects on empty chart', () => {
    const s = setup();
    trendLine(s);
    s.controller.select(null);
    expect(s.click(200, 150)).toBe(true);
    expect(s.state().selectedId).toBe('d1');
    expect(s.click(600, 350)).toBe(false);
    expect(s.state().selectedId).toBeNull();
  });

  it('drags the body, shows the move live and commits it once on release', () => {
    const s = setup();
    trendLine(s);
    s.onChange.mockClear();
    s.controller.pointerDown(ptr(200, 150));
    s.controller.pointerMove(ptr(250, 130));
    expect(s.state().cursor).toBe('grabbing');
    // 5 bars right and 20 up, live, but not yet saved.
    expect(s.state().drawings[0]?.anchors).toEqual([
      { time: T0 + 900, price: 220 },
      { time: T0 + 2100, price: 320 },
    ]);
    expect(s.onChange).not.toHaveBeenCalled();
    s.controller.pointerUp(ptr(250, 130));
    expect(s.onChange).toHaveBeenCalledTimes(1);
    expect(s.state().canUndo).toBe(true);
  });

  it('drags a handle, onto the magnet’s price', () => {
    const s = setup({ magnet: true });
    trendLine(s);
    const bar = { time: T0 + 2400, open: 330, high: 352, low: 320, close: 340 };
    s.drag([300, 100], [402, 50], bar);
    expect(s.state().drawings[0]?.anchors).toEqual([
      { time: T0 + 600, price: 200 },
      { time: T0 + 2400, price: 352 },
    ]);
  });

  it('keeps the last valid shape when a handle is dragged where it cannot go', () => {
    const s = setup();
    trendLine(s);
    s.controller.pointerDown(ptr(300, 100));
    s.controller.pointerMove(ptr(350, 100));
    s.controller.pointerMove(ptr(100, 50)); // onto the first point's time
    s.controller.pointerUp(ptr(100, 50));
    expect(s.state().drawings[0]?.anchors[1]).toEqual({ time: T0 + 2100, price: 300 });
  });

  it('selects a locked drawing but leaves the press to the chart and the drawing in place', () => {
    const s = setup();
    trendLine(s);
    s.controller.setLocked('d1', true);
    s.controller.select(null);
    const before = s.state().drawings;
    expect(s.drag([200, 150], [260, 100])).toBe(false);
    expect(s.state().selectedId).toBe('d1');
    expect(s.state().drawings).toBe(before);
  });

  it('cancels with Esc: a drag goes back, a drawing in progress goes away, then the selection', () => {
    const s = setup();
    trendLine(s);
    s.onChange.mockClear();
    s.controller.pointerDown(ptr(200, 150));
    s.controller.pointerMove(ptr(260, 120));
    expect(s.controller.cancel()).toBe(true);
    s.controller.pointerUp(ptr(260, 120));
    expect(s.state().drawings[0]?.anchors[0]).toEqual({ time: T0 + 600, price: 200 });

    s.controller.setTool('rectangle');
    s.click(500, 300);
    expect(s.controller.cancel()).toBe(true);
    expect(s.state()).toMatchObject({ tool: 'cursor', preview: null });
    s.click(600, 350);
    expect(s.state().drawings).toHaveLength(1);

    s.controller.select('d1');
    expect(s.controller.cancel()).toBe(true);
    expect(s.state().selectedId).toBeNull();
    expect(s.controller.cancel()).toBe(false);
    expect(s.onChange).not.toHaveBeenCalled();
  });

  it('removes the selected drawing with Delete, and nothing without a selection', () => {
    const s = setup();
    trendLine(s);
    expect(s.controller.removeSelected()).toBe(true);
    expect(s.state().drawings).toEqual([]);
    expect(s.onChange).toHaveBeenLastCalledWith([]);
    expect(s.controller.removeSelected()).toBe(false);
  });

  it('restyles, rejecting what is not a valid drawing', () => {
    const s = setup();
    trendLine(s);
    expect(
      s.controller.setStyle('d1', { color: '#ef5350', dash: 'dashed', label: 'Support' }),
    ).toBe(true);
    expect(s.state().drawings[0]?.style).toEqual({
      color: '#ef5350',
      width: 2,
      dash: 'dashed',
      label: 'Support',
    });
    expect(s.controller.setStyle('d1', { width: 9 })).toBe(false);
    expect(s.controller.setStyle('nope', { width: 1 })).toBe(false);
  });
});

describe('undo and redo', () => {
  it('steps back and forth through committed edits, each reported to onChange', () => {
    const s = setup();
    made(s, 'horizontal-line', [[100, 200]]);
    made(s, 'vertical-line', [[300, 200]]);
    expect(s.controller.undo()).toBe(true);
    expect(s.state().drawings.map((d) => d.kind)).toEqual(['horizontal-line']);
    expect(s.onChange).toHaveBeenLastCalledWith(s.state().drawings);
    expect(s.state()).toMatchObject({ canUndo: true, canRedo: true, selectedId: null });
    expect(s.controller.redo()).toBe(true);
    expect(s.state().drawings).toHaveLength(2);
    s.controller.undo();
    s.controller.undo();
    expect(s.state().drawings).toEqual([]);
    expect(s.controller.undo()).toBe(false);
    // A new edit forgets what could be redone.
    made(s, 'text', [[50, 50]]);
    expect(s.state().canRedo).toBe(false);
    expect(s.controller.redo()).toBe(false);
  });

  it('undoes "remove all"', () => {
    const s = setup();
    made(s, 'horizontal-line', [[100, 200]]);
    made(s, 'horizontal-line', [[100, 250]]);
    expect(s.controller.removeAll()).toBe(true);
    expect(s.state().drawings).toEqual([]);
    s.controller.undo();
    expect(s.state().drawings).toHaveLength(2);
  });

  it('keeps at most 100 steps', () => {
    const s = setup();
    made(s, 'horizontal-line', [[100, 200]]);
    for (let i = 0; i < 120; i++) s.controller.setStyle('d1', { width: (i % 4) + 1 });
    let steps = 0;
    while (s.controller.undo()) steps++;
    expect(steps).toBe(100);
    expect(s.state().drawings).toHaveLength(1);
  });

  it('starts a fresh history for drawings loaded from storage, without reporting them', () => {
    const s = setup();
    made(s, 'horizontal-line', [[100, 200]]);
    s.onChange.mockClear();
    s.controller.setDrawings([]);
    expect(s.state()).toMatchObject({ drawings: [], canUndo: false, selectedId: null });
    expect(s.onChange).not.toHaveBeenCalled();
  });
});

describe('hiding all', () => {
  it('shows none, selects none, and keeps each drawing’s own state', () => {
    const s = setup();
    const line = made(s, 'horizontal-line', [[100, 200]]);
    s.controller.setAllHidden(true);
    expect(s.state()).toMatchObject({ shown: [], selectedId: null, drawings: [line] });
    expect(s.click(100, 200)).toBe(false);
    expect(s.state().selectedId).toBeNull();
    // Picking a tool shows them again.
    s.controller.setTool('trend-line');
    expect(s.state().shown).toEqual([line]);
  });
});

describe('the pointer’s cursor and listeners', () => {
  it('points at drawings and offers to move the selected one’s handles', () => {
    const s = setup();
    made(s, 'trend-line', [
      [100, 200],
      [300, 100],
    ]);
    s.controller.pointerMove(ptr(300, 100));
    expect(s.state().cursor).toBe('move');
    s.controller.pointerMove(ptr(200, 150));
    expect(s.state().cursor).toBe('pointer');
    s.controller.pointerMove(ptr(600, 350));
    expect(s.state().cursor).toBe('default');
  });

  it('notifies subscribers with a new state until they leave', () => {
    const s = setup();
    const listener = vi.fn();
    const leave = s.controller.subscribe(listener);
    const before = s.state();
    s.controller.setMagnet(true);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(s.state()).not.toBe(before);
    leave();
    s.controller.setMagnet(false);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe('edits from the style toolbar and the settings dialog', () => {
  const line = (s: ReturnType<typeof setup>) =>
    made(s, 'trend-line', [
      [100, 200],
      [300, 100],
    ]);

  it('joins edits with one merge key into one undo step, and starts a new step for a new key', () => {
    const s = setup();
    const d = line(s);
    for (const label of ['S', 'Su', 'Sup'])
      expect(s.controller.setStyle(d.id, { label }, { mergeKey: 'visit-1' })).toBe(true);
    expect(s.state().drawings[0]?.style.label).toBe('Sup');
    // Saved as typed: the app's autosave sees every key.
    expect(s.onChange).toHaveBeenCalledTimes(4);
    s.controller.setStyle(d.id, { label: 'Support' }, { mergeKey: 'visit-2' });
    expect(s.controller.undo()).toBe(true);
    expect(s.state().drawings[0]?.style.label).toBe('Sup');
    expect(s.controller.undo()).toBe(true);
    expect(s.state().drawings[0]?.style.label).toBeUndefined();
    // Undone back to the drawing as it was made; one more undo removes it.
    expect(s.controller.undo()).toBe(true);
    expect(s.state().drawings).toHaveLength(0);
  });

  it('does not join an edit made after an undo to the step before it', () => {
    const s = setup();
    const d = line(s);
    s.controller.setStyle(d.id, { label: 'A' }, { mergeKey: 'k' });
    s.controller.undo();
    s.controller.setStyle(d.id, { label: 'B' }, { mergeKey: 'k' });
    s.controller.undo();
    expect(s.state().drawings[0]?.style.label).toBeUndefined();
  });

  it('changes a note’s text, refusing an empty one', () => {
    const s = setup();
    const note = made(s, 'text', [[100, 100]]);
    expect(s.controller.setNoteText(note.id, 'Breakout here')).toBe(true);
    expect(s.state().drawings[0]).toMatchObject({ text: 'Breakout here' });
    expect(s.controller.setNoteText(note.id, '   ')).toBe(false);
    expect(s.state().drawings[0]).toMatchObject({ text: 'Breakout here' });
  });

  it('opens a drawing’s settings (selecting it) and closes them when it is removed', () => {
    const s = setup();
    const d = line(s);
    s.controller.select(null);
    s.controller.openSettings(d.id);
    expect(s.state()).toMatchObject({ settingsId: d.id, selectedId: d.id });
    s.controller.openSettings('nope');
    expect(s.state().settingsId).toBe(d.id);
    expect(s.controller.remove(d.id)).toBe(true);
    expect(s.state()).toMatchObject({ settingsId: null, selectedId: null });
    expect(s.controller.remove(d.id)).toBe(false);
  });

  it('keeps the owner’s save problem until it is cleared', () => {
    const s = setup();
    const retry = vi.fn();
    s.controller.setSaveProblem({ message: 'Failed to fetch', retry });
    expect(s.state().saveProblem).toEqual({ message: 'Failed to fetch', retry });
    const before = s.state();
    s.controller.setSaveProblem({ message: 'Failed to fetch', retry });
    expect(s.state()).toBe(before);
    s.controller.setSaveProblem(null);
    expect(s.state().saveProblem).toBeNull();
  });
});
