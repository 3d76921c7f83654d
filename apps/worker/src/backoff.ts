// Reconnect delays: exponential growth with "equal jitter" (half fixed, half random), so a fleet
// of workers that lost the exchange at the same moment does not come back in lockstep.

export interface BackoffOptions {
  minMs: number;
  maxMs: number;
}

/** Delay before retry number `attempt` (0 for the first retry). */
export function backoffDelay(
  attempt: number,
  opts: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(opts.maxMs, opts.minMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
