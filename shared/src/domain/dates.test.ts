// Local dates in Asia/Ho_Chi_Minh and reading dossier dates with a site profile's date_format.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, compileDateFormat, daysBetween, isCalendarDate, isTimeZone, parseDossierDate, todayInVietnam, vietnamDate, vietnamMonth, zonedTimeToUtc } from './dates.ts';

describe('Asia/Ho_Chi_Minh dates', () => {
  it.each([
    ['2026-11-22T16:59:59.999Z', '2026-11-22'],
    ['2026-11-22T17:00:00.000Z', '2026-11-23'],
    ['2026-11-23T08:00:00+07:00', '2026-11-23'],
    ['2026-11-23', '2026-11-23'],
  ])('vietnamDate(%s) = %s', (iso, date) => {
    expect(vietnamDate(iso)).toBe(date);
  });

  it('months, today and day counts', () => {
    expect(vietnamMonth('2026-06-30T17:30:00Z')).toBe('2026-07');
    expect(todayInVietnam(new Date('2026-12-31T18:00:00Z'))).toBe('2027-01-01');
    expect(daysBetween('2026-11-23', '2026-12-01')).toBe(8);
    expect(daysBetween('2026-12-01', '2026-11-23')).toBe(-8);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(() => vietnamDate('yesterday')).toThrow(RangeError);
  });
});

describe('parseDossierDate', () => {
  it.each<[string, string, string | null]>([
    ['01/07/2025 10:30', 'dd/MM/yyyy HH:mm', '2025-07-01T03:30:00.000Z'],
    ['Ngày tiếp nhận: 01/07/2025 07:15:09 (thứ Ba)', 'dd/MM/yyyy HH:mm:ss', '2025-07-01T00:15:09.000Z'],
    ['1/7/2025', 'd/M/yyyy', '2025-07-01'],
    ['15/07/2025', 'dd/MM/yyyy', '2025-07-15'],
    ['2025-07-15', 'yyyy-MM-dd', '2025-07-15'],
    ['10 giờ 30 phút, ngày 01 tháng 07 năm 2025', "HH 'giờ' mm 'phút, ngày' dd 'tháng' MM 'năm' yyyy", '2025-07-01T03:30:00.000Z'],
    ['31/02/2025', 'dd/MM/yyyy', null],
    ['01/07/2025 25:00', 'dd/MM/yyyy HH:mm', null],
    ['không có ngày', 'dd/MM/yyyy', null],
  ])('%s as %s → %s', (text, format, expected) => {
    expect(parseDossierDate(text, format)).toBe(expected);
  });

  it.each(['', 'dd/MM', 'MM/yyyy', 'dd/MM/yyyy dd', 'dd/MM/yyyy HH:mm a', "dd/MM/yyyy 'unclosed"])('rejects the format %j', (format) => {
    expect(compileDateFormat(format)).toBeNull();
  });
});

describe('source time zones', () => {
  it('knows IANA zone names and refuses the rest', () => {
    for (const ok of ['Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'UTC', 'America/New_York']) expect(isTimeZone(ok), ok).toBe(true);
    for (const bad of ['', 'Asia/Hanoi_City', 'Mars/Olympus', '+07:00; x', 'a'.repeat(65)]) expect(isTimeZone(bad), bad).toBe(false);
  });

  it.each([
    ['01/07/2025 10:30', 'Asia/Ho_Chi_Minh', '2025-07-01T03:30:00.000Z'],
    ['01/07/2025 10:30', 'Asia/Bangkok', '2025-07-01T03:30:00.000Z'],
    ['01/07/2025 10:30', 'Asia/Tokyo', '2025-07-01T01:30:00.000Z'],
    ['01/07/2025 10:30', 'UTC', '2025-07-01T10:30:00.000Z'],
    // Daylight saving: summer and winter offsets, a repeated hour (its first occurrence), a skipped one (after it).
    ['01/07/2025 10:30', 'Europe/Berlin', '2025-07-01T08:30:00.000Z'],
    ['01/12/2025 10:30', 'Europe/Berlin', '2025-12-01T09:30:00.000Z'],
    ['08/03/2026 03:30', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['08/03/2026 02:30', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['01/11/2026 01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['01/07/2025', 'Asia/Tokyo', '2025-07-01'],
  ])('reads %s in %s as %s', (text, zone, iso) => {
    expect(parseDossierDate(text, text.length > 10 ? 'dd/MM/yyyy HH:mm' : 'dd/MM/yyyy', zone)).toBe(iso);
  });

  it('gives no instant in an unknown zone', () => {
    expect(zonedTimeToUtc(2025, 7, 1, 10, 30, 0, 'Nowhere/Land')).toBeNull();
    expect(parseDossierDate('01/07/2025 10:30', 'dd/MM/yyyy HH:mm', 'Nowhere/Land')).toBeNull();
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Ho_Chi_Minh');
  });
});
