// Content-Disposition for downloads: the name in RFC 6266 form, an ASCII fallback and UTF-8 `filename*`.
import { describe, expect, it } from 'vitest';
import { asciiFileName, attachmentDisposition } from './content-disposition.ts';

describe('attachmentDisposition', () => {
  it('sends an ASCII name as filename only', () => {
    expect(attachmentDisposition('bienban.pdf')).toBe('attachment; filename="bienban.pdf"');
  });

  it('adds filename* in UTF-8 for a Vietnamese name, with an unaccented fallback', () => {
    expect(attachmentDisposition('Biên bản kiểm tra (Đợt 1).pdf')).toBe(
      "attachment; filename=\"Bien ban kiem tra (Dot 1).pdf\"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20ki%E1%BB%83m%20tra%20%28%C4%90%E1%BB%A3t%201%29.pdf",
    );
    expect(decodeURIComponent(attachmentDisposition('Biên bản.pdf').split("UTF-8''")[1] ?? '')).toBe('Biên bản.pdf');
  });

  it('never lets a quote or a semicolon out of the fallback', () => {
    expect(asciiFileName('a";b=c\'.pdf')).toBe('a__b_c_.pdf');
  });
});
