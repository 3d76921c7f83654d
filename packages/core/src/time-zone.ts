// Times as the trader reads them: every time Coinview shows (the chart's axis and crosshair, the
// alerts list and its log, notifications, alert emails) goes through these functions with the
// user's time zone (an IANA name, a setting; UTC by default). Instants stay epoch numbers (UTC)
// everywhere else; only display converts. Intl.DateTimeFormat does the zone arithmetic (DST,
// half-hour and 45-minute zones) from the runtime's tz database; formatters are cached per zone
// and style because creating one costs far more than formatting with it (the chart's axis formats
// on every redraw). The locale is fixed (en-GB, 24-hour clock) so server and browser render the
// same text.
import { z } from 'zod';

export const DEFAULT_TIME_ZONE = 'UTC';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, style: string, options: Intl.DateTimeFormatOptions) {
  const key = `${timeZone}|${style}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', ...options });
    cache.set(key, f);
  }
  return f;
}

/** Whether the runtime knows `timeZone` as an IANA zone (or an alias of one). */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A zone name as the list spells it, by its current name: "asia/kolkata" and "Asia/Calcutta"
 *  (what Chromium reports for India) → "Asia/Kolkata"; else as given. */
export function canonicalTimeZone(timeZone: string): string {
  const lower = timeZone.toLowerCase();
  const listed = timeZones().find((z) => z.toLowerCase() === lower);
  if (listed) return listed;
  for (const [old, renamed] of Object.entries(RENAMED))
    if (old.toLowerCase() === lower && isTimeZone(renamed)) return renamed;
  return timeZone;
}

export const timeZoneSchema = z
  .string()
  .trim()
  .max(64)
  .refine(isTimeZone, 'Choose a time zone from the list')
  .transform(canonicalTimeZone);

/** `timeZone` when it is a known zone, else UTC (a stored value the runtime no longer knows). */
export function safeTimeZone(timeZone: string | null | undefined): string {
  return timeZone && isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
}

// ICU (Node, Chromium) still lists some zones under their old names; people search for the new.
const RENAMED: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

let listed: string[] | undefined;

/** The zones a user may choose from, sorted, by their current names; UTC included. */
export function timeZones(): string[] {
  if (!listed) {
    const zones = Intl.supportedValuesOf('timeZone').map((z) => {
      const renamed = RENAMED[z];
      return renamed && isTimeZone(renamed) ? renamed : z;
    });
    if (!zones.includes(DEFAULT_TIME_ZONE)) zones.push(DEFAULT_TIME_ZONE);
    listed = zones.sort();
  }
  return listed;
}

type Parts = Record<Intl.DateTimeFormatPartTypes, string>;

function parts(f: Intl.DateTimeFormat, ms: number): Parts {
  const out = {} as Parts;
  for (const p of f.formatToParts(ms)) out[p.type] = p.value;
  return out;
}

/** The zone's offset from UTC at `ms`: "UTC", "UTC+05:30", "UTC−03:00", "UTC+01:00". */
export function utcOffsetLabel(timeZone: string, ms: number): string {
  const minutes = utcOffsetMinutes(timeZone, ms);
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${minutes < 0 ? '\u2212' : '+'}${hh}:${mm}`;
}

/** Minutes the zone's wall clock is ahead of UTC at `ms` (−180 for São Paulo, 330 for Kolkata). */
export function utcOffsetMinutes(timeZone: string, ms: number): number {
  const p = parts(
    formatter(timeZone, 'offset', {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    }),
    ms,
  );
  const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
  return Math.round((wall - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/** "3 Dec 2026, 14:35" (with `seconds`: "14:35:07"); the year only when asked. */
export function formatDateTime(
  ms: number,
  timeZone: string,
  options: { year?: boolean; seconds?: boolean } = {},
): string {
  const style = `dt${options.year ? 'y' : ''}${options.seconds ? 's' : ''}`;
  return formatter(timeZone, style, {
    day: 'numeric',
    month: 'short',
    year: options.year ? 'numeric' : undefined,
    hour: '2-digit',
    minute: '2-digit',
    second: options.seconds ? '2-digit' : undefined,
  }).format(ms);
}

/** "14:35" (or "14:35:07"). */
export function formatTime(ms: number, timeZone: string, seconds = false): string {
  return formatter(timeZone, seconds ? 'ts' : 't', {
    hour: '2-digit',
    minute: '2-digit',
    second: seconds ? '2-digit' : undefined,
  }).format(ms);
}

/** "3 Dec" / "3 Dec 2026". */
export function formatDate(ms: number, timeZone: string, year = false): string {
  return formatter(timeZone, year ? 'dy' : 'd', {
    day: 'numeric',
    month: 'short',
    year: year ? 'numeric' : undefined,
  }).format(ms);
}

/** The labels of a chart's time axis, by how coarse the mark is (lightweight-charts' TickMarkType:
 *  0 year, 1 month, 2 day of month, 3 time, 4 time with seconds), in `timeZone`. */
export function formatTickMark(ms: number, timeZone: string, mark: number): string {
  const p = parts(
    formatter(timeZone, 'tick', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
    ms,
  );
  switch (mark) {
    case 0:
      return p.year;
    case 1:
      return p.month;
    case 2:
      return p.day;
    case 4:
      return `${p.hour}:${p.minute}:${p.second}`;
    default:
      return `${p.hour}:${p.minute}`;
  }
}

/** The wall-clock time at `ms` in `timeZone` as a datetime-local value: "2026-12-03T14:35". */
export function toWallTime(ms: number, timeZone: string): string {
  const p = parts(
    formatter(timeZone, 'wall', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }),
    ms,
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The instant a datetime-local value ("2026-12-03T14:35") names in `timeZone`, or NaN when it is
 * not one. A wall time skipped by a DST change reads as the instant after the gap; one that occurs
 * twice, as the first.
 */
export function fromWallTime(wall: string, timeZone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wall);
  if (!m) return Number.NaN;
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  if (Number.isNaN(asUtc)) return Number.NaN;
  // The offset before and after the guess: the earlier reading wins when both fit (a repeated hour).
  const early = asUtc - utcOffsetMinutes(timeZone, asUtc - 86_400_000) * 60_000;
  const late = asUtc - utcOffsetMinutes(timeZone, asUtc + 86_400_000) * 60_000;
  for (const guess of early <= late ? [early, late] : [late, early]) {
    if (asUtc - utcOffsetMinutes(timeZone, guess) * 60_000 === guess) return guess;
  }
  // In a gap (spring forward): the wall time read with the offset before the change.
  return asUtc - utcOffsetMinutes(timeZone, asUtc - 86_400_000) * 60_000;
}
