import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatTickMark,
  formatTime,
  fromWallTime,
  safeTimeZone,
  timeZones,
  timeZoneSchema,
  toWallTime,
  utcOffsetLabel,
  utcOffsetMinutes,
} from './time-zone';

const at = Date.UTC(2026, 11, 3, 9, 5, 7); // Thu 3 Dec 2026 09:05:07 UTC

describe('formatting in a time zone', () => {
  it('formats one instant in UTC and in half-hour and 45-minute zones', () => {
    expect(formatDateTime(at, 'UTC')).toBe('3 Dec, 09:05');
    expect(formatDateTime(at, 'Asia/Kolkata')).toBe('3 Dec, 14:35');
    expect(formatDateTime(at, 'Asia/Kathmandu')).toBe('3 Dec, 14:50');
    expect(formatDateTime(at, 'America/St_Johns')).toBe('3 Dec, 05:35');
    expect(formatDateTime(at, 'Asia/Kolkata', { year: true, seconds: true })).toBe(
      '3 Dec 2026, 14:35:07',
    );
    expect(formatTime(at, 'Asia/Kolkata')).toBe('14:35');
    expect(formatTime(at, 'Asia/Kolkata', true)).toBe('14:35:07');
    expect(formatDate(at, 'Pacific/Kiritimati')).toBe('3 Dec'); // UTC+14: 23:05 the same day
    expect(formatDate(Date.UTC(2026, 11, 3, 10), 'Pacific/Kiritimati', true)).toBe('4 Dec 2026');
  });

  it('follows daylight saving time on both sides of a change', () => {
    // Berlin springs forward at 01:00 UTC on 29 Mar 2026: 01:59 CET, then 03:00 CEST.
    expect(formatDateTime(Date.UTC(2026, 2, 29, 0, 59), 'Europe/Berlin')).toBe('29 Mar, 01:59');
    expect(formatDateTime(Date.UTC(2026, 2, 29, 1, 0), 'Europe/Berlin')).toBe('29 Mar, 03:00');
    // New York falls back at 06:00 UTC on 1 Nov 2026: 01:30 EDT and 01:30 EST, an hour apart.
    expect(formatTime(Date.UTC(2026, 10, 1, 5, 30), 'America/New_York')).toBe('01:30');
    expect(formatTime(Date.UTC(2026, 10, 1, 6, 30), 'America/New_York')).toBe('01:30');
    expect(utcOffsetLabel('America/New_York', Date.UTC(2026, 10, 1, 5, 30))).toBe('UTC\u221204:00');
    expect(utcOffsetLabel('America/New_York', Date.UTC(2026, 10, 1, 6, 30))).toBe('UTC\u221205:00');
    // Lord Howe moves by half an hour; Chatham sits at +13:45 in its summer.
    expect(utcOffsetMinutes('Australia/Lord_Howe', Date.UTC(2026, 0, 1))).toBe(660);
    expect(utcOffsetMinutes('Australia/Lord_Howe', Date.UTC(2026, 6, 1))).toBe(630);
    expect(utcOffsetLabel('Pacific/Chatham', Date.UTC(2026, 0, 1))).toBe('UTC+13:45');
  });

  it('labels offsets', () => {
    expect(utcOffsetLabel('UTC', at)).toBe('UTC');
    expect(utcOffsetLabel('Asia/Kolkata', at)).toBe('UTC+05:30');
    expect(utcOffsetLabel('America/Sao_Paulo', at)).toBe('UTC\u221203:00');
  });

  it('labels the chart axis by mark type, in the zone', () => {
    expect(formatTickMark(at, 'Asia/Kolkata', 3)).toBe('14:35');
    expect(formatTickMark(at, 'Asia/Kolkata', 4)).toBe('14:35:07');
    expect(formatTickMark(at, 'Asia/Kolkata', 2)).toBe('3');
    expect(formatTickMark(at, 'Asia/Kolkata', 1)).toBe('Dec');
    expect(formatTickMark(at, 'Asia/Kolkata', 0)).toBe('2026');
    // 20:00 UTC on 31 Dec is already the next year in Kolkata.
    expect(formatTickMark(Date.UTC(2026, 11, 31, 20), 'Asia/Kolkata', 0)).toBe('2027');
  });
});

describe('the time zone setting', () => {
  it('accepts IANA names (any case, spelled back as listed) and refuses the rest', () => {
    expect(timeZoneSchema.parse('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(timeZoneSchema.parse(' asia/kolkata ')).toBe('Asia/Kolkata');
    expect(timeZoneSchema.parse('UTC')).toBe('UTC');
    expect(timeZoneSchema.parse('Asia/Calcutta')).toBe('Asia/Kolkata'); // Chromium's name for it
    for (const bad of ['', 'Mars/Olympus_Mons', 'x'.repeat(65), '../../etc/passwd'])
      expect(timeZoneSchema.safeParse(bad).success).toBe(false);
  });

  it('lists the zones to choose from, UTC among them', () => {
    const zones = timeZones();
    expect(zones).toContain('UTC');
    expect(zones).toContain('Asia/Kolkata');
    expect(zones.length).toBeGreaterThan(300);
  });

  it('falls back to UTC for a missing or unknown stored zone', () => {
    expect(safeTimeZone(null)).toBe('UTC');
    expect(safeTimeZone('Mars/Olympus_Mons')).toBe('UTC');
    expect(safeTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
  });
});

describe('datetime-local values in a time zone', () => {
  it('round-trips a wall time, half-hour zones included', () => {
    expect(toWallTime(at, 'Asia/Kolkata')).toBe('2026-12-03T14:35');
    expect(fromWallTime('2026-12-03T14:35', 'Asia/Kolkata')).toBe(Date.UTC(2026, 11, 3, 9, 5));
    expect(fromWallTime('2030-01-01T10:00', 'Asia/Kolkata')).toBe(Date.UTC(2030, 0, 1, 4, 30));
    expect(fromWallTime('2030-01-01T10:00', 'UTC')).toBe(Date.UTC(2030, 0, 1, 10));
    expect(fromWallTime('2030-07-01T10:00', 'America/New_York')).toBe(Date.UTC(2030, 6, 1, 14));
  });

  it('reads DST gaps and repeated hours predictably', () => {
    // 02:30 does not exist in Berlin on 29 Mar 2026: read with the winter offset, i.e. 03:30 CEST.
    const skipped = fromWallTime('2026-03-29T02:30', 'Europe/Berlin');
    expect(skipped).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(toWallTime(skipped, 'Europe/Berlin')).toBe('2026-03-29T03:30');
    // 01:30 happens twice in New York on 1 Nov 2026: the first (EDT) is meant.
    expect(fromWallTime('2026-11-01T01:30', 'America/New_York')).toBe(Date.UTC(2026, 10, 1, 5, 30));
  });

  it('refuses what is not a datetime-local value', () => {
    expect(fromWallTime('', 'UTC')).toBeNaN();
    expect(fromWallTime('tomorrow', 'UTC')).toBeNaN();
  });
});
