import type { Anchor, Drawing, DrawingStyle } from '@coinview/core/drawings';
import { describe, expect, it } from 'vitest';
import { chartColors } from '../chart-theme';
import { createDrawingMapping } from './chart-mapping';
import {
  drawingCommands,
  formatDuration,
  withAlpha,
  type DrawCommand,
  type DrawingScene,
} from './drawing-commands';

// An 800 × 400 pane where x is the time and y = 400 − price (higher prices are higher up).
const mapping = { timeToX: (t: number) => t, priceToY: (p: number) => 400 - p };
const viewport = { width: 800, height: 400 };
const style: DrawingStyle = { color: '#2962ff', width: 2, dash: 'solid' };
const stroke = { color: '#2962ff', width: 2, dash: 'solid' };
const fill = 'rgba(41, 98, 255, 0.15)';
const base = { style, locked: false, hidden: false };
const at = (time: number, price: number): Anchor => ({ time, price });

function paint(drawings: Drawing[], scene: Partial<DrawingScene> = {}): DrawCommand[] {
  return drawingCommands({ drawings, mapping, viewport, palette: chartColors, ...scene });
}
const ofType = <T extends DrawCommand['type']>(commands: DrawCommand[], type: T) =>
  commands.filter((c): c is Extract<DrawCommand, { type: T }> => c.type === type);
const texts = (commands: DrawCommand[]) => ofType(commands, 'text').map((c) => c.text);

describe('lines', () => {
  const a = at(100, 200); // (100, 200) on screen
  const b = at(200, 250); // (200, 150)

  it('draws a trend line between its points, with its label above the middle', () => {
    const line: Drawing = {
      ...base,
      style: { ...style, label: 'Breakout' },
      id: 't',
      kind: 'trend-line',
      anchors: [a, b],
    };
    expect(paint([line])).toEqual([
      { type: 'line', from: { x: 100, y: 200 }, to: { x: 200, y: 150 }, stroke },
      {
        type: 'text',
        at: { x: 150, y: 171 },
        text: 'Breakout',
        color: '#2962ff',
        align: 'center',
        baseline: 'bottom',
      },
    ]);
  });

  it('cuts a trend line at the pane’s edge', () => {
    const line: Drawing = {
      ...base,
      id: 't',
      kind: 'trend-line',
      anchors: [at(700, 200), at(900, 200)],
    };
    expect(ofType(paint([line]), 'line')[0]).toMatchObject({ from: { x: 700 }, to: { x: 800 } });
  });

  it('runs a ray from its first point through its second to the pane’s edge', () => {
    // From (100, 200) by (100, −50) per step: the top edge (y = 0) comes after 4 steps, at
    // x = 500, before the right edge (x = 800, which it would reach at y = −150).
    const ray: Drawing = { ...base, id: 'r', kind: 'ray', anchors: [a, b] };
    expect(paint([ray])).toEqual([
      { type: 'line', from: { x: 100, y: 200 }, to: { x: 500, y: 0 }, stroke },
    ]);
  });

  it('runs an extended line across the pane both ways', () => {
    const line: Drawing = { ...base, id: 'e', kind: 'extended-line', anchors: [a, b] };
    expect(ofType(paint([line]), 'line')).toEqual([
      { type: 'line', from: { x: 0, y: 250 }, to: { x: 500, y: 0 }, stroke },
    ]);
  });

  it('draws horizontal lines across the pane, rays from their point, and vertical lines', () => {
    const drawings: Drawing[] = [
      { ...base, id: 'h', kind: 'horizontal-line', anchors: [at(300, 100)] },
      { ...base, id: 'hr', kind: 'horizontal-ray', anchors: [at(300, 150)] },
      { ...base, id: 'v', kind: 'vertical-line', anchors: [at(250, 100)] },
    ];
    expect(paint(drawings)).toEqual([
      { type: 'line', from: { x: 0, y: 300 }, to: { x: 800, y: 300 }, stroke },
      { type: 'line', from: { x: 300, y: 250 }, to: { x: 800, y: 250 }, stroke },
      { type: 'line', from: { x: 250, y: 0 }, to: { x: 250, y: 400 }, stroke },
    ]);
  });

  it('draws nothing for a level above the pane or a line whose time cannot be placed', () => {
    const drawings: Drawing[] = [
      { ...base, id: 'h', kind: 'horizontal-line', anchors: [at(300, 500)] },
      { ...base, id: 't', kind: 'trend-line', anchors: [a, b] },
    ];
    const blind = { ...mapping, timeToX: (t: number) => (t === 100 ? null : t) };
    expect(paint(drawings, { mapping: blind })).toEqual([]);
  });

  it('keeps the dash and width of the style', () => {
    const line: Drawing = {
      ...base,
      style: { color: '#ef5350', width: 3, dash: 'dotted' },
      id: 't',
      kind: 'trend-line',
      anchors: [a, b],
    };
    expect(ofType(paint([line]), 'line')[0]?.stroke).toEqual({
      color: '#ef5350',
      width: 3,
      dash: 'dotted',
    });
  });
});

describe('shapes', () => {
  it('draws a rectangle as an outlined, translucent box', () => {
    const box: Drawing = {
      ...base,
      id: 'x',
      kind: 'rectangle',
      anchors: [at(100, 300), at(300, 200)],
    };
    expect(paint([box])).toEqual([
      {
        type: 'polygon',
        points: [
          { x: 100, y: 100 },
          { x: 300, y: 100 },
          { x: 300, y: 200 },
          { x: 100, y: 200 },
        ],
        fill,
        stroke,
      },
    ]);
  });

  it('draws a parallel channel: filled between its lines, the middle one dashed', () => {
    // Base line at 200; the third point is 50 above it, so the parallel is at 250, middle at 225.
    const channel: Drawing = {
      ...base,
      id: 'c',
      kind: 'parallel-channel',
      anchors: [at(100, 200), at(300, 200), at(200, 250)],
    };
    expect(paint([channel])).toEqual([
      {
        type: 'polygon',
        points: [
          { x: 100, y: 150 },
          { x: 300, y: 150 },
          { x: 300, y: 200 },
          { x: 100, y: 200 },
        ],
        fill,
      },
      { type: 'line', from: { x: 100, y: 150 }, to: { x: 300, y: 150 }, stroke },
      { type: 'line', from: { x: 100, y: 200 }, to: { x: 300, y: 200 }, stroke },
      {
        type: 'line',
        from: { x: 100, y: 175 },
        to: { x: 300, y: 175 },
        stroke: { ...stroke, width: 1, dash: 'dashed' },
      },
    ]);
  });

  it('draws a Fibonacci retracement: a line and a label per level over the swing, bands between', () => {
    // A rise from 100 to 200: level 0 at 200 (y 200), 0.5 at 150 (y 250), 1 at 100 (y 300).
    const fib: Drawing = {
      ...base,
      id: 'f',
      kind: 'fib-retracement',
      anchors: [at(100, 100), at(300, 200)],
      levels: [0, 0.5, 1],
    };
    const commands = paint([fib]);
    expect(ofType(commands, 'line')).toEqual([
      {
        type: 'line',
        from: { x: 100, y: 300 },
        to: { x: 300, y: 200 },
        stroke: { ...stroke, width: 1, dash: 'dashed' },
      },
      { type: 'line', from: { x: 100, y: 200 }, to: { x: 300, y: 200 }, stroke },
      { type: 'line', from: { x: 100, y: 250 }, to: { x: 300, y: 250 }, stroke },
      { type: 'line', from: { x: 100, y: 300 }, to: { x: 300, y: 300 }, stroke },
    ]);
    expect(texts(commands)).toEqual(['0 (200.00)', '0.5 (150.00)', '1 (100.00)']);
    const bands = ofType(commands, 'polygon');
    expect(bands).toHaveLength(2);
    expect(bands[0]?.points).toEqual([
      { x: 100, y: 200 },
      { x: 300, y: 200 },
      { x: 300, y: 250 },
      { x: 100, y: 250 },
    ]);
  });

  it('writes a note from its point down, a line of text per line', () => {
    const note: Drawing = { ...base, id: 'n', kind: 'text', anchors: [at(100, 200)], text: 'a\nb' };
    expect(paint([note])).toEqual([
      {
        type: 'text',
        at: { x: 100, y: 200 },
        text: 'a',
        color: '#2962ff',
        align: 'left',
        baseline: 'top',
      },
      {
        type: 'text',
        at: { x: 100, y: 216 },
        text: 'b',
        color: '#2962ff',
        align: 'left',
        baseline: 'top',
      },
    ]);
  });
});

describe('positions', () => {
  const long: Drawing = {
    ...base,
    id: 'l',
    kind: 'long-position',
    anchors: [at(300, 100)],
    stop: 90,
    target: 130,
  };

  it('draws a long position’s target zone green and stop zone red, from the entry to the edge', () => {
    const [target, stop] = ofType(paint([long]), 'polygon');
    expect(target).toEqual({
      type: 'polygon',
      points: [
        { x: 300, y: 300 },
        { x: 800, y: 300 },
        { x: 800, y: 270 },
        { x: 300, y: 270 },
      ],
      fill: withAlpha(chartColors.up, 0.2),
    });
    expect(stop?.points).toContainEqual({ x: 800, y: 310 });
    expect(stop?.fill).toBe(withAlpha(chartColors.down, 0.2));
  });

  it('labels the risk/reward and the P&L at target and stop in the quote currency', () => {
    const commands = paint([{ ...long, quantity: 2 }], { format: { quoteCurrency: 'USDT' } });
    expect(texts(commands)).toEqual([
      'Target 130.00 (+30.00%) P&L +60.00 USDT',
      'Stop 90.00 (-10.00%) P&L -20.00 USDT',
      'Long  R:R 3.00  Qty 2',
    ]);
    const [target, stop, entry] = ofType(commands, 'text');
    // Just beyond each zone: above the target at 270, below the stop at 310.
    expect(target).toMatchObject({
      at: { x: 550, y: 264 },
      baseline: 'bottom',
      color: chartColors.upText,
    });
    expect(stop).toMatchObject({
      at: { x: 550, y: 316 },
      baseline: 'top',
      color: chartColors.downText,
    });
    expect(entry).toMatchObject({ at: { x: 550, y: 300 }, background: chartColors.overlay });
  });

  it('ends the zones at the box’s end, and skips a box wholly left of the pane', () => {
    const boxed: Drawing = { ...long, endTime: 500 };
    const [target] = ofType(paint([boxed]), 'polygon');
    expect(target?.points).toEqual([
      { x: 300, y: 300 },
      { x: 500, y: 300 },
      { x: 500, y: 270 },
      { x: 300, y: 270 },
    ]);
    // Its labels are centred on the box: one that ended 1,000 px left of the pane shows nothing.
    expect(paint([{ ...long, anchors: [at(-1400, 100)], endTime: -1000 }])).toEqual([]);
    // Without an end (drawn before boxes had one) it still reaches the pane from far left.
    expect(ofType(paint([{ ...long, anchors: [at(-1400, 100)] }]), 'polygon')).toHaveLength(2);
  });

  it('mirrors a short position', () => {
    const short: Drawing = { ...long, kind: 'short-position', stop: 110, target: 70 };
    expect(texts(paint([short], { format: { formatPrice: (p) => p.toFixed(1) } }))).toEqual([
      'Target 70.0 (-30.00%) P&L +30.00',
      'Stop 110.0 (+10.00%) P&L -10.00',
      'Short  R:R 3.00',
    ]);
  });

  it('draws nothing for a position whose entry is right of the pane', () => {
    expect(paint([{ ...long, anchors: [at(900, 100)] }])).toEqual([]);
  });
});

describe('measures', () => {
  it('measures a price range: a box, an arrow up the middle, the change and percent above', () => {
    const range: Drawing = {
      ...base,
      id: 'p',
      kind: 'price-range',
      anchors: [at(100, 200), at(200, 250)],
    };
    const commands = paint([range]);
    expect(ofType(commands, 'line')).toEqual([
      { type: 'line', from: { x: 150, y: 200 }, to: { x: 150, y: 150 }, stroke },
    ]);
    expect(ofType(commands, 'text')).toEqual([
      {
        type: 'text',
        at: { x: 150, y: 144 },
        text: '+50.00 (+25.00%)',
        color: chartColors.textStrong,
        align: 'center',
        baseline: 'bottom',
        background: chartColors.overlay,
      },
    ]);
  });

  it('writes a fall below the box', () => {
    const range: Drawing = {
      ...base,
      id: 'p',
      kind: 'price-range',
      anchors: [at(100, 250), at(200, 200)],
    };
    const [text] = ofType(paint([range]), 'text');
    expect(text).toMatchObject({
      text: '-50.00 (-20.00%)',
      at: { x: 150, y: 206 },
      baseline: 'top',
    });
  });

  it('measures a date range: its duration and bars, counted by interval or on the chart', () => {
    const range: Drawing = {
      ...base,
      id: 'd',
      kind: 'date-range',
      anchors: [at(120, 200), at(420, 250)],
    };
    const [text] = ofType(paint([range], { format: { interval: '1m' } }), 'text');
    expect(text).toMatchObject({ text: '5m, 5 bars', at: { x: 270, y: 206 } });
    const onChart = { ...mapping, timeToLogical: (t: number) => t / 60 };
    expect(texts(paint([range], { mapping: onChart }))).toEqual(['5m, 5 bars']);
    expect(texts(paint([range]))).toEqual(['5m']);
  });
});

describe('selection, preview and hiding', () => {
  const box: Drawing = {
    ...base,
    id: 'x',
    kind: 'rectangle',
    anchors: [at(100, 300), at(300, 200)],
  };

  it('shows the selected drawing’s handles as small squares at its corners', () => {
    const handles = ofType(paint([box], { selectedId: 'x' }), 'polygon').slice(1);
    expect(handles).toHaveLength(4);
    expect(handles[0]).toEqual({
      type: 'polygon',
      points: [
        { x: 96, y: 96 },
        { x: 104, y: 96 },
        { x: 104, y: 104 },
        { x: 96, y: 104 },
      ],
      fill: chartColors.background,
      stroke: { color: '#2962ff', width: 1, dash: 'solid' },
    });
    expect(handles.map((h) => h.points[0])).toEqual([
      { x: 96, y: 96 },
      { x: 296, y: 196 },
      { x: 96, y: 196 },
      { x: 296, y: 96 },
    ]);
  });

  it('skips hidden drawings and paints the preview last, with its handles', () => {
    const line: Drawing = {
      ...base,
      id: 't',
      kind: 'trend-line',
      anchors: [at(100, 200), at(200, 250)],
    };
    const commands = paint([{ ...box, hidden: true }], { preview: line });
    expect(commands.map((c) => c.type)).toEqual(['line', 'polygon', 'polygon']);
  });
});

describe('a point in the future', () => {
  it('is drawn where its bar will be', () => {
    // Bars at 0, 60, 120 s, 10 px apart from x = 100; a point at 600 s is 10 bars from the first.
    const times = [0, 60, 120];
    const future = createDrawingMapping(
      {
        indexFrom: (t) => Math.min(times.length - 1, times.findIndex((x) => x >= t) >>> 0),
        timeAt: (i) => times[i] ?? null,
        lastIndex: () => times.length - 1,
        indexToX: (i) => 100 + 10 * i,
      },
      { priceToY: (p) => 400 - p, yToPrice: (y) => 400 - y },
    );
    const line: Drawing = {
      ...base,
      id: 't',
      kind: 'trend-line',
      anchors: [at(60, 200), at(600, 250)],
    };
    expect(ofType(paint([line], { mapping: future }), 'line')[0]).toMatchObject({
      from: { x: 110, y: 200 },
      to: { x: 200, y: 150 },
    });
  });
});

describe('formatting', () => {
  it('writes durations in their two largest units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(2_700)).toBe('45m');
    expect(formatDuration(12_000)).toBe('3h 20m');
    expect(formatDuration(86_400 + 3 * 3_600 + 300)).toBe('1d 3h');
    expect(formatDuration(86_400 + 300)).toBe('1d');
    expect(formatDuration(-30)).toBe('-30s');
  });

  it('makes a style colour translucent', () => {
    expect(withAlpha('#2962ff', 0.15)).toBe('rgba(41, 98, 255, 0.15)');
    expect(withAlpha('#2962ff80', 0.5)).toBe('rgba(41, 98, 255, 0.251)');
    expect(withAlpha('red', 0.5)).toBe('red');
  });
});

describe('drawings out of view', () => {
  it('builds nothing for drawings bounded in time that lie wholly left or right of the pane', () => {
    const far: Drawing[] = [
      { ...base, id: 'l', kind: 'trend-line', anchors: [at(-900, 100), at(-700, 200)] },
      { ...base, id: 'r', kind: 'rectangle', anchors: [at(1700, 100), at(1900, 200)] },
      {
        ...base,
        id: 'f',
        kind: 'fib-retracement',
        anchors: [at(-1400, 100), at(-1200, 300)],
        levels: [0, 0.5, 1],
      },
    ];
    expect(paint(far)).toEqual([]);
  });

  it('still draws one whose text reaches into the pane, and lines that reach an edge', () => {
    // The note starts 100 px left of the pane; its 20-character line may reach into it.
    const note: Drawing = {
      ...base,
      id: 'n',
      kind: 'text',
      anchors: [at(-100, 200)],
      text: 'a long note, twenty!',
    };
    expect(texts(paint([note]))).toEqual(['a long note, twenty!']);
    // A ray from far left runs on into the pane: never skipped.
    const ray: Drawing = {
      ...base,
      id: 'y',
      kind: 'ray',
      anchors: [at(-2000, 100), at(-1900, 110)],
    };
    expect(ofType(paint([ray]), 'line')).toHaveLength(1);
  });
});
