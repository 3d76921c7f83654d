// Splits a quantity into `count` trade sizes that add up to it exactly. Sizes are whole multiples of
// the symbol's quantity step (a trade is never smaller than one step when there are enough steps)
// and follow a skewed distribution: many small prints, a few large ones, as on a real tape.

/**
 * `units` steps split into `count` parts (numbers of steps, summing to `units` exactly). When
 * `units < count` the first `units` parts get one step each and the rest none.
 */
export function splitUnits(units: number, count: number, random: () => number): number[] {
  if (count <= 0) return [];
  if (!Number.isSafeInteger(units) || units < 0) throw new Error(`cannot split ${units} units`);
  if (units < count) return Array.from({ length: count }, (_, i) => (i < units ? 1 : 0));
  const weights = Array.from({ length: count }, () => {
    const r = -Math.log(1 - random()); // exponential
    return r * r + 0.05; // squared: heavier tail
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const spare = units - count;
  const parts = weights.map((w) => 1 + Math.floor((w / total) * spare));
  let rest = units - parts.reduce((a, b) => a + b, 0);
  // Float rounding can leave a few steps over (or, in theory, under): settle them one by one.
  while (rest > 0) {
    parts[Math.floor(random() * count)]! += 1;
    rest--;
  }
  for (let i = 0; rest < 0; i = (i + 1) % count) {
    if (parts[i]! > 1) {
      parts[i]! -= 1;
      rest++;
    }
  }
  return parts;
}
