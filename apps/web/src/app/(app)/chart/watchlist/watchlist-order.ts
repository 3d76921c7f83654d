// Pure list edits behind the watchlist's optimistic updates: what the list looks like right after
// the user acts, before the server answers (the server's answer then replaces it).

export interface WatchlistEntry {
  id: string;
  symbol: string;
  position: number;
  createdAt: number;
}

function renumbered(list: readonly WatchlistEntry[]): WatchlistEntry[] {
  return list.map((item, position) => (item.position === position ? item : { ...item, position }));
}

export function withAdded(list: readonly WatchlistEntry[], symbol: string, now: number) {
  if (list.some((i) => i.symbol === symbol)) return [...list];
  return [...list, { id: `pending:${symbol}`, symbol, position: list.length, createdAt: now }];
}

export function withRemoved(list: readonly WatchlistEntry[], symbol: string) {
  return renumbered(list.filter((i) => i.symbol !== symbol));
}

/** Moves `symbol` by `delta` places (−1 up, +1 down), clamped to the list. */
export function withMoved(list: readonly WatchlistEntry[], symbol: string, delta: number) {
  const from = list.findIndex((i) => i.symbol === symbol);
  if (from < 0) return [...list];
  const to = Math.max(0, Math.min(list.length - 1, from + delta));
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item) next.splice(to, 0, item);
  return renumbered(next);
}
