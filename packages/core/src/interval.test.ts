import { describe, expect, it } from 'vitest';
import { barCloseTime, barOpenTime, barOpenTimes, intervalMs, nextBarOpen } from './interval';

const t = (iso: string) => Date.parse(iso);

describe('interval arithmetic', () => {
  it('aligns minute and hour bars', () => {
    expect(barOpenTime(t('2025-01-01T03:07:42.123Z'), '1m')).toBe(t('2025-01-01T03:07:00Z'));
    expect(barOpenTime(t('2025-01-01T03:07:42Z'), '5m')).toBe(t('2025-01-01T03:05:00Z'));
    expect(barOpenTime(t('2025-01-01T05:59:59.999Z'), '4h')).toBe(t('2025-01-01T04:00:00Z'));
  });

  it('starts weeks on Monday like Binance', () => {
    // 2025-01-01 was a Wednesday; its week opened Monday 2024-12-30.
    expect(barOpenTime(t('2025-01-01T12:00:00Z'), '1w')).toBe(t('2024-12-30T00:00:00Z'));
    expect(nextBarOpen(t('2024-12-30T00:00:00Z'), '1w')).toBe(t('2025-01-06T00:00:00Z'));
  });

  it('uses calendar months', () => {
    expect(barOpenTime(t('2024-02-29T23:00:00Z'), '1M')).toBe(t('2024-02-01T00:00:00Z'));
    expect(nextBarOpen(t('2024-02-01T00:00:00Z'), '1M')).toBe(t('2024-03-01T00:00:00Z'));
    expect(intervalMs('1M', t('2024-02-10T00:00:00Z'))).toBe(29 * 86_400_000);
  });

  it('gives Binance close times', () => {
    expect(barCloseTime(t('2025-01-01T03:00:00Z'), '1m')).toBe(t('2025-01-01T03:00:59.999Z'));
  });

  it('lists the bars of a range', () => {
    expect(barOpenTimes(t('2025-01-01T00:00:30Z'), t('2025-01-01T00:03:00Z'), '1m')).toEqual([
      t('2025-01-01T00:01:00Z'),
      t('2025-01-01T00:02:00Z'),
    ]);
  });
});
