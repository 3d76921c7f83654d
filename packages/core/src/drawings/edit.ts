// Editing a drawing with the pointer: its handles (where the chart shows them), dragging one, and
// moving the whole drawing. Each edit returns a new drawing that still passes drawingSchema; an
// edit that would break it (a trend line's handle dragged to the other point's time, a long
// position's stop dragged above its entry, a point moved before 1970) returns the drawing it was
// given, the same object, so the chart keeps the last valid shape while the pointer moves on and
// `next === current` says nothing changed. A locked drawing is never changed.
import { drawingSchema, type Anchor, type Drawing } from './drawing';
import { channelOffset } from './line';

/**
 * Where the handles are, in the order moveHandle and hitTest number them: the anchors, then for a
 * rectangle its two other corners (2: first point's time at second point's price, 3: the reverse),
 * and for a position its entry (0), stop (1) and target (2), all at the entry's time, and the end
 * of its box (3, at the entry's price) when it has one.
 */
export function handleAnchors(d: Drawing): Anchor[] {
  switch (d.kind) {
    case 'rectangle': {
      const [a, b] = d.anchors;
      return [a, b, { time: a.time, price: b.price }, { time: b.time, price: a.price }];
    }
    case 'long-position':
    case 'short-position': {
      const [entry] = d.anchors;
      const handles = [
        entry,
        { time: entry.time, price: d.stop },
        { time: entry.time, price: d.target },
      ];
      if (d.endTime !== undefined) handles.push({ time: d.endTime, price: entry.price });
      return handles;
    }
    default:
      return [...d.anchors];
  }
}

/** The drawing with handle `index` dragged to `to` (its time rounded to whole seconds). */
export function moveHandle<D extends Drawing>(d: D, index: number, to: Anchor): D {
  if (d.locked) return d;
  const point = { time: Math.round(to.time), price: to.price };
  return checked(d, withHandleAt(d, index, point));
}

/**
 * The whole drawing moved by `dTime` seconds (rounded to whole seconds) and `dPrice`: every point,
 * and a position's stop and target with its entry.
 */
export function moveDrawing<D extends Drawing>(d: D, dTime: number, dPrice: number): D {
  if (d.locked) return d;
  const shift = (a: Anchor): Anchor => ({
    time: a.time + Math.round(dTime),
    price: a.price + dPrice,
  });
  const drawing: Drawing = d;
  const moved = { ...drawing, anchors: drawing.anchors.map(shift) };
  if (drawing.kind === 'long-position' || drawing.kind === 'short-position')
    return checked(d, {
      ...moved,
      stop: drawing.stop + dPrice,
      target: drawing.target + dPrice,
      ...(drawing.endTime !== undefined ? { endTime: drawing.endTime + Math.round(dTime) } : {}),
    });
  return checked(d, moved);
}

function withHandleAt(d: Drawing, index: number, to: Anchor): object | null {
  const replaced = (anchors: readonly Anchor[]) =>
    index >= 0 && index < anchors.length ? anchors.map((a, i) => (i === index ? to : a)) : null;
  switch (d.kind) {
    case 'rectangle': {
      const [a, b] = d.anchors;
      if (index === 2)
        return {
          ...d,
          anchors: [
            { ...a, time: to.time },
            { ...b, price: to.price },
          ],
        };
      if (index === 3)
        return {
          ...d,
          anchors: [
            { ...a, price: to.price },
            { ...b, time: to.time },
          ],
        };
      break;
    }
    case 'long-position':
    case 'short-position':
      if (index === 1) return { ...d, stop: to.price };
      if (index === 2) return { ...d, target: to.price };
      // The box's end moves in time only; its height is the stop's and the target's.
      if (index === 3 && d.endTime !== undefined) return { ...d, endTime: to.time };
      // The entry moved: the box keeps its width.
      if (index === 0 && d.endTime !== undefined)
        return { ...d, anchors: [to], endTime: d.endTime + (to.time - d.anchors[0].time) };
      break;
    case 'parallel-channel':
      // Dragging the base line keeps the channel as wide as it was where the third point is.
      if (index === 0 || index === 1) {
        const [a, b, c] = d.anchors;
        const base: [Anchor, Anchor] = index === 0 ? [to, b] : [a, to];
        const reshaped = { ...d, anchors: [...base, c] as [Anchor, Anchor, Anchor] };
        const keepWidth = channelOffset(d) - channelOffset(reshaped);
        return { ...d, anchors: [...base, { ...c, price: c.price + keepWidth }] };
      }
      break;
  }
  const anchors = replaced(d.anchors);
  return anchors && { ...d, anchors };
}

/** The candidate if it is a valid drawing, else the original, unchanged. */
function checked<D extends Drawing>(original: D, candidate: object | null): D {
  if (candidate === null) return original;
  const result = drawingSchema.safeParse(candidate);
  // The kind is the original's (every edit spreads it), so the parsed drawing is a D.
  return result.success ? (result.data as D) : original;
}
