// The shared schemas speak English; in Vietnamese mode their messages (and zod's own) are shown in Vietnamese.
// Unknown messages are shown as they are, so nothing is ever hidden.
import type { z } from 'zod';
import { lang } from './i18n.ts';

const FIXED: Record<string, string> = {
  'a month YYYY-MM': 'tháng dạng YYYY-MM',
  'an ISO clause number such as 8.5.1': 'số điều khoản ISO, ví dụ 8.5.1',
  'an attribute name': 'tên thuộc tính HTML',
  'at least 10 characters': 'ít nhất 10 ký tự',
  'at least 12 characters': 'ít nhất 12 ký tự',
  'at most 128 characters': 'tối đa 128 ký tự',
  // worker/src/lib/password-policy.ts and POST /auth/password
  'uses too few different characters': 'dùng quá ít ký tự khác nhau',
  'is a sequence or a repeated pattern (such as 123456789012 or abcabcabcabc)': 'là một dãy liên tiếp hoặc lặp lại (như 123456789012 hay abcabcabcabc)',
  'is a common or breached password': 'là mật khẩu phổ biến hoặc đã bị lộ',
  'contains the name of your e-mail address': 'chứa tên trong địa chỉ thư điện tử của bạn',
  'contains your name': 'chứa họ tên của bạn',
  'contains the name of this system': 'chứa tên của hệ thống này',
  'is not your current password': 'không phải mật khẩu hiện tại của bạn',
  'is the same as the current password': 'trùng với mật khẩu hiện tại',
  'letters, digits, dot, dash or underscore': 'chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới',
  'letters, digits, dot, slash, dash or underscore': 'chỉ gồm chữ, số, dấu chấm, gạch chéo, gạch ngang, gạch dưới',
  'lower-case letters, digits, dash or underscore': 'chỉ gồm chữ thường, số, gạch ngang, gạch dưới',
  'a binding needs a field or a locator': 'gắn tiêu chí cần có trường (field) hoặc cách định vị (locator)',
  'a page needs a url pattern, a recognize rule or both': 'trang cần có mẫu địa chỉ (url), quy tắc nhận diện (recognize) hoặc cả hai',
  'at most 100 entries': 'tối đa 100 mục',
  'at most 100 fields': 'tối đa 100 trường',
  'give a selector, a heading or a text': 'cần có selector, heading hoặc text',
  'must not be before planned_start': 'không được trước ngày bắt đầu',
  'not a URL match pattern such as https://*.dichvucong.gov.vn/*': 'không phải mẫu địa chỉ, ví dụ https://*.dichvucong.gov.vn/*',
  'not a URL pattern (scheme://host/path* or /path*)': 'không phải mẫu địa chỉ (scheme://host/path* hoặc /path*)',
  'not a date format (tokens yyyy MM dd HH mm ss)': 'không phải định dạng ngày (dùng yyyy MM dd HH mm ss)',
  'not a field of the forms vocabulary (or x_… for a custom field)': 'không phải trường trong danh mục trường hồ sơ (hoặc x_… cho trường riêng)',
  'not a valid regular expression': 'biểu thức chính quy không hợp lệ',
  'a unit is listed twice': 'một đơn vị được chọn hai lần',
  'a version is listed twice': 'một phiên bản được chọn hai lần',
};

const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^duplicate item code (.+) \(first at items\[(\d+)\]\)$/, (m) => `mã tiêu chí ${m[1]} bị trùng (lần đầu ở items[${m[2]}])`],
  [/^duplicate field (.+)$/, (m) => `trường ${m[1]} bị trùng`],
  [/^duplicate page id (.+)$/, (m) => `mã trang ${m[1]} bị trùng`],
  [/^no page reads the field (.+)$/, (m) => `không trang nào đọc trường ${m[1]}`],
  [/^no page with id (.+)$/, (m) => `không có trang mã ${m[1]}`],
  // shared/src/schemas/common.ts, noControlCharacters('line' | 'text')
  [/^contains (U\+[0-9A-F]{4,6}): .* one-line text$/, (m) => `chứa ký tự điều khiển hoặc xuống dòng (${m[1]}): không được dùng trong nội dung một dòng`],
  [/^contains (U\+[0-9A-F]{4,6}): control characters/, (m) => `chứa ký tự điều khiển (${m[1]}): chỉ được dùng tab và xuống dòng`],
];

/** A schema message in the current language. */
export function schemaMessage(message: string): string {
  if (lang.value === 'en') return message;
  const fixed = FIXED[message];
  if (fixed) return fixed;
  for (const [re, make] of PATTERNS) {
    const m = re.exec(message);
    if (m) return make(m);
  }
  return message;
}

/** A zod issue in the current language: zod's own codes rendered here, custom messages translated. */
export function zodIssueMessage(issue: z.core.$ZodIssue): string {
  if (lang.value === 'en') return issue.message;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'bắt buộc, không được để trống' : `cần ít nhất ${String(issue.minimum)} ký tự`;
      if (issue.origin === 'array') return `cần ít nhất ${String(issue.minimum)} mục`;
      return `không được nhỏ hơn ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `quá dài (tối đa ${String(issue.maximum)} ký tự)`;
      if (issue.origin === 'array') return `quá nhiều mục (tối đa ${String(issue.maximum)})`;
      return `không được lớn hơn ${String(issue.maximum)}`;
    case 'invalid_type':
      return issue.input === undefined ? 'bắt buộc' : `sai kiểu dữ liệu (cần ${issue.expected})`;
    case 'unrecognized_keys':
      return `khoá không được phép: ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `phải là một trong: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'giá trị không hợp lệ';
    default:
      return schemaMessage(issue.message);
  }
}
