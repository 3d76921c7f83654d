// When the chart should ask for older history: the view's left edge (a logical index, 0 = the
// oldest bar drawn, negative = empty space before it) has come within a margin of the oldest bar.
// The margin grows with the zoom, so a wide view asks early enough that the edge is rarely seen.
/** Bars left of the view below which older history is requested, at least. */
export const MIN_START_MARGIN = 30;

export function isNearStart(
  range: { from: number; to: number } | null,
  margin = MIN_START_MARGIN,
): boolean {
  if (!range) return false;
  const visible = Math.max(0, range.to - range.from);
  return range.from < Math.max(margin, visible / 2);
}

/** The same view after `count` bars were inserted before it (logical indices shift right). */
export function shiftRange(
  range: { from: number; to: number },
  count: number,
): { from: number; to: number } {
  return { from: range.from + count, to: range.to + count };
}
