import { describe, expect, it } from 'vitest';
import type { UTCTimestamp } from 'lightweight-charts';
import { chartTimeOptions, crosshairTimeLabel } from './chart-time';

const t = (Date.UTC(2026, 11, 3, 9, 0) / 1000) as UTCTimestamp; // a 1h bar opening 09:00 UTC

describe('chart times in a time zone', () => {
  it('labels the crosshair in the zone, with the date alone for daily bars', () => {
    expect(crosshairTimeLabel(t, 'UTC', '1h')).toBe('3 Dec 2026, 09:00');
    expect(crosshairTimeLabel(t, 'Asia/Kolkata', '1h')).toBe('3 Dec 2026, 14:30');
    expect(crosshairTimeLabel(Date.UTC(2026, 11, 3) / 1000, 'Asia/Kolkata', '1d')).toBe(
      '3 Dec 2026',
    );
  });

  it('gives lightweight-charts formatters for the crosshair and the axis', () => {
    const options = chartTimeOptions('Asia/Kolkata', '1h');
    expect(options.localization.timeFormatter(t)).toBe('3 Dec 2026, 14:30');
    const tick = options.timeScale.tickMarkFormatter;
    expect(tick(t, 3)).toBe('14:30'); // TickMarkType.Time
    expect(tick(t, 2)).toBe('3'); // TickMarkType.DayOfMonth
    expect(chartTimeOptions('UTC').timeScale.tickMarkFormatter(t, 3)).toBe('09:00');
  });
});
