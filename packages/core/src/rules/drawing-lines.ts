// Alerts made from a chart drawing follow it: a line operand that names its drawing (`drawingId`)
// takes the drawing's current points when the drawing is saved again (moved, resized), as
// TradingView moves an alert with its trend line. A channel's alert (its upper and lower lines,
// both naming the channel) takes the channel's lines. A drawing that no longer exists, or is no
// longer a line, leaves the alert as it was: it keeps watching the line it was made with.
import { channelLines, isLine, type Drawing } from '../drawings';
import type { Channel, Condition, LineOperand, Operand } from './rule';

type Found = Map<string, Drawing>;

function sameLine(a: LineOperand['line'], b: LineOperand['line']): boolean {
  return (
    a.kind === b.kind &&
    a.anchors.length === b.anchors.length &&
    a.anchors.every((p, i) => p.time === b.anchors[i]!.time && p.price === b.anchors[i]!.price)
  );
}

/** The line a drawing gives an operand that was made from it (`side` for a channel's two). */
function lineOf(drawing: Drawing, side: 'upper' | 'lower' | null): LineOperand['line'] | null {
  if (drawing.kind === 'parallel-channel') {
    if (side === null) return null;
    const line = channelLines(drawing)[side];
    return { kind: 'trend-line', anchors: [line.anchors[0], line.anchors[1]] };
  }
  if (!isLine(drawing)) return null;
  return drawing.kind === 'horizontal-line' || drawing.kind === 'horizontal-ray'
    ? { kind: drawing.kind, anchors: [drawing.anchors[0]] }
    : { kind: drawing.kind, anchors: [drawing.anchors[0], drawing.anchors[1]] };
}

function operand(op: Operand, drawings: Found, side: 'upper' | 'lower' | null): Operand {
  if (op.kind !== 'line' || op.drawingId === undefined) return op;
  const drawing = drawings.get(op.drawingId);
  const line = drawing ? lineOf(drawing, side) : null;
  return line && !sameLine(line, op.line) ? { ...op, line } : op;
}

function channel(ch: Channel, drawings: Found): Channel {
  if (ch.kind !== 'lines') return ch;
  const upper = operand(ch.upper, drawings, 'upper');
  const lower = operand(ch.lower, drawings, 'lower');
  return upper === ch.upper && lower === ch.lower ? ch : { ...ch, upper, lower };
}

function condition(c: Condition, drawings: Found): Condition {
  if ('all' in c) {
    const all = c.all.map((x) => condition(x, drawings));
    return all.every((x, i) => x === c.all[i]) ? c : { all };
  }
  if ('any' in c) {
    const any = c.any.map((x) => condition(x, drawings));
    return any.every((x, i) => x === c.any[i]) ? c : { any };
  }
  const left = operand(c.left, drawings, null);
  if ('right' in c) {
    const right = operand(c.right, drawings, null);
    return left === c.left && right === c.right ? c : { ...c, left, right };
  }
  if ('channel' in c) {
    const ch = channel(c.channel, drawings);
    return left === c.left && ch === c.channel ? c : { ...c, left, channel: ch };
  }
  return left === c.left ? c : { ...c, left };
}

/**
 * The condition with every line made from one of `drawings` moved to where that drawing is now;
 * null when nothing changed (no such line, or the drawings did not move).
 */
export function followDrawings(c: Condition, drawings: readonly Drawing[]): Condition | null {
  const next = condition(c, new Map(drawings.map((d) => [d.id, d])));
  return next === c ? null : next;
}
