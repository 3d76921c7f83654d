import type { Drawing } from '@coinview/core/drawings';
import type { IPrimitivePaneRenderer, SeriesAttachedParameter, Time } from 'lightweight-charts';
import { describe, expect, it, vi } from 'vitest';
import {
  DrawingsPrimitive,
  paintCommands,
  placeLabel,
  timeScaleReader,
  type DrawCommand,
} from './drawing-primitive';

type Target = Parameters<IPrimitivePaneRenderer['draw']>[0];

/**
 * A time scale computing as lightweight-charts 5 does: bar i's centre at
 * width − (lastIndex + rightOffset − i + 0.5)·spacing − 1, whole indexes only, and a pixel back to
 * the bar whose column contains it.
 */
function fakeTimeScale(times: readonly number[], width = 800, spacing = 10, rightOffset = 6) {
  const last = times.length - 1;
  const logicalToCoordinate = (i: number) =>
    times.length === 0
      ? null
      : Number.isInteger(i)
        ? width - (last + rightOffset - i + 0.5) * spacing - 1
        : 0;
  const coordinateToLogical = (x: number) =>
    times.length === 0
      ? null
      : Math.ceil(Math.round((last + rightOffset - (width - 1 - x) / spacing) * 1e6) / 1e6);
  return {
    logicalToCoordinate,
    coordinateToLogical,
    timeToIndex(time: number, nearest?: boolean) {
      if (times.length === 0) return null;
      if (time > times[last]!) return nearest ? last : null;
      const i = times.findIndex((t) => t >= time);
      return times[i] === time || nearest ? i : null;
    },
    timeToCoordinate: (time: number) => {
      const i = times.indexOf(time);
      return i < 0 ? null : logicalToCoordinate(i);
    },
    coordinateToTime: (x: number) => times[coordinateToLogical(x) ?? -1] ?? null,
    width: () => width,
  };
}

const times = [6000, 6060, 6120, 6180, 6240];
const bars = times.map((time, i) => ({
  time,
  open: 100 + i,
  high: 110 + i,
  low: 90 + i,
  close: 105 + i,
}));

function attach(primitive: DrawingsPrimitive, data: readonly object[] = bars) {
  const timeScale = fakeTimeScale(times);
  const requestUpdate = vi.fn();
  const param = {
    chart: { timeScale: () => timeScale, options: () => ({ layout: { fontFamily: 'Test Sans' } }) },
    series: {
      priceToCoordinate: (p: number) => 400 - p,
      coordinateToPrice: (y: number) => 400 - y,
      getPane: () => ({ getHeight: () => 400 }),
      dataByIndex: (i: number) => data[i] ?? null,
      priceFormatter: () => ({ format: (p: number) => p.toFixed(1) }),
    },
    requestUpdate,
    horzScaleBehavior: {},
  };
  primitive.attached(param as unknown as SeriesAttachedParameter<Time>);
  return { timeScale, requestUpdate };
}

/** A canvas context that writes down what is done to it. */
function recordingContext() {
  const log: string[] = [];
  const context = {
    font: '',
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    lineCap: '',
    lineJoin: '',
    textAlign: '',
    textBaseline: '',
    save: () => log.push('save'),
    restore: () => log.push('restore'),
    beginPath: () => log.push('begin'),
    moveTo: (x: number, y: number) => log.push(`move ${x},${y}`),
    lineTo: (x: number, y: number) => log.push(`line ${x},${y}`),
    closePath: () => log.push('close'),
    setLineDash: (dash: number[]) => log.push(`dash [${dash.join(',')}]`),
    stroke: () => log.push(`stroke ${context.strokeStyle} ${context.lineWidth}`),
    fill: () => log.push(`fill ${context.fillStyle}`),
    fillRect: (x: number, y: number, w: number, h: number) =>
      log.push(`rect ${x},${y},${w},${h} ${context.fillStyle}`),
    fillText: (text: string, x: number, y: number) =>
      log.push(
        `text "${text}" ${x},${y} ${context.textAlign} ${context.textBaseline} ${context.fillStyle}`,
      ),
    measureText: (text: string) => ({ width: text.length * 6 }),
  };
  return { context, log };
}

function drawnBy(primitive: DrawingsPrimitive) {
  const { context, log } = recordingContext();
  const target = {
    useMediaCoordinateSpace: (
      f: (scope: { context: typeof context; mediaSize: { width: number; height: number } }) => void,
    ) => f({ context, mediaSize: { width: 800, height: 400 } }),
  };
  primitive.updateAllViews();
  primitive
    .paneViews()[0]
    ?.renderer()
    ?.draw(target as unknown as Target);
  return { context, log };
}

const primitiveTheme = {
  background: '#ffffff',
  textStrong: '#000000',
  up: '#00ff00',
  down: '#ff0000',
  upText: '#008800',
  downText: '#880000',
  overlay: '#eeeeee',
};

const style = { color: '#2962ff', width: 2, dash: 'solid' } as const;
const base = { style, locked: false, hidden: false };

describe('timeScaleReader over the library’s time scale', () => {
  const scale = fakeTimeScale(times);
  const reader = timeScaleReader(scale as never);

  it('reads each bar’s time back from its own x, and nothing off the bars', () => {
    expect(times.map((_, i) => reader.timeAt(i))).toEqual(times);
    expect(reader.timeAt(5)).toBeNull();
    expect(reader.timeAt(-1)).toBeNull();
    expect(reader.timeAt(1.5)).toBeNull();
    expect(reader.lastIndex()).toBe(4);
    expect(reader.indexFrom(6100)).toBe(2);
  });
});

describe('DrawingsPrimitive', () => {
  it('asks the chart for a redraw whenever what it shows changes', () => {
    const primitive = new DrawingsPrimitive();
    const { requestUpdate } = attach(primitive);
    requestUpdate.mockClear();
    primitive.setDrawings([]);
    primitive.setSelected('x');
    primitive.setPreview(null);
    primitive.setTheme({ ...primitiveTheme });
    expect(requestUpdate).toHaveBeenCalledTimes(4);
  });

  it('places bar times where the chart does, and future times on the slots to come', () => {
    const primitive = new DrawingsPrimitive();
    expect(primitive.mapping()).toBeNull();
    const { timeScale } = attach(primitive);
    const mapping = primitive.mapping()!;
    expect(mapping.timeToX(6120)).toBe(timeScale.timeToCoordinate(6120));
    // Two minutes after the last bar: two slots right of it, as logical index 6 is.
    expect(mapping.timeToX(6240 + 120)).toBe(timeScale.logicalToCoordinate(6));
    expect(mapping.xToTime(timeScale.logicalToCoordinate(8)! + 3)).toBe(6240 + 240);
    expect(primitive.viewport()).toEqual({ width: 800, height: 400 });
  });

  it('paints the drawings with the series’ price format, in the chart’s font', () => {
    const primitive = new DrawingsPrimitive();
    const { timeScale } = attach(primitive);
    const fib: Drawing = {
      ...base,
      id: 'f',
      kind: 'fib-retracement',
      anchors: [
        { time: 6000, price: 100 },
        { time: 6240, price: 200 },
      ],
      levels: [0.5],
    };
    primitive.setDrawings([fib]);
    const { context, log } = drawnBy(primitive);
    expect(context.font).toBe('12px Test Sans');
    const left = timeScale.logicalToCoordinate(0)!;
    expect(log).toContain(`move ${left},250`);
    expect(log.some((l) => l.startsWith('text "0.5 (150.0)"'))).toBe(true);
    expect(log.at(-1)).toBe('restore');
  });

  it('paints nothing once detached', () => {
    const primitive = new DrawingsPrimitive();
    attach(primitive);
    primitive.setDrawings([
      { ...base, id: 'h', kind: 'horizontal-line', anchors: [{ time: 6000, price: 100 }] },
    ]);
    primitive.detached();
    expect(drawnBy(primitive).log).toEqual(['save', 'restore']);
  });

  it('finds the bar under a pixel for the magnet, from OHLC or single-value series', () => {
    const primitive = new DrawingsPrimitive();
    const { timeScale } = attach(primitive);
    const x = timeScale.logicalToCoordinate(2)!;
    expect(primitive.barAt(x + 4)).toEqual(bars[2]);
    expect(primitive.barAt(timeScale.logicalToCoordinate(7)!)).toBeUndefined();

    const line = new DrawingsPrimitive();
    attach(
      line,
      times.map((time) => ({ time, value: 50 })),
    );
    expect(line.barAt(x)).toEqual({ time: 6120, open: 50, high: 50, low: 50, close: 50 });
  });

  it('tells the chart which drawing is under the pointer', () => {
    const primitive = new DrawingsPrimitive();
    attach(primitive);
    primitive.setDrawings([
      { ...base, id: 'h', kind: 'horizontal-line', anchors: [{ time: 6000, price: 100 }] },
    ]);
    expect(primitive.hitTest(400, 302)).toEqual({
      externalId: 'h',
      zOrder: 'top',
      cursorStyle: 'pointer',
    });
    expect(primitive.hitTest(400, 350)).toBeNull();
  });
});

describe('paintCommands', () => {
  it('strokes lines with the dash of their style and boxes texts that have a background', () => {
    const { context, log } = recordingContext();
    const commands: DrawCommand[] = [
      {
        type: 'line',
        from: { x: 0, y: 0 },
        to: { x: 10, y: 0 },
        stroke: { color: '#111111', width: 2, dash: 'dashed' },
      },
      {
        type: 'text',
        at: { x: 50, y: 20 },
        text: 'R:R',
        color: '#ffffff',
        align: 'center',
        baseline: 'middle',
        background: '#000000',
      },
    ];
    paintCommands(context as unknown as CanvasRenderingContext2D, commands);
    expect(log).toEqual([
      'save',
      'begin',
      'move 0,0',
      'line 10,0',
      'dash [8,6]',
      'stroke #111111 2',
      'rect 37,11,26,18 #000000',
      'text "R:R" 41,14 left top #ffffff',
      'restore',
    ]);
  });

  it('moves a label that would run past the pane’s right edge inward, whole', () => {
    const { context, log } = recordingContext();
    // 20 characters, 120 px wide at the test's 6 px a character, centred 30 px from the edge.
    const text = 'P&L +1,234.56 USDT..';
    const label: DrawCommand = {
      type: 'text',
      at: { x: 770, y: 100 },
      text,
      color: '#ffffff',
      align: 'center',
      baseline: 'bottom',
      background: '#000000',
    };
    paintCommands(context as unknown as CanvasRenderingContext2D, [label], 'sans-serif', {
      width: 800,
      height: 400,
    });
    // 128 px box (4 px padding each side) ending at 800: left 672, text at 676.
    expect(log).toContain('rect 672,85,128,18 #000000');
    expect(log).toContain(`text "${text}" 676,88 left top #ffffff`);
  });
});

describe('placeLabel', () => {
  const pane = { width: 800, height: 400 };
  const at = (x: number, y: number) => ({ at: { x, y } });

  it('leaves a label that fits where its align and baseline put it', () => {
    expect(placeLabel({ ...at(400, 100), align: 'center', baseline: 'middle' }, 100, pane)).toEqual(
      { left: 346, top: 91, width: 108, height: 18 },
    );
    expect(placeLabel({ ...at(400, 100), align: 'right', baseline: 'top' }, 100, pane)).toEqual({
      left: 296,
      top: 97,
      width: 108,
      height: 18,
    });
  });

  it('moves a label inward from each edge, just enough to be whole inside', () => {
    const right = placeLabel({ ...at(790, 100), align: 'center', baseline: 'middle' }, 100, pane);
    expect(right.left + right.width).toBe(800);
    const left = placeLabel({ ...at(-30, 100), align: 'left', baseline: 'middle' }, 100, pane);
    expect(left.left).toBe(0);
    const top = placeLabel({ ...at(400, 2), align: 'center', baseline: 'bottom' }, 100, pane);
    expect(top.top).toBe(0);
    const bottom = placeLabel({ ...at(400, 399), align: 'center', baseline: 'top' }, 100, pane);
    expect(bottom.top + bottom.height).toBe(400);
  });

  it('keeps the start of a label wider than the pane in view', () => {
    expect(
      placeLabel({ ...at(100, 100), align: 'center', baseline: 'middle' }, 300, {
        width: 200,
        height: 400,
      }).left,
    ).toBe(0);
  });
});
