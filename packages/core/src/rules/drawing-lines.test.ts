import { describe, expect, it } from 'vitest';
import type { Drawing } from '../drawings';
import { followDrawings } from './drawing-lines';
import type { Condition } from './rule';

const style = { color: '#2962ff', width: 2, dash: 'solid' } as const;
const base = { style, locked: false, hidden: false };
const close = { kind: 'price', field: 'close' } as const;
const p = (time: number, price: number) => ({ time, price });

const trend = (id: string, a: number, b: number): Drawing => ({
  ...base,
  id,
  kind: 'trend-line',
  anchors: [p(1000, a), p(2000, b)],
});

const crossing = (drawingId: string | undefined, a: number, b: number): Condition => ({
  op: 'crosses',
  left: close,
  right: {
    kind: 'line',
    line: { kind: 'trend-line', anchors: [p(1000, a), p(2000, b)] },
    ...(drawingId ? { drawingId } : {}),
  },
});

describe('followDrawings', () => {
  it('moves a line made from a drawing to where the drawing is now', () => {
    expect(followDrawings(crossing('d1', 100, 200), [trend('d1', 110, 190)])).toEqual(
      crossing('d1', 110, 190),
    );
  });

  it('leaves the condition alone when the drawing did not move, is gone, or is not its own', () => {
    expect(followDrawings(crossing('d1', 100, 200), [trend('d1', 100, 200)])).toBeNull();
    expect(followDrawings(crossing('d1', 100, 200), [trend('d2', 1, 2)])).toBeNull();
    expect(followDrawings(crossing(undefined, 100, 200), [trend('d1', 1, 2)])).toBeNull();
    // A drawing turned into something that is not a line (same id) is not followed.
    const note: Drawing = { ...base, id: 'd1', kind: 'text', anchors: [p(1000, 5)], text: 'x' };
    expect(followDrawings(crossing('d1', 100, 200), [note])).toBeNull();
  });

  it("follows inside groups, and a channel's two lines follow the channel", () => {
    const channel: Drawing = {
      ...base,
      id: 'c1',
      kind: 'parallel-channel',
      // Base line 100 → 200, the parallel 20 below it.
      anchors: [p(1000, 100), p(2000, 200), p(1500, 130)],
    };
    const entering: Condition = {
      op: 'entering-channel',
      left: close,
      channel: {
        kind: 'lines',
        upper: {
          kind: 'line',
          line: { kind: 'trend-line', anchors: [p(1000, 0), p(2000, 1)] },
          drawingId: 'c1',
        },
        lower: {
          kind: 'line',
          line: { kind: 'trend-line', anchors: [p(1000, 0), p(2000, 1)] },
          drawingId: 'c1',
        },
      },
    };
    const moved = followDrawings({ all: [crossing('d1', 1, 2), entering] }, [
      trend('d1', 3, 4),
      channel,
    ]) as { all: Condition[] };
    expect(moved.all[0]).toEqual(crossing('d1', 3, 4));
    expect(moved.all[1]).toMatchObject({
      channel: {
        upper: { line: { anchors: [p(1000, 100), p(2000, 200)] } },
        lower: { line: { anchors: [p(1000, 80), p(2000, 180)] } },
      },
    });
  });
});
