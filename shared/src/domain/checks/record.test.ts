import { describe, expect, it } from 'vitest';
import { CheckDossierSchema } from '../../schemas/checks.ts';
import { checkDossierFromFields } from './record.ts';

const AS_OF = '2026-11-20T09:30:00Z';

describe('checkDossierFromFields', () => {
  it('turns read values into a check record: absent stays absent, empty becomes null', () => {
    const d = checkDossierFromFields(
      {
        dossier_code: '000.00.12.H26-261118-0001',
        status: 'returned',
        channel: 'Trực tuyến',
        received_at: '2026-11-18T02:38:00Z',
        due_at: '2026-12-09T02:38:00Z',
        returned_at: null,
        statutory_days: '15 ngày làm việc',
        apology_issued: 'false',
        x_apology_count: '2',
        x_submitted_at: '2026-11-17',
        supplement_requests: [{ requested_at: '2026-11-19T01:00:00Z', content: 'Bổ sung' }, { requested_at: 'không rõ' }],
      },
      AS_OF,
    );
    expect(d).toEqual({
      as_of: AS_OF,
      dossier_code: '000.00.12.H26-261118-0001',
      status: 'returned',
      channel: 'online',
      received_at: '2026-11-18T02:38:00Z',
      due_at: '2026-12-09T02:38:00Z',
      returned_at: null,
      statutory_days: 15,
      apology_issued: false,
      apology_count: 2,
      submitted_at: '2026-11-17',
      supplement_requests: [{ requested_at: '2026-11-19T01:00:00Z' }, { requested_at: null }],
    });
    expect(CheckDossierSchema.safeParse(d).success).toBe(true);
    // Not read at all: no key (finished_at, apology_issued_at, new_due_at, procedure…).
    expect('finished_at' in d).toBe(false);
  });

  it('leaves a value it cannot understand absent rather than guessing, and takes the code from the page', () => {
    const d = checkDossierFromFields({ status: 'Đang chờ ký', due_at: '09/12/2026', channel: 'qua Zalo', statutory_days: 'theo quy định', apology_issued: 'đã gửi' }, AS_OF, 'H26-0001');
    expect(d).toEqual({ as_of: AS_OF, dossier_code: 'H26-0001' });
    expect(checkDossierFromFields({ statutory_days: '0,5 ngày', due_at: '' }, AS_OF)).toEqual({ as_of: AS_OF, statutory_days: 0.5, due_at: null });
  });

  it('always gives a record the schema accepts, whatever the page shows', () => {
    const junk = ['', ' ', 'true', '2026-02-30', '2026-02-28T25:00:00Z', '-5', '9999999', 'NaN', 'online', 'returned', '1e3'];
    for (const a of junk) for (const b of junk) {
      const d = checkDossierFromFields({ status: a, channel: b, due_at: a, received_at: b, statutory_days: a, x_apology_count: b, apology_issued: a, supplement_requests: [b] }, AS_OF);
      expect(CheckDossierSchema.safeParse(d).success, JSON.stringify(d)).toBe(true);
    }
  });
});
