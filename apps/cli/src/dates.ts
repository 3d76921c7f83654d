// Dates on the command line: `2024-01-01`, `2024-01-01T12:00`, full ISO, or epoch milliseconds.
// Without an explicit zone a date means UTC, as Binance's times do.

export function parseDate(text: string): number {
  const value = text.trim();
  if (/^\d{10,}$/.test(value)) return Number(value);
  const hasZone = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(value);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) || hasZone ? value : `${value}Z`;
  const time = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) {
    throw new Error(
      `"${text}" is not a date: use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z] or epoch ms`,
    );
  }
  return time;
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60)
    return `${m}m${Math.round(s % 60)
      .toString()
      .padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${(m % 60).toString().padStart(2, '0')}m`;
}
