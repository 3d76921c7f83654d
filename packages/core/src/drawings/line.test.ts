import { describe, expect, it } from 'vitest';
import type { DrawingOf } from './drawing';
import { channelLines, channelOffset, isLine, priceAt, type Line } from './line';

const p = (time: number, price: number) => ({ time, price });
const sloped = (kind: 'trend-line' | 'ray' | 'extended-line'): Line => ({
  kind,
  anchors: [p(1000, 100), p(2000, 200)],
});

describe('priceAt', () => {
  it('interpolates a trend line between its points and has no price outside them', () => {
    const line = sloped('trend-line');
    expect(priceAt(line, 1000)).toBe(100);
    expect(priceAt(line, 1500)).toBe(150);
    expect(priceAt(line, 2000)).toBe(200);
    expect(priceAt(line, 999)).toBeNull();
    expect(priceAt(line, 2001)).toBeNull();
    expect(priceAt(line, 3000)).toBeNull();
  });

  it('continues a ray past its second point but not before its first', () => {
    const line = sloped('ray');
    expect(priceAt(line, 1500)).toBe(150);
    expect(priceAt(line, 2500)).toBe(250);
    expect(priceAt(line, 3000)).toBe(300);
    expect(priceAt(line, 1000)).toBe(100);
    expect(priceAt(line, 999)).toBeNull();
  });

  it('runs a ray drawn leftwards back in time', () => {
    const line: Line = { kind: 'ray', anchors: [p(2000, 200), p(1000, 100)] };
    expect(priceAt(line, 500)).toBe(50);
    expect(priceAt(line, 2000)).toBe(200);
    expect(priceAt(line, 2001)).toBeNull();
  });

  it('extends an extended line both ways', () => {
    const line = sloped('extended-line');
    expect(priceAt(line, 3000)).toBe(300);
    expect(priceAt(line, 0)).toBe(0);
    expect(priceAt(line, -1000)).toBe(-100);
  });

  it('gives the same answer whichever point was drawn first', () => {
    const reversed: Line = { kind: 'trend-line', anchors: [p(2000, 200), p(1000, 100)] };
    expect(priceAt(reversed, 1250)).toBe(125);
    expect(priceAt(reversed, 2500)).toBeNull();
  });

  it('holds a horizontal line’s price everywhere and a horizontal ray’s from its point on', () => {
    expect(priceAt({ kind: 'horizontal-line', anchors: [p(1000, 42.5)] }, 0)).toBe(42.5);
    const ray: Line = { kind: 'horizontal-ray', anchors: [p(1000, 42.5)] };
    expect(priceAt(ray, 1000)).toBe(42.5);
    expect(priceAt(ray, 9e9)).toBe(42.5);
    expect(priceAt(ray, 999)).toBeNull();
  });

  it('has no price for two points at one time (a vertical line no schema lets through)', () => {
    expect(priceAt({ kind: 'extended-line', anchors: [p(1000, 1), p(1000, 2)] }, 1000)).toBeNull();
  });

  it('takes a drawing as it is stored', () => {
    const drawing: DrawingOf<'trend-line'> = {
      id: 'a',
      kind: 'trend-line',
      anchors: [p(1000, 100), p(2000, 200)],
      style: { color: '#ffffff', width: 1, dash: 'solid' },
      locked: false,
      hidden: false,
    };
    expect(isLine(drawing) && priceAt(drawing, 1500)).toBe(150);
    expect(isLine({ ...drawing, kind: 'rectangle' })).toBe(false);
  });
});

describe('parallel channel', () => {
  const channel = (third: { time: number; price: number }): DrawingOf<'parallel-channel'> => ({
    id: 'c',
    kind: 'parallel-channel',
    anchors: [p(1000, 100), p(2000, 200), third],
    style: { color: '#ffffff', width: 1, dash: 'solid' },
    locked: false,
    hidden: false,
  });

  it('measures the offset of the third point from the base line, extended if need be', () => {
    expect(channelOffset(channel(p(1500, 170)))).toBe(20);
    expect(channelOffset(channel(p(3000, 280)))).toBe(-20);
  });

  it('gives upper, lower and middle lines over the base line’s span', () => {
    const lines = channelLines(channel(p(1500, 170)));
    expect(lines.upper.anchors).toEqual([p(1000, 120), p(2000, 220)]);
    expect(lines.lower.anchors).toEqual([p(1000, 100), p(2000, 200)]);
    expect(lines.middle.anchors).toEqual([p(1000, 110), p(2000, 210)]);
    expect(priceAt(lines.middle, 1500)).toBe(160);
    expect(priceAt(lines.upper, 2500)).toBeNull();
  });

  it('puts the base line on top when the third point is below it', () => {
    const lines = channelLines(channel(p(1500, 120)));
    expect(lines.upper.anchors).toEqual([p(1000, 100), p(2000, 200)]);
    expect(lines.lower.anchors).toEqual([p(1000, 70), p(2000, 170)]);
    expect(lines.middle.anchors).toEqual([p(1000, 85), p(2000, 185)]);
  });
});
