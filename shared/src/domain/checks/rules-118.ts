// The shipped dossier checks for one-stop shops under Decree 118/2025/NĐ-CP, versioned with the checklist they belong
// to (ISO9001-MC version 1, data/checklist-iso9001-one-stop-shop.json). Plain data typed by the schema (no zod here,
// so the checks chunk can import it); tests validate it with CheckRuleSetSchema and against the checklist's item codes.
// Grades are per dossier: one late dossier is an isolated lapse (nc_minor). Whether a pattern makes the item a major
// nonconformity is the lead inspector's call over the whole sample; a single suggestion cannot see the pattern.
// Time limits remembered from Decree 61/2018 and not checked against Decree 118/2025 give observations, never NCs,
// and every basis says what could not be verified (domain/one-stop-shop-forms.md, legal-basis.md).
import type { CanonicalStatus } from '../profile-fields.ts';
import type { CheckCondition, CheckRuleSet, CheckTimeOperand } from '../../schemas/checks.ts';

/** Dossiers still with the agency, judged against `as_of` (awaiting_return is judged when returned). */
const OPEN: CanonicalStatus[] = ['received', 'processing', 'overdue'];

/** The dossier shows an apology letter (a profile reads it as a presence field: true or false, never empty). */
const APOLOGY_ISSUED: CheckCondition = { equals: ['apology_issued', true] };

/**
 * An apology letter with a later new date, issued before the original appointment: the new date is then in force.
 * (A letter sent after the appointment does not move it: the dossier was already late.)
 */
const RESCHEDULED_IN_TIME: CheckCondition = {
  all: [
    APOLOGY_ISSUED,
    { after: ['new_due_at', 'due_at'] },
    { before: ['apology_issued_at', 'due_at'] },
  ],
};

/**
 * `time` is after the appointment in force: after the original one, and not within a valid new one. Written as a
 * test of the original date first, so a dossier early against it is decided even where the page shows no apology.
 */
const lateAgainstAppointment = (time: CheckTimeOperand): CheckCondition[] => [
  { after: [time, 'due_at'] },
  { not: { all: [RESCHEDULED_IN_TIME, { at_or_before: [time, 'new_due_at'] }] } },
];

/** The appointment the dossier is judged against. */
const APPOINTMENT_IN_FORCE: CheckTimeOperand = { if: RESCHEDULED_IN_TIME, then: 'new_due_at', else: 'due_at' };

/** The result was ready by `deadline` and the citizen collected it later: not the agency's delay. Unknown counts as not ready. */
const finishedBy = (deadline: CheckTimeOperand): CheckCondition => ({ unknown_as: false, cond: { at_or_before: ['finished_at', deadline] } });

/**
 * The deadline for checking and receiving an online dossier: one working day after its submission starts to count (a
 * submission after office hours or on a day off counts from the next working day's opening).
 */
const INTAKE_DEADLINE: CheckTimeOperand = { working_days_after: { counting_start: 'submitted_at' }, days: 1 };

/** The latest lawful appointment: the statutory working days after the receipt starts to count (office hours as above). */
const STATUTORY_LIMIT: CheckTimeOperand = { working_days_after: { counting_start: 'received_at' }, days: 'statutory_days' };

const NOT_VERIFIED_118 = {
  vi: 'Điều khoản cụ thể của Nghị định 118/2025/NĐ-CP chưa được đối chiếu nguyên văn.',
  en: 'The exact article of Decree 118/2025/NĐ-CP was not verified against its text.',
};

export const ONE_STOP_118_RULES: CheckRuleSet = {
  id: 'one-stop-118',
  // 2: appointment-beyond-statutory-limit and online-intake-late count from the office-hours counting start.
  version: 2,
  checklist_code: 'ISO9001-MC',
  checklist_version: 1,
  title: {
    vi: 'Kiểm tra tự động hồ sơ một cửa theo Nghị định 118/2025/NĐ-CP',
    en: 'Automated one-stop-shop dossier checks under Decree 118/2025/NĐ-CP',
  },
  rules: [
    // nc_minor: the appointment is binding and was missed for this dossier. Exact to the minute: returned at the
    // appointment minute is on time, 25 minutes later the same day is late. A result finished in time and collected
    // later by the citizen is not the agency's delay (when finished_at is shown).
    {
      id: 'returned-late',
      version: 1,
      item_code: 'MC-8.5.1-09',
      suggests: 'nc_minor',
      title: { vi: 'Trả kết quả đúng hạn', en: 'Result returned on time' },
      explanation: {
        vi: 'Kết quả được trả lúc {returned_at}, sau thời hạn đang có hiệu lực {appointment} (ngày hẹn ban đầu {due_at}, ngày hẹn lại {new_due_at}): trễ {minutes_late} phút, tức {working_days_late} ngày làm việc.',
        en: 'The result was returned at {returned_at}, after the appointment in force {appointment} (original appointment {due_at}, new appointment {new_due_at}): {minutes_late} minutes late, {working_days_late} working days.',
      },
      basis: {
        vi: `TCVN ISO 9001:2015 mục 8.5.1; Nghị định 118/2025/NĐ-CP về cơ chế một cửa (hiệu lực từ 01/7/2025): kết quả được trả theo thời điểm hẹn trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, hoặc theo ngày hẹn lại trong văn bản xin lỗi gửi trước hạn. ${NOT_VERIFIED_118.vi}`,
        en: `TCVN ISO 9001:2015 clause 8.5.1; Decree 118/2025/NĐ-CP on the one-stop mechanism (in force 1 July 2025): the result is due at the appointment on the receipt-and-appointment slip, or at the new date of an apology letter sent before it. ${NOT_VERIFIED_118.en}`,
      },
      needs: ['status', 'returned_at', 'due_at', 'new_due_at', 'apology_issued', 'apology_issued_at', 'finished_at'],
      when: { status_in: ['returned'] },
      violation: { all: [...lateAgainstAppointment('returned_at'), { not: finishedBy(APPOINTMENT_IN_FORCE) }] },
      report: {
        appointment: APPOINTMENT_IN_FORCE,
        minutes_late: { late_by: 'returned_at', against: APPOINTMENT_IN_FORCE, unit: 'minutes' },
        working_days_late: { late_by: 'returned_at', against: APPOINTMENT_IN_FORCE, unit: 'working_days' },
      },
      undecidable: { report_as: 'undecidable' },
    },
    // nc_minor: as returned-late, for a dossier still with the agency at the page's as-of time.
    {
      id: 'open-past-due',
      version: 1,
      item_code: 'MC-8.5.1-09',
      suggests: 'nc_minor',
      title: { vi: 'Hồ sơ đang giải quyết chưa quá hạn', en: 'Open dossier not past its appointment' },
      explanation: {
        vi: 'Đến {as_of}, hồ sơ vẫn ở trạng thái “{status}” mà thời hạn đang có hiệu lực {appointment} đã qua: quá hạn {working_days_late} ngày làm việc.',
        en: 'At {as_of} the dossier is still “{status}” although the appointment in force {appointment} has passed: {working_days_late} working days overdue.',
      },
      basis: {
        vi: `TCVN ISO 9001:2015 mục 8.5.1; Nghị định 118/2025/NĐ-CP về cơ chế một cửa: hồ sơ phải được giải quyết trong thời hạn hẹn trả. ${NOT_VERIFIED_118.vi}`,
        en: `TCVN ISO 9001:2015 clause 8.5.1; Decree 118/2025/NĐ-CP on the one-stop mechanism: a dossier is resolved by its appointment. ${NOT_VERIFIED_118.en}`,
      },
      needs: ['status', 'due_at', 'new_due_at', 'apology_issued', 'apology_issued_at'],
      when: { status_in: OPEN },
      violation: { all: lateAgainstAppointment('as_of') },
      report: {
        appointment: APPOINTMENT_IN_FORCE,
        working_days_late: { late_by: 'as_of', against: APPOINTMENT_IN_FORCE, unit: 'working_days' },
      },
      undecidable: { report_as: 'undecidable' },
    },
    // nc_minor: the required handling of a nonconforming output (the apology and new appointment) is missing for
    // this dossier. Many such dossiers mean the control does not exist: the lead may grade the item nc_major.
    {
      id: 'overdue-without-apology',
      version: 1,
      item_code: 'MC-8.7-01',
      suggests: 'nc_minor',
      title: { vi: 'Hồ sơ quá hạn có văn bản xin lỗi', en: 'Overdue dossier has an apology letter' },
      explanation: {
        vi: 'Hồ sơ đã quá ngày hẹn trả {due_at} (trạng thái “{status}”, trả kết quả: {returned_at}, thời điểm xem: {as_of}) nhưng không có văn bản xin lỗi và hẹn lại ngày trả kết quả.',
        en: 'The dossier went past its appointment {due_at} (status “{status}”, returned: {returned_at}, as of {as_of}) without an apology letter with a new appointment.',
      },
      basis: {
        vi: `TCVN ISO 9001:2015 mục 8.7; Nghị định 118/2025/NĐ-CP: hồ sơ quá hạn phải có văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu số 04 Thông tư 01/2018/TT-VPCP; mẫu theo Nghị định 118/2025 được cho là “Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết” của Thông tư 03/2025/TT-VPCP, chưa kiểm chứng). ${NOT_VERIFIED_118.vi}`,
        en: `TCVN ISO 9001:2015 clause 8.7; Decree 118/2025/NĐ-CP: an overdue dossier needs an apology letter with a new appointment (form 04 of Circular 01/2018/TT-VPCP; the Decree 118/2025 form is reported as "apology and request to extend the processing time" of Circular 03/2025/TT-VPCP, not verified). ${NOT_VERIFIED_118.en}`,
      },
      needs: ['status', 'returned_at', 'due_at', 'finished_at', 'apology_issued'],
      when: { status_in: [...OPEN, 'awaiting_return', 'returned'] },
      violation: {
        all: [
          {
            any: [
              { all: [{ status_in: ['returned'] }, { after: ['returned_at', 'due_at'] }, { not: finishedBy('due_at') }] },
              { all: [{ status_in: OPEN }, { after: ['as_of', 'due_at'] }] },
              { all: [{ status_in: ['awaiting_return'] }, { after: ['as_of', 'due_at'] }, { after: ['finished_at', 'due_at'] }] },
            ],
          },
          { not: APOLOGY_ISSUED },
        ],
      },
      undecidable: { report_as: 'undecidable' },
    },
    // nc_minor: the letter exists but reached the citizen only after the deadline had passed; the checklist item asks
    // for it before the original appointment.
    {
      id: 'apology-after-due',
      version: 1,
      item_code: 'MC-8.7-01',
      suggests: 'nc_minor',
      title: { vi: 'Văn bản xin lỗi gửi trước ngày hẹn trả', en: 'Apology letter sent before the appointment' },
      explanation: {
        vi: 'Văn bản xin lỗi ban hành lúc {apology_issued_at}, không trước thời điểm hẹn trả {due_at} (sau {days_after_due} ngày làm việc): người dân không được báo trước khi hết hạn.',
        en: 'The apology letter is dated {apology_issued_at}, not before the appointment {due_at} ({days_after_due} working days after it): the citizen was not told before the deadline.',
      },
      basis: {
        vi: `TCVN ISO 9001:2015 mục 8.7; danh mục kiểm tra mục MC-8.7-01: văn bản xin lỗi gửi người dân trước ngày hết hạn. Nghị định 118/2025/NĐ-CP có quy định văn bản xin lỗi. ${NOT_VERIFIED_118.vi}`,
        en: `TCVN ISO 9001:2015 clause 8.7; checklist item MC-8.7-01: the apology reaches the citizen before the original appointment. Decree 118/2025/NĐ-CP provides for the apology letter. ${NOT_VERIFIED_118.en}`,
      },
      needs: ['apology_issued', 'apology_issued_at', 'due_at'],
      when: APOLOGY_ISSUED,
      violation: { at_or_after: ['apology_issued_at', 'due_at'] },
      report: { days_after_due: { late_by: 'apology_issued_at', against: 'due_at', unit: 'working_days' } },
      undecidable: { report_as: 'undecidable' },
    },
    // observation: "at least one day before" is Decree 61/2018 practice, recalled and not verified against Decree
    // 118/2025: an unverified criterion cannot ground a nonconformity.
    {
      id: 'apology-less-than-a-day-before-due',
      version: 1,
      item_code: 'MC-8.7-01',
      suggests: 'observation',
      title: { vi: 'Văn bản xin lỗi gửi trước hạn ít nhất 01 ngày', en: 'Apology letter sent at least one day before the appointment' },
      explanation: {
        vi: 'Văn bản xin lỗi ban hành lúc {apology_issued_at}, cùng ngày với thời điểm hẹn trả {due_at}: thực hành là gửi chậm nhất 01 ngày trước hạn.',
        en: 'The apology letter is dated {apology_issued_at}, the same day as the appointment {due_at}: the practice is to send it at least one day before.',
      },
      basis: {
        vi: 'Thực hành theo Nghị định 61/2018/NĐ-CP (hết hiệu lực từ 01/7/2025): văn bản xin lỗi gửi chậm nhất 01 ngày trước hạn trả kết quả. Mốc này được ghi nhớ, chưa đối chiếu nguyên văn và chưa kiểm lại theo Nghị định 118/2025/NĐ-CP: chỉ là điểm lưu ý.',
        en: 'Decree 61/2018/NĐ-CP practice (ceased 1 July 2025): the apology is sent no later than one day before the appointment. Recalled, not verified against the text, not re-checked against Decree 118/2025/NĐ-CP: an observation only.',
      },
      needs: ['apology_issued', 'apology_issued_at', 'due_at'],
      when: APOLOGY_ISSUED,
      violation: { all: [{ before: ['apology_issued_at', 'due_at'] }, { same_local_day: ['apology_issued_at', 'due_at'] }] },
      undecidable: { report_as: 'undecidable' },
    },
    // observation: "at most once" is Decree 61/2018 practice (not verified against 118/2025). Few systems list the
    // letters, so a dossier without the count is left out quietly.
    {
      id: 'rescheduled-more-than-once',
      version: 1,
      item_code: 'MC-8.7-02',
      suggests: 'observation',
      title: { vi: 'Hẹn lại ngày trả kết quả không quá một lần', en: 'Appointment rescheduled at most once' },
      explanation: {
        vi: 'Hồ sơ có {apology_count} văn bản xin lỗi, hẹn lại ngày trả kết quả: thực hành là chỉ hẹn lại một lần.',
        en: 'The dossier has {apology_count} apology letters with new appointments: the practice is to reschedule once at most.',
      },
      basis: {
        vi: 'TCVN ISO 9001:2015 mục 8.7; thực hành theo Nghị định 61/2018/NĐ-CP: chỉ hẹn lại ngày trả kết quả một lần (ghi nhớ, chưa đối chiếu nguyên văn; chưa kiểm lại theo Nghị định 118/2025/NĐ-CP).',
        en: 'TCVN ISO 9001:2015 clause 8.7; Decree 61/2018/NĐ-CP practice: the appointment is rescheduled at most once (recalled, not verified against the text, not re-checked against Decree 118/2025/NĐ-CP).',
      },
      needs: ['apology_count'],
      violation: { more_than: ['apology_count', 1] },
      undecidable: { report_as: 'not_applicable' },
    },
    // nc_minor: the receipt-and-appointment slip lacks a mandatory element, and on-time delivery becomes undecidable
    // (the on-time rules then answer undecidable: this rule is the finding). Procedures settled on the spot may
    // legitimately carry no appointment.
    {
      id: 'received-without-appointment',
      version: 1,
      item_code: 'MC-8.5.1-01',
      suggests: 'nc_minor',
      title: { vi: 'Hồ sơ tiếp nhận có ngày hẹn trả', en: 'Received dossier has an appointment date' },
      explanation: {
        vi: 'Hồ sơ được tiếp nhận lúc {received_at} nhưng không có ngày hẹn trả kết quả: Giấy tiếp nhận hồ sơ và hẹn trả kết quả thiếu thời điểm hẹn trả, và không thể xác định hồ sơ có được giải quyết đúng hạn hay không.',
        en: 'The dossier was received at {received_at} without an appointment date: the receipt-and-appointment slip lacks the appointment, and whether the dossier is on time cannot be decided.',
      },
      basis: {
        vi: 'TCVN ISO 9001:2015 mục 8.5.1; Giấy tiếp nhận hồ sơ và hẹn trả kết quả ghi thời điểm hẹn trả kết quả (Mẫu số 01 Thông tư 01/2018/TT-VPCP; mẫu 01 theo Nghị định 118/2025/NĐ-CP được cho là thuộc Thông tư 03/2025/TT-VPCP, chưa kiểm chứng).',
        en: 'TCVN ISO 9001:2015 clause 8.5.1; the receipt-and-appointment slip states the appointment time (form 01 of Circular 01/2018/TT-VPCP; the Decree 118/2025/NĐ-CP form 01 is reported to be in Circular 03/2025/TT-VPCP, not verified).',
      },
      needs: ['status', 'received_at', 'due_at'],
      when: { all: [{ present: 'received_at' }, { not: { status_in: ['awaiting_intake', 'refused'] } }] },
      violation: { missing: 'due_at' },
      undecidable: { report_as: 'undecidable' },
    },
    // observation: the calendar, the late-afternoon receipt rule some procedures set, limits stated in hours and a
    // limit recomputed after a supplement all make false positives likely; the inspector confirms before recording.
    // A receipt after closing counts from the next working day (counting_start).
    {
      id: 'appointment-beyond-statutory-limit',
      version: 2,
      item_code: 'MC-8.5.1-02',
      suggests: 'observation',
      title: { vi: 'Ngày hẹn trả không vượt thời hạn giải quyết', en: 'Appointment within the statutory time limit' },
      explanation: {
        vi: 'Ngày hẹn trả {due_at} muộn hơn thời hạn giải quyết: tiếp nhận {received_at}, {statutory_days} ngày làm việc, tức chậm nhất {limit}.',
        en: 'The appointment {due_at} is later than the statutory limit: received {received_at}, {statutory_days} working days, so {limit} at the latest.',
      },
      basis: {
        vi: 'TCVN ISO 9001:2015 mục 8.5.1; thời hạn giải quyết theo quyết định công bố thủ tục hành chính, tính theo ngày làm việc (trừ thứ Bảy, Chủ nhật, ngày lễ); hồ sơ tiếp nhận sau giờ làm việc (17 giờ) hoặc vào ngày nghỉ được tính từ ngày làm việc tiếp theo (thực hành một cửa). Quy tắc tiếp nhận sau 15 giờ (theo Nghị định 61/2018/NĐ-CP, chưa đối chiếu với Nghị định 118/2025/NĐ-CP) không được tính ở đây.',
        en: 'TCVN ISO 9001:2015 clause 8.5.1; the time limit of the published procedure decision, in working days (no Saturdays, Sundays or public holidays); a dossier received after office hours (17:00) or on a day off counts from the next working day (one-stop practice). The after-15:00 receipt rule (Decree 61/2018/NĐ-CP, not checked against Decree 118/2025/NĐ-CP) is not applied here.',
      },
      needs: ['status', 'supplement_requests', 'received_at', 'statutory_days', 'due_at'],
      when: { all: [{ not: { status_in: ['awaiting_intake', 'refused'] } }, { exactly: [{ count: 'supplement_requests' }, 0] }] },
      violation: { after: ['due_at', STATUTORY_LIMIT] },
      report: { limit: STATUTORY_LIMIT },
      undecidable: { report_as: 'undecidable' },
    },
    // observation: "only once" is Decree 61/2018 practice (not verified against 118/2025), and the data does not tell a
    // request at intake from one after the dossier was passed on for decision, which is what the item is about.
    {
      id: 'supplement-requested-more-than-once',
      version: 1,
      item_code: 'MC-8.7-04',
      suggests: 'observation',
      title: { vi: 'Chỉ yêu cầu bổ sung hồ sơ một lần', en: 'Supplement requested at most once' },
      explanation: {
        vi: 'Hồ sơ bị yêu cầu bổ sung, hoàn thiện {requests} lần: thực hành là chỉ yêu cầu bổ sung một lần.',
        en: 'The dossier was sent back for completion {requests} times: the practice is once at most.',
      },
      basis: {
        vi: 'TCVN ISO 9001:2015 mục 8.7; thực hành theo Nghị định 61/2018/NĐ-CP: hồ sơ đã chuyển giải quyết chỉ được yêu cầu bổ sung một lần (ghi nhớ, chưa đối chiếu nguyên văn; chưa kiểm lại theo Nghị định 118/2025/NĐ-CP). Nhiều tỉnh đặt quy định này trong quy trình nội bộ.',
        en: 'TCVN ISO 9001:2015 clause 8.7; Decree 61/2018/NĐ-CP practice: a dossier passed on for decision is sent back for completion once at most (recalled, not verified against the text, not re-checked against Decree 118/2025/NĐ-CP). Many provinces set it in their own procedures.',
      },
      needs: ['supplement_requests'],
      violation: { more_than: [{ count: 'supplement_requests' }, 1] },
      report: { requests: { count: 'supplement_requests' } },
      undecidable: { report_as: 'undecidable' },
    },
    // observation: one working day is a reference threshold that provinces set (and change) in their own procedures;
    // the submission time is not a canonical field yet, so dossiers without it are left out quietly. An evening or
    // weekend submission counts from the next working day's opening (counting_start), as the office does.
    {
      id: 'online-intake-late',
      version: 2,
      item_code: 'MC-8.5.1-14',
      suggests: 'observation',
      title: { vi: 'Hồ sơ trực tuyến được tiếp nhận trong 01 ngày làm việc', en: 'Online dossier received within one working day' },
      explanation: {
        vi: 'Hồ sơ nộp trực tuyến lúc {submitted_at} chưa được kiểm tra, tiếp nhận trong 01 ngày làm việc (hạn {deadline}; tiếp nhận: {received_at}; trạng thái “{status}” lúc {as_of}).',
        en: 'The online dossier submitted at {submitted_at} was not checked and received within one working day (deadline {deadline}; received: {received_at}; status “{status}” at {as_of}).',
      },
      basis: {
        vi: 'TCVN ISO 9001:2015 mục 8.5.1; mốc 01 ngày làm việc là mốc tham khảo trong quy trình nội bộ của nhiều tỉnh, khác nhau giữa các tỉnh và thay đổi theo quyết định: đối chiếu quy trình của tỉnh trước khi kết luận. Hồ sơ nộp ngoài giờ làm việc (sau 17 giờ, ngày nghỉ) được tính từ giờ mở cửa của ngày làm việc tiếp theo.',
        en: 'TCVN ISO 9001:2015 clause 8.5.1; one working day is a reference threshold of many provinces\' own procedures, which differ and change by decision: check the province\'s procedure before concluding. A dossier submitted outside office hours (after 17:00, on a day off) counts from the next working day\'s opening.',
      },
      needs: ['channel', 'submitted_at', 'status', 'received_at'],
      when: { all: [{ equals: ['channel', 'online'] }, { present: 'submitted_at' }, { not: { status_in: ['refused'] } }] },
      violation: {
        any: [
          { all: [{ status_in: ['awaiting_intake'] }, { after: ['as_of', INTAKE_DEADLINE] }] },
          { all: [{ not: { status_in: ['awaiting_intake'] } }, { after: ['received_at', INTAKE_DEADLINE] }] },
        ],
      },
      report: { deadline: INTAKE_DEADLINE },
      undecidable: { report_as: 'not_applicable' },
    },
  ],
};
