// The daily digest's text: Vietnamese first, English below it, or one language when the user chose one. The in-app
// list renders the same kinds from the dashboard's message files.
import type { NotificationKind, NotificationParams } from '@onestop/shared';

export type DigestLanguage = 'vi' | 'en' | null;

/** `2026-12-08` → `08/12/2026`, as dates are written in Vietnam. */
export const dmy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

const RESULT_VI = { nc_major: 'không phù hợp nặng', nc_minor: 'không phù hợp nhẹ' } as Record<string, string>;
const RESULT_EN = { nc_major: 'major nonconformity', nc_minor: 'minor nonconformity' } as Record<string, string>;

function lineVi(kind: NotificationKind, p: NotificationParams): string {
  const what = `${RESULT_VI[p.result] ?? 'điểm không phù hợp'} ${p.item_code} (${p.unit_name}, cuộc kiểm tra ${p.audit_code})`;
  switch (kind) {
    case 'action_due':
      return `Hành động khắc phục cho ${what} đến hạn ngày ${dmy(p.due_date ?? '')}.`;
    case 'action_overdue':
      return `Hành động khắc phục cho ${what} đã quá hạn ${p.days ?? 0} ngày (hạn ${dmy(p.due_date ?? '')}).`;
    case 'nc_unanswered':
      return `Chưa phản hồi ${what} sau ${p.days ?? 0} ngày.`;
    case 'dispute_waiting':
      return `Đơn vị phản đối ${what}: chờ trưởng đoàn xem xét.`;
    case 'verification_waiting':
      return `Đơn vị đã thực hiện xong hành động khắc phục cho ${what}: chờ xác minh hiệu lực.`;
    case 'nc_reminder':
      return `Trưởng đoàn nhắc phản hồi ${what}: việc này đang chặn kết thúc cuộc kiểm tra.`;
  }
}

function lineEn(kind: NotificationKind, p: NotificationParams): string {
  const what = `${RESULT_EN[p.result] ?? 'nonconformity'} ${p.item_code} (${p.unit_name}, audit ${p.audit_code})`;
  switch (kind) {
    case 'action_due':
      return `The corrective action for ${what} is due on ${dmy(p.due_date ?? '')}.`;
    case 'action_overdue':
      return `The corrective action for ${what} is ${p.days ?? 0} day(s) overdue (due ${dmy(p.due_date ?? '')}).`;
    case 'nc_unanswered':
      return `No answer yet to ${what} after ${p.days ?? 0} day(s).`;
    case 'dispute_waiting':
      return `The unit disputes ${what}: waiting for the lead inspector's decision.`;
    case 'verification_waiting':
      return `The unit reported the corrective action for ${what} done: waiting for verification.`;
    case 'nc_reminder':
      return `The lead inspector asks for an answer to ${what}: it blocks closing the audit.`;
  }
}

export interface DigestItem {
  kind: NotificationKind;
  params: NotificationParams;
}

export interface DigestText {
  subject: string;
  text: string;
}

function partVi(name: string, day: string, items: readonly DigestItem[]): string {
  return [
    `Kính gửi ${name},`,
    '',
    `Ngày ${dmy(day)} có ${items.length} việc cần anh/chị xử lý:`,
    '',
    ...items.map((i) => `- ${lineVi(i.kind, i.params)}`),
    '',
    'Mở bảng điều khiển OneStop Audit, mục Thông báo, để xem chi tiết.',
    'Thay đổi việc nhận thư tóm tắt trong Tài khoản → Thông báo.',
  ].join('\n');
}

function partEn(name: string, day: string, items: readonly DigestItem[]): string {
  return [
    `Dear ${name},`,
    '',
    `On ${dmy(day)} there are ${items.length} item(s) waiting for you:`,
    '',
    ...items.map((i) => `- ${lineEn(i.kind, i.params)}`),
    '',
    'Open the OneStop Audit dashboard, Notifications, for the details.',
    'Change the digest e-mail in Account → Notifications.',
  ].join('\n');
}

/** The digest of one user's items of one day, in their language, or Vietnamese with English below. */
export function digestText(name: string, day: string, items: readonly DigestItem[], language: DigestLanguage): DigestText {
  const subjectVi = `[OneStop Audit] Nhắc việc ngày ${dmy(day)}: ${items.length} việc cần xử lý`;
  const subjectEn = `[OneStop Audit] Reminders for ${dmy(day)}: ${items.length} item(s)`;
  if (language === 'en') return { subject: subjectEn, text: partEn(name, day, items) };
  if (language === 'vi') return { subject: subjectVi, text: partVi(name, day, items) };
  return { subject: subjectVi, text: `${partVi(name, day, items)}\n\n----- English -----\n\n${partEn(name, day, items)}` };
}
