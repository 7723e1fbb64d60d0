// Local dates in Asia/Ho_Chi_Minh and reading dossier dates with a site profile's date_format.
import { describe, expect, it } from 'vitest';
import { compileDateFormat, daysBetween, isCalendarDate, parseDossierDate, todayInVietnam, vietnamDate, vietnamMonth } from './dates.ts';

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
