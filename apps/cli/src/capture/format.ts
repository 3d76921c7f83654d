import { formatDuration } from '../dates';
import type { CaptureCount, CaptureSummary } from './run-capture';

const n = (value: number) => value.toLocaleString('en-US');

export function formatCaptureCount(c: CaptureCount): string {
  const streams = Object.entries(c.byStream)
    .map(([stream, k]) => `${stream} ${n(k)}`)
    .join(', ');
  return `captured ${n(c.messages)} messages (${streams}) ${(c.bytes / 1e6).toFixed(2)} MB in ${formatDuration(c.elapsedMs)}`;
}

export function formatCaptureSummary(s: CaptureSummary): string {
  const lines = [
    `capture stopped (${s.reason === 'duration' ? 'duration reached' : 'signal'}): ${n(s.messages)} messages, ${(s.bytes / 1e6).toFixed(2)} MB in ${formatDuration(s.elapsedMs)} over ${n(s.connections)} connection(s)`,
    `  raw   ${s.outPath}`,
  ];
  for (const [file, rows] of Object.entries(s.csvRows))
    lines.push(`  csv   ${file} (${n(rows)} rows)`);
  if (s.malformed > 0)
    lines.push(`  ${n(s.malformed)} messages could not be parsed (kept in the raw file)`);
  return lines.join('\n');
}
