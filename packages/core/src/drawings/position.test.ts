import { describe, expect, it } from 'vitest';
import type { DrawingOf } from './drawing';
import { positionStats } from './position';

type Position = DrawingOf<'long-position' | 'short-position'>;
const position = (
  kind: Position['kind'],
  entry: number,
  stop: number,
  target: number,
  quantity?: number,
): Position => ({
  id: 'p',
  kind,
  anchors: [{ time: 1000, price: entry }],
  stop,
  target,
  ...(quantity === undefined ? {} : { quantity }),
  style: { color: '#ffffff', width: 1, dash: 'solid' },
  locked: false,
  hidden: false,
});

describe('positionStats', () => {
  it('long 100, stop 95, target 115, quantity 2', () => {
    expect(positionStats(position('long-position', 100, 95, 115, 2), 103)).toEqual({
      side: 'long',
      entry: 100,
      quantity: 2,
      risk: 5,
      riskPercent: 5,
      reward: 15,
      rewardPercent: 15,
      riskReward: 3,
      pnlAtTarget: 30,
      pnlAtStop: -10,
      pnlAtLast: 6,
    });
  });

  it('short 100, stop 104, target 90, quantity 0.5: profit when the price falls', () => {
    const stats = positionStats(position('short-position', 100, 104, 90, 0.5), 102);
    expect(stats).toMatchObject({
      side: 'short',
      risk: 4,
      riskPercent: 4,
      reward: 10,
      rewardPercent: 10,
      riskReward: 2.5,
      pnlAtTarget: 5,
      pnlAtStop: -2,
      pnlAtLast: -1,
    });
  });

  it('is per unit without a quantity, and has no open P&L without a last price', () => {
    const stats = positionStats(position('long-position', 200, 190, 205));
    expect(stats).toMatchObject({ quantity: 1, pnlAtTarget: 5, pnlAtStop: -10, pnlAtLast: null });
    expect(stats.riskReward).toBe(0.5);
    expect(
      positionStats(position('long-position', 200, 190, 205), Number.NaN).pnlAtLast,
    ).toBeNull();
  });

  it('does not round (the chart formats)', () => {
    const stats = positionStats(position('long-position', 3, 2, 10));
    expect(stats.riskPercent).toBeCloseTo(33.3333333, 6);
    expect(stats.riskReward).toBe(7);
  });
});
