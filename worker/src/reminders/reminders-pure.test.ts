// The pure parts of reminders: which reminder a nonconformity calls for on a day (edges of "due within 3 days",
// "overdue" and "unanswered N days"), and the MIME encoding of Vietnamese headers and bodies.
import { describe, expect, it } from 'vitest';
import { buildMimeMessage, encodeHeaderValue, formatAddress } from './mime.ts';
import { daysUnanswered, planReminders, reminderFor, type ReminderFact } from './plan.ts';
import { digestText } from './templates.ts';

const fact = (over: Partial<ReminderFact>): ReminderFact => ({
  findingId: 'f',
  auditId: 'a',
  unitId: 'u',
  status: 'open',
  result: 'nc_minor',
  auditCode: 'KT-1',
  unitName: 'Phường Hàng Bạc',
  itemCode: 'MC-1',
  reportingAt: '2027-03-01T02:00:00.000Z',
  updatedAt: '2027-03-01T02:00:00.000Z',
  reminderAfterDays: 7,
  dueDate: null,
  unitHeadIds: ['h1', 'h2'],
  leadId: 'lead',
  ...over,
});

describe('reminderFor', () => {
  it('reminds of an unanswered nonconformity from the N-th Vietnam day on', () => {
    expect(reminderFor(fact({}), '2027-03-07')).toBeNull();
    expect(reminderFor(fact({}), '2027-03-08')).toEqual({ kind: 'nc_unanswered', days: 7 });
    // 17:30 UTC on 1 March is already 2 March in Vietnam: one day less.
    expect(reminderFor(fact({ updatedAt: '2027-03-01T17:30:00.000Z', reportingAt: null }), '2027-03-08')).toBeNull();
    // Counted from reporting when the finding is older (unit heads can answer only from then).
    expect(daysUnanswered({ reportingAt: '2027-03-05T01:00:00.000Z', updatedAt: '2027-02-01T01:00:00.000Z' }, '2027-03-08')).toBe(3);
  });

  it('reminds of an action due within 3 days, then overdue', () => {
    const planned = (dueDate: string) => reminderFor(fact({ status: 'action_planned', dueDate }), '2027-03-08');
    expect(planned('2027-03-12')).toBeNull();
    expect(planned('2027-03-11')).toEqual({ kind: 'action_due', days: 3 });
    expect(planned('2027-03-08')).toEqual({ kind: 'action_due', days: 0 });
    expect(planned('2027-03-07')).toEqual({ kind: 'action_overdue', days: 1 });
  });

  it('sends disputes and done actions to the lead, the rest to the unit heads', () => {
    const plan = planReminders([fact({ findingId: 'd', status: 'disputed' }), fact({ findingId: 'v', status: 'action_done' }), fact({ findingId: 'o' })], '2027-03-08');
    expect(plan.map((p) => `${p.userId} ${p.kind} ${p.findingId}`)).toEqual(['lead dispute_waiting d', 'lead verification_waiting v', 'h1 nc_unanswered o', 'h2 nc_unanswered o']);
    expect(planReminders([fact({ status: 'disputed', leadId: null })], '2027-03-08')).toEqual([]);
  });
});

describe('MIME', () => {
  const decodeWords = (v: string) =>
    v
      .split('\r\n ')
      .map((w) => {
        const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/.exec(w);
        expect(m, w).not.toBeNull();
        return new TextDecoder().decode(Uint8Array.from(atob(m?.[1] ?? ''), (ch) => ch.charCodeAt(0)));
      })
      .join('');

  it('encodes a Vietnamese subject as RFC 2047 words of at most 75 characters, never splitting a character', () => {
    const subject = '[OneStop Audit] Nhắc việc ngày 08/03/2027: 12 việc cần xử lý — Phường Hàng Bạc, Quận Hoàn Kiếm';
    const encoded = encodeHeaderValue(subject);
    for (const word of encoded.split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeWords(encoded)).toBe(subject);
    expect(encodeHeaderValue('Plain ASCII')).toBe('Plain ASCII');
  });

  it('builds a message with the headers send_email needs and a base64 UTF-8 body', () => {
    const { subject, text } = digestText('Nguyễn Văn An', '2027-03-08', [{ kind: 'action_overdue', params: { audit_code: 'KT-1', unit_name: 'Xã A', item_code: 'MC-1', result: 'nc_major', due_date: '2027-03-05', days: 3 } }], null);
    const raw = buildMimeMessage({ from: { address: 'nhac-viec@example.vn', name: 'Nhắc việc' }, to: { address: 'an@example.vn', name: 'Nguyễn Văn An' }, subject, text, date: new Date('2027-03-07T23:00:00Z'), messageId: 'abc' });
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    expect(head).toContain('\r\nMessage-ID: <abc@example.vn>\r\n');
    expect(head).toContain('\r\nDate: Sun, 07 Mar 2027 23:00:00 +0000\r\n');
    expect(head).toContain('\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64');
    expect(body.split('\r\n').every((l) => l.length <= 76)).toBe(true);
    const decoded = new TextDecoder().decode(Uint8Array.from(atob(body.replace(/\r\n/g, '')), (ch) => ch.charCodeAt(0)));
    expect(decoded).toContain('Hành động khắc phục cho không phù hợp nặng MC-1 (Xã A, cuộc kiểm tra KT-1) đã quá hạn 3 ngày (hạn 05/03/2027).');
    expect(decoded).toContain('is 3 day(s) overdue (due 05/03/2027).');
    expect(() => formatAddress('a@b.vn\r\nBcc: x@y.vn')).toThrow(RangeError);
  });
});
