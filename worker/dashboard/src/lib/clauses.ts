// Titles of the ISO 9001:2015 clause groups (first two numbers), as TCVN ISO 9001:2015 names them, and the labels a
// chart axis shows for them ("8.5 Sản xuất và cung cấp dịch vụ", wrapped or cut to fit).
import { lang } from './i18n.ts';

const TITLES: Record<string, [string, string]> = {
  '4.1': ['Hiểu tổ chức và bối cảnh', 'Understanding the organization and its context'],
  '4.2': ['Nhu cầu và mong đợi của các bên quan tâm', 'Needs and expectations of interested parties'],
  '4.3': ['Phạm vi của hệ thống quản lý chất lượng', 'Scope of the quality management system'],
  '4.4': ['Hệ thống quản lý chất lượng và các quá trình', 'QMS and its processes'],
  '5.1': ['Sự lãnh đạo và cam kết', 'Leadership and commitment'],
  '5.2': ['Chính sách chất lượng', 'Quality policy'],
  '5.3': ['Vai trò, trách nhiệm và quyền hạn', 'Roles, responsibilities and authorities'],
  '6.1': ['Giải quyết rủi ro và cơ hội', 'Actions to address risks and opportunities'],
  '6.2': ['Mục tiêu chất lượng', 'Quality objectives'],
  '6.3': ['Hoạch định các thay đổi', 'Planning of changes'],
  '7.1': ['Nguồn lực', 'Resources'],
  '7.2': ['Năng lực', 'Competence'],
  '7.3': ['Nhận thức', 'Awareness'],
  '7.4': ['Trao đổi thông tin', 'Communication'],
  '7.5': ['Thông tin dạng văn bản', 'Documented information'],
  '8.1': ['Hoạch định và kiểm soát việc thực hiện', 'Operational planning and control'],
  '8.2': ['Yêu cầu đối với dịch vụ', 'Requirements for products and services'],
  '8.3': ['Thiết kế và phát triển', 'Design and development'],
  '8.4': ['Kiểm soát quá trình do bên ngoài cung cấp', 'Control of externally provided processes'],
  '8.5': ['Sản xuất và cung cấp dịch vụ', 'Production and service provision'],
  '8.6': ['Thông qua dịch vụ', 'Release of products and services'],
  '8.7': ['Kiểm soát đầu ra không phù hợp', 'Control of nonconforming outputs'],
  '9.1': ['Theo dõi, đo lường, phân tích và đánh giá', 'Monitoring, measurement, analysis and evaluation'],
  '9.2': ['Đánh giá nội bộ', 'Internal audit'],
  '9.3': ['Xem xét của lãnh đạo', 'Management review'],
  '10.1': ['Cải tiến — khái quát', 'Improvement — general'],
  '10.2': ['Sự không phù hợp và hành động khắc phục', 'Nonconformity and corrective action'],
  '10.3': ['Cải tiến liên tục', 'Continual improvement'],
};

export function clauseTitle(group: string): string {
  const entry = TITLES[group];
  if (!entry) return '';
  return lang.value === 'vi' ? entry[0] : entry[1];
}

/** "8.5 Sản xuất và cung cấp dịch vụ" in the current language; the bare number for a group without a known title. */
export function clauseLabel(group: string): string {
  const title = clauseTitle(group);
  return title ? `${group} ${title}` : group;
}

/**
 * Breaks `text` into at most `maxLines` lines of at most `width` characters, at spaces where it can (a longer word
 * is cut); text that does not fit ends in "…". Characters are counted as code points, so Vietnamese letters with
 * their marks count once.
 */
export function wrapLabel(text: string, width: number, maxLines: number): string[] {
  const w = Math.max(2, Math.floor(width));
  const lines: string[] = [];
  let rest = Array.from(text.trim().replace(/\s+/g, ' '));
  while (rest.length > 0 && lines.length < Math.max(1, maxLines)) {
    if (rest.length <= w) {
      lines.push(rest.join(''));
      rest = [];
      break;
    }
    const at = rest.lastIndexOf(' ', w);
    lines.push(rest.slice(0, at > 0 ? at : w).join(''));
    rest = rest.slice(at > 0 ? at + 1 : w);
  }
  if (rest.length > 0) {
    const last = Array.from(lines.pop() ?? '');
    lines.push(`${(last.length >= w ? last.slice(0, w - 1) : last).join('')}…`);
  }
  return lines;
}

/**
 * A clause group's label on a chart axis whose columns are `columnPx` wide: wrapped on up to three lines when the
 * columns are wide enough for a word or two, else one line cut at 28 characters (the chart turns it sideways). The
 * full name is in the tooltip and in the table next to the chart.
 */
export function clauseAxisLabel(group: string, columnPx: number): string | string[] {
  const chars = Math.floor(columnPx / 7);
  const label = clauseLabel(group);
  if (chars >= 9) return wrapLabel(label, chars, 3);
  return wrapLabel(label, 28, 1)[0] ?? group;
}
