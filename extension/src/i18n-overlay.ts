// The overlay's strings, Vietnamese first with an English switch: the only ones the content script carries (src/i18n.ts
// spreads them into the full catalogue of the side panel and options page). Every key exists in both languages.
import type { Result } from '@onestop/shared';
import type { Lang } from './i18n.ts';

export const overlayVi = {
  captureFailed: 'Không ghi được bằng chứng: {reason}',
  captureHere: 'Ghi bằng chứng',
  captureTarget: 'Ghi bằng chứng cho {code}',
  captured: 'Đã ghi bằng chứng',
  focusItem: 'Xem mục {code} trong bảng bên',
  latest: 'Kết quả mới nhất: {result}',
  noCaptureTarget: 'Chọn một phát hiện trong bảng bên để ghi bằng chứng',
  notAssessed: 'chưa đánh giá',
  orphanWhere: 'Không thấy đoạn trích trên hồ sơ {code} ({where})',
  orphans: 'Bằng chứng không tìm thấy trên trang ({n})',
  pickHelp: 'Bấm vào phần tử trên trang để ghi làm bằng chứng (Esc để hủy).',
  placeRow: 'danh sách, dòng {n}',
  placeModal: 'hộp thoại',
  placePage: 'trang hồ sơ',
  withScreenshot: 'Kèm ảnh chụp (che dữ liệu cá nhân)',
  result_nc_major: 'KPH nặng',
  result_nc_minor: 'KPH nhẹ',
  result_observation: 'Lưu ý',
  result_ofi: 'Cơ hội cải tiến',
  result_conform: 'Phù hợp',
  result_not_applicable: 'Không áp dụng',
};

type OverlayKey = keyof typeof overlayVi;

export const overlayEn: Record<OverlayKey, string> = {
  captureFailed: 'Could not capture evidence: {reason}',
  captureHere: 'Capture evidence',
  captureTarget: 'Capture evidence for {code}',
  captured: 'Evidence captured',
  focusItem: 'Show item {code} in the side panel',
  latest: 'Latest result: {result}',
  noCaptureTarget: 'Choose a finding in the side panel to capture evidence',
  notAssessed: 'not assessed',
  orphanWhere: 'Quote not found on dossier {code} ({where})',
  orphans: 'Evidence not found on the page ({n})',
  pickHelp: 'Click an element on the page to capture it as evidence (Esc to cancel).',
  placeRow: 'list, row {n}',
  placeModal: 'dialog',
  placePage: 'dossier page',
  withScreenshot: 'With screenshot (personal data masked)',
  result_nc_major: 'Major NC',
  result_nc_minor: 'Minor NC',
  result_observation: 'Observation',
  result_ofi: 'Opportunity for improvement',
  result_conform: 'Conform',
  result_not_applicable: 'Not applicable',
};

const catalogues: Record<Lang, Record<OverlayKey, string>> = { vi: overlayVi, en: overlayEn };

export function t(lang: Lang, key: OverlayKey, params: Record<string, string | number> = {}): string {
  return catalogues[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export const resultLabel = (lang: Lang, result: Result) => t(lang, `result_${result}`);
