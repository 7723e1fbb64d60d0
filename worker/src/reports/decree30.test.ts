// The Decree 30/2020 wording rules the reports depend on, and reading a screenshot's size from its header.
import { describe, expect, it } from 'vitest';
import { clean, mm, numberLine, PAGE, placeDateLine, viDate, viPercent } from './decree30.ts';
import { fitInto, imageInfo } from './images.ts';

describe('Decree 30 lines', () => {
  it('writes the place and date with a leading 0 for days below 10 and for January and February only', () => {
    expect(placeDateLine('Hà Nội', '2026-01-05')).toBe('Hà Nội, ngày 05 tháng 01 năm 2026');
    expect(placeDateLine('Hà Nội', '2026-02-28')).toBe('Hà Nội, ngày 28 tháng 02 năm 2026');
    expect(placeDateLine('Huế', '2026-03-09')).toBe('Huế, ngày 09 tháng 3 năm 2026');
    expect(placeDateLine('', '2026-12-17')).toBe('……, ngày 17 tháng 12 năm 2026');
  });

  it('numbers "Số: 05/BC-ĐKT" with a leading 0 below 10, and leaves room when there is no number', () => {
    expect(numberLine('5', 'BC', 'ĐKT')).toBe('Số: 05/BC-ĐKT');
    expect(numberLine('123', 'BC', 'ĐKT')).toBe('Số: 123/BC-ĐKT');
    expect(numberLine('', 'BC', 'ĐKT')).toMatch(/^Số: \s+\/BC-ĐKT$/);
  });

  it('keeps A4 and the margins inside the decree ranges', () => {
    const toMm = (twips: number) => (twips * 25.4) / 1440;
    expect(toMm(PAGE.width)).toBeCloseTo(210, 0);
    expect(toMm(PAGE.height)).toBeCloseTo(297, 0);
    expect(toMm(PAGE.margin.top)).toBeGreaterThanOrEqual(19.95);
    expect(toMm(PAGE.margin.left)).toBeGreaterThanOrEqual(29.95);
    expect(toMm(PAGE.margin.right)).toBeLessThanOrEqual(20);
    expect(mm(25.4)).toBe(1440);
  });

  it('writes dates dd/mm/yyyy in Vietnam time and rates with a decimal comma', () => {
    expect(viDate('2026-01-05')).toBe('05/01/2026');
    expect(viDate('2026-01-04T18:30:00Z')).toBe('05/01/2026');
    expect(viDate(null)).toBe('');
    expect(viPercent(0.8)).toBe('80,0%');
    expect(viPercent(2 / 3)).toBe('66,7%');
    expect(viPercent(null)).toBe('—');
  });

  it('composes Vietnamese marks (NFC) and drops characters XML cannot hold', () => {
    const decomposed = 'Tie\u0302\u0301n'; // "Tiến" with combining marks
    expect(clean(decomposed)).toBe('Tiến');
    expect(clean('a\u0000b\u000Bc\td\ne')).toBe('abc\td\ne');
  });
});

describe('imageInfo', () => {
  it('reads a PNG size from IHDR and a JPEG size from its start-of-frame marker', () => {
    const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
    expect(imageInfo(png)).toEqual({ type: 'png', width: 1, height: 1 });
    // SOI, an APP0 segment of 16 bytes, then SOF0 with height 480 and width 640.
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...new Array(14).fill(0), 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(imageInfo(jpeg)).toEqual({ type: 'jpg', width: 640, height: 480 });
    expect(imageInfo(new TextEncoder().encode('<html>not a picture</html>'))).toBeNull();
    expect(imageInfo(new Uint8Array([0xff, 0xd8, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
  });

  it('fits a picture into a box keeping its proportions, never enlarging it', () => {
    expect(fitInto(1280, 800, 400, 265)).toEqual({ width: 400, height: 250 });
    expect(fitInto(800, 1600, 400, 265)).toEqual({ width: 133, height: 265 });
    expect(fitInto(200, 100, 400, 265)).toEqual({ width: 200, height: 100 });
  });
});
