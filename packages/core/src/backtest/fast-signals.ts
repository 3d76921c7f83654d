// A condition evaluated at every bar close at once, from columns (./columns), with exactly the
// bar-close semantics of the live evaluator (../rules/conditions via MarketRules.close):
// - now = the value at this bar; then = the value at the previous committed bar (none on the
//   first bar, where a crossing, entering or exiting is false); a constant is the same at both;
// - a null (warming up; NaN in a column) operand makes a comparison false; a channel with any of
//   its three series null is false (its zone is unknown). A column cannot tell null from an
//   indicator output that is itself NaN; only a channel would read the two differently (MarketRules
//   puts NaN inside the channel), and no catalogue indicator outputs NaN;
// - crosses-above: then ≤ and now >; crosses-below: then ≥ and now <; crosses: either;
// - moving-up/down by N bars: the value minus the lowest (up) / highest (down) of the N values
//   before it, at least `by` (or `by` percent of that reference; a zero reference is false); any
//   NaN among them is false, and so is a bar with fewer than N committed bars before it;
// - all/any: and/or of the parts (the parts have no side effects, so evaluating all of them gives
//   what the short-circuiting tests give).
// Strategy rules fire at every close their condition holds ("once per bar close"): no re-arming.
import type { Channel, Comparison, Condition, Operand } from '../rules/rule';
import { indicatorColumn, lineColumn, priceColumn, type PreparedBacktest } from './columns';

/** A series over the committed bars: a column, or a constant (then = now, also on bar 0). */
type Values = { col: Float64Array; value: 0 } | { col: null; value: number };

function operand(p: PreparedBacktest, op: Operand): Values {
  switch (op.kind) {
    case 'value':
      return { col: null, value: op.value };
    case 'price':
      return { col: priceColumn(p, op.field), value: 0 };
    case 'indicator':
      return { col: indicatorColumn(p, op.id, op.params, op.output), value: 0 };
    case 'line':
      return { col: lineColumn(p, op.line), value: 0 };
  }
}

/** now(i) as a column (a constant filled in), so the loops below read plain arrays. */
function column(v: Values, n: number): Float64Array {
  return v.col ?? new Float64Array(n).fill(v.value);
}

/** then(i): the value at i − 1; NaN at 0 for a column, the constant for a constant. */
function thenAt(v: Values, col: Float64Array, i: number): number {
  if (v.col === null) return v.value;
  return i > 0 ? col[i - 1]! : Number.NaN;
}

function compare(p: PreparedBacktest, c: Comparison & { right: Operand }): Uint8Array {
  const n = p.bars.length;
  const out = new Uint8Array(n);
  const l = operand(p, c.left);
  const r = operand(p, c.right);
  if ((c.op === 'greater-than' || c.op === 'less-than') && l.col && r.col === null) {
    // A series against a level (the common case): no column for the constant.
    const a = l.col;
    const y = r.value;
    if (c.op === 'greater-than') for (let i = 0; i < n; i++) out[i] = a[i]! > y ? 1 : 0;
    else for (let i = 0; i < n; i++) out[i] = a[i]! < y ? 1 : 0;
    return out;
  }
  const a = column(l, n);
  const b = column(r, n);
  if (c.op === 'greater-than' || c.op === 'less-than') {
    const greater = c.op === 'greater-than';
    for (let i = 0; i < n; i++) {
      const x = a[i]!;
      const y = b[i]!;
      out[i] = (greater ? x > y : x < y) ? 1 : 0;
    }
    return out;
  }
  const above = c.op !== 'crosses-below';
  const below = c.op !== 'crosses-above';
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    const x0 = thenAt(l, a, i);
    const y0 = thenAt(r, b, i);
    if (Number.isNaN(x0) || Number.isNaN(y0)) continue;
    if ((above && x0 <= y0 && x > y) || (below && x0 >= y0 && x < y)) out[i] = 1;
  }
  return out;
}

/** -1 below, 0 inside (bounds included), 1 above; NaN while any of the three is warming up. */
function zone(x: number, u: number, l: number): number {
  if (Number.isNaN(x) || Number.isNaN(u) || Number.isNaN(l)) return Number.NaN;
  const hi = u >= l ? u : l;
  const lo = u >= l ? l : u;
  return x > hi ? 1 : x < lo ? -1 : 0;
}

function channelSeries(p: PreparedBacktest, ch: Channel): [Values, Values] {
  if (ch.kind === 'lines') return [operand(p, ch.upper), operand(p, ch.lower)];
  return [
    { col: indicatorColumn(p, ch.id, ch.params, 'upper'), value: 0 },
    { col: indicatorColumn(p, ch.id, ch.params, 'lower'), value: 0 },
  ];
}

function channel(p: PreparedBacktest, c: Comparison & { channel: Channel }): Uint8Array {
  const n = p.bars.length;
  const out = new Uint8Array(n);
  const xv = operand(p, c.left);
  const [uv, lv] = channelSeries(p, c.channel);
  const x = column(xv, n);
  const u = column(uv, n);
  const l = column(lv, n);
  for (let i = 0; i < n; i++) {
    const z = zone(x[i]!, u[i]!, l[i]!);
    if (Number.isNaN(z)) continue;
    let hit: boolean;
    switch (c.op) {
      case 'inside-channel':
        hit = z === 0;
        break;
      case 'outside-channel':
        hit = z !== 0;
        break;
      case 'entering-channel': {
        if (z !== 0) {
          hit = false;
          break;
        }
        const z0 = zone(thenAt(xv, x, i), thenAt(uv, u, i), thenAt(lv, l, i));
        hit = !Number.isNaN(z0) && z0 !== 0;
        break;
      }
      default:
        hit = z !== 0 && zone(thenAt(xv, x, i), thenAt(uv, u, i), thenAt(lv, l, i)) === 0;
    }
    if (hit) out[i] = 1;
  }
  return out;
}

function moving(
  p: PreparedBacktest,
  c: Extract<Comparison, { op: 'moving-up' | 'moving-down' }>,
): Uint8Array {
  const n = p.bars.length;
  const out = new Uint8Array(n);
  const x = column(operand(p, c.left), n);
  const up = c.op === 'moving-up';
  const percent = c.unit === 'percent';
  const { by, bars } = c;
  outer: for (let i = bars; i < n; i++) {
    const now = x[i]!;
    if (Number.isNaN(now)) continue;
    let ref = up ? Infinity : -Infinity;
    for (let j = i - bars; j < i; j++) {
      const v = x[j]!;
      if (Number.isNaN(v)) continue outer;
      if (up ? v < ref : v > ref) ref = v;
    }
    const move = up ? now - ref : ref - now;
    if (!percent) {
      if (move >= by) out[i] = 1;
    } else if (ref !== 0 && (move / Math.abs(ref)) * 100 >= by) out[i] = 1;
  }
  return out;
}

/** 1 at every committed bar whose close the condition holds at, else 0. */
export function conditionBitmap(p: PreparedBacktest, c: Condition): Uint8Array {
  if ('all' in c || 'any' in c) {
    const parts = ('all' in c ? c.all : c.any).map((x) => conditionBitmap(p, x));
    if (parts.length === 1) return parts[0]!;
    const all = 'all' in c;
    const out = parts[0]!.slice();
    for (const part of parts.slice(1))
      for (let i = 0; i < out.length; i++) out[i] = all ? out[i]! & part[i]! : out[i]! | part[i]!;
    return out;
  }
  if ('right' in c) return compare(p, c);
  if ('channel' in c) return channel(p, c);
  return moving(p, c);
}
