// How times read in the alerts list and its log: in the user's time zone (core's one helper).
import { formatDateTime as formatInZone } from '@coinview/core/time-zone';

export function formatDateTime(ms: number, timeZone: string): string {
  return formatInZone(ms, timeZone);
}

/** "just now", "5 min ago", "3 h ago", else the date and time. */
export function formatAgo(ms: number, timeZone: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return formatDateTime(ms, timeZone);
}
