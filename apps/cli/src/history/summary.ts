import { formatDuration, formatTime } from '../dates';
import type { HistorySummary } from './run-history';

const n = (value: number) => value.toLocaleString('en-US');

/** The end-of-run report, one fact per line. */
export function formatHistorySummary(s: HistorySummary): string {
  const rate = s.downloaded / Math.max(s.elapsedMs / 1000, 0.001);
  const lines = [
    `${s.symbol} ${s.interval}: ${s.interrupted ? 'interrupted, everything downloaded so far is kept' : 'done'}`,
    `  candles     ${n(s.downloaded)}${s.firstOpenTime === undefined ? ' (already up to date)' : ` from ${formatTime(s.firstOpenTime)} to ${formatTime(s.lastOpenTime!)}`}${s.resumed ? ' (resumed)' : ''}`,
  ];
  if (s.storedInDb !== undefined) lines.push(`  database    ${n(s.storedInDb)} stored`);
  if (s.writtenToCsv !== undefined) lines.push(`  csv         ${n(s.writtenToCsv)} rows appended`);
  lines.push(
    `  requests    ${n(s.requests)} (${n(s.retries)} retries${s.throttledMs > 0 ? `, ${formatDuration(s.throttledMs)} waiting for the rate limit` : ''})`,
    `  time        ${formatDuration(s.elapsedMs)} (${n(Math.round(rate))} candles/s)`,
    `  gaps        ${s.gaps.length === 0 ? 'none in the exchange data' : `${n(s.gaps.length)} in the exchange data, ${n(s.missingBars)} bars missing`}`,
  );
  for (const gap of s.gaps.slice(0, 10))
    lines.push(
      `              ${formatTime(gap.from)} .. ${formatTime(gap.to)} (${n(gap.missingBars)} bars)`,
    );
  if (s.gaps.length > 10) lines.push(`              … and ${n(s.gaps.length - 10)} more`);
  return lines.join('\n');
}
