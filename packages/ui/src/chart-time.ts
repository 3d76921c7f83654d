// The chart's times in the user's time zone: the crosshair's label (lightweight-charts'
// `localization.timeFormatter`) and the time axis' marks (`timeScale.tickMarkFormatter`). Bars stay
// UTC seconds; only the labels are converted, with core's one formatting helper, so the chart says
// the same times as the alerts and notifications.
import { type Interval, intervalMs } from '@coinview/core/interval';
import { formatDate, formatDateTime, formatTickMark } from '@coinview/core/time-zone';
import type { Time } from 'lightweight-charts';

function seconds(time: Time): number | null {
  return typeof time === 'number' ? time : null;
}

/** The crosshair's label of a bar at `time` (UTC seconds): date and time, or the date alone for
 *  daily and longer bars. */
export function crosshairTimeLabel(time: number, timeZone: string, interval?: Interval): string {
  const ms = time * 1000;
  const daily = interval !== undefined && intervalMs(interval, ms) >= 86_400_000;
  return daily ? formatDate(ms, timeZone, true) : formatDateTime(ms, timeZone, { year: true });
}

/** Chart options (a part of lightweight-charts' ChartOptions) labelling times in a zone. */
export interface ChartTimeOptions {
  localization: { timeFormatter: (time: Time) => string };
  timeScale: { tickMarkFormatter: (time: Time, mark: number) => string | null };
}

/** The options that make a chart label its times in `timeZone`. */
export function chartTimeOptions(timeZone: string, interval?: Interval): ChartTimeOptions {
  return {
    localization: {
      timeFormatter: (time: Time) => {
        // Coinview's bars are UTC seconds; a business day or date string is shown as given.
        if (typeof time === 'number') return crosshairTimeLabel(time, timeZone, interval);
        return typeof time === 'string' ? time : `${time.year}-${time.month}-${time.day}`;
      },
    },
    timeScale: {
      tickMarkFormatter: (time: Time, mark: number) => {
        const s = seconds(time);
        return s === null ? null : formatTickMark(s * 1000, timeZone, mark);
      },
    },
  };
}
