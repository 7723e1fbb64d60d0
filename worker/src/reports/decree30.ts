// The layout of an administrative document under Decree 30/2020/NĐ-CP, Appendix I (domain/legal-basis.md section 4),
// as `docx` building blocks: A4 portrait with the decree's margins, Times New Roman, the two-column header (issuing
// body | national motto), number and place-date line, title, justified body, "Nơi nhận:" and the signature block.
// Pure: every function returns docx objects; the reports fill them with their own text.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type FileChild,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx';

/** Millimetres to twentieths of a point (twips), the unit of docx page geometry. */
export const mm = (value: number) => Math.round((value * 1440) / 25.4);

/** A4 portrait and the decree's margins: top and bottom 20 mm (20–25), left 30 mm (30–35), right 15 mm (15–20). */
export const PAGE = { width: mm(210), height: mm(297), margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) } } as const;
/** The text column between the margins, in twips. */
export const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;
export const FONT = 'Times New Roman';
/** docx sizes are half-points. */
const pt = (points: number) => points * 2;

/** Every string that goes into the document: NFC (Vietnamese marks composed, as TCVN 6909 text is) and XML-safe. */
export function clean(text: string): string {
  // Control characters other than tab and newline are not allowed in XML 1.0 text.
  // eslint-disable-next-line no-control-regex
  return text.normalize('NFC').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

export const run = (text: string, style: RunStyle = {}) =>
  new TextRun({ text: clean(text), bold: style.bold ?? false, italics: style.italics ?? false, size: pt(style.size ?? 14), font: FONT });

/** Text with line breaks kept (a lead's conclusions typed over several lines): one run per line. */
function runsOf(text: string, style: RunStyle = {}): TextRun[] {
  return clean(text)
    .split(/\r?\n/)
    .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, bold: style.bold ?? false, italics: style.italics ?? false, size: pt(style.size ?? 14), font: FONT }));
}

const centred = (children: ParagraphChild[], extra: Partial<IParagraphOptions> = {}) => new Paragraph({ alignment: AlignmentType.CENTER, children, ...extra });

/** A short solid line under a centred text, drawn as the bottom border of an empty paragraph indented from both sides. */
function rule(widthTwips: number, columnTwips: number): Paragraph {
  const side = Math.max(0, Math.round((columnTwips - widthTwips) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 120, line: 120, lineRule: 'exact' },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [],
  });
}

/** Rough width of an upper-case line in Times New Roman, in twips: enough to size the rules under the header lines. */
const capsWidth = (text: string, points: number) => Math.round(text.length * points * 0.68 * 20);

const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

// About 6 cm for the issuer and 10.5 cm for the motto, whose first line (13 pt bold caps) needs about 9.5 cm.
const LEFT_COL = mm(60);
const RIGHT_COL = TEXT_WIDTH - LEFT_COL;

export interface DocumentHeader {
  /** The body above the issuer ("UBND TỈNH …"), caps regular; empty for none. */
  parentBody: string;
  /** The issuing body ("ĐOÀN KIỂM TRA …"), caps bold. */
  issuer: string;
  /** "Số: 05/BC-ĐKT" */
  numberLine: string;
  /** "Hà Nội, ngày 05 tháng 01 năm 2026" */
  placeDate: string;
}

const MOTTO_1 = 'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO_2 = 'Độc lập - Tự do - Hạnh phúc';

/** The header table: issuer on the left, the national motto on the right, number and place-date on the line below. */
export function headerTable(h: DocumentHeader): Table {
  const cell = (width: number, children: Paragraph[]) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS, verticalAlign: VerticalAlign.TOP, children });
  const tight = { spacing: { before: 0, after: 0 } };
  const left = [
    ...(h.parentBody ? [centred([run(h.parentBody.toLocaleUpperCase('vi'), { size: 13 })], tight)] : []),
    centred([run(h.issuer.toLocaleUpperCase('vi'), { bold: true, size: 13 })], tight),
    rule(Math.round(LEFT_COL * 0.4), LEFT_COL),
  ];
  const right = [centred([run(MOTTO_1, { bold: true, size: 13 })], tight), centred([run(MOTTO_2, { bold: true, size: 14 })], tight), rule(capsWidth(MOTTO_2, 14) * 0.78, RIGHT_COL)];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [LEFT_COL, RIGHT_COL],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [
      new TableRow({ children: [cell(LEFT_COL, left), cell(RIGHT_COL, right)] }),
      new TableRow({
        children: [cell(LEFT_COL, [centred([run(h.numberLine, { size: 13 })])]), cell(RIGHT_COL, [centred([run(h.placeDate, { italics: true, size: 14 })])])],
      }),
    ],
  });
}

/** "Số: 05/BC-ĐKT": numbers below 10 get a leading 0; no number yet leaves room to write one in by hand. */
export function numberLine(docNumber: string, typeCode: string, issuerCode: string): string {
  const n = docNumber ? docNumber.padStart(2, '0') : '      ';
  return `Số: ${n}/${typeCode}-${issuerCode}`;
}

/** "Hà Nội, ngày 05 tháng 01 năm 2026" from a calendar date `YYYY-MM-DD` (days below 10 and months 1–2 with a 0). */
export function placeDateLine(place: string, date: string): string {
  const [y, m, d] = date.split('-');
  const month = Number(m);
  const monthText = month <= 2 ? String(month).padStart(2, '0') : String(month);
  return `${place || '……'}, ngày ${d} tháng ${monthText} năm ${y}`;
}

/** The title (caps bold) and the summary line (bold) with a short line under it. */
export function titleBlock(title: string, summary: string): Paragraph[] {
  return [
    centred([run(title.toLocaleUpperCase('vi'), { bold: true, size: 14 })], { spacing: { before: 360, after: 0 }, heading: HeadingLevel.TITLE }),
    centred([run(summary, { bold: true, size: 14 })], { spacing: { before: 0, after: 0 } }),
    rule(mm(40), TEXT_WIDTH),
  ];
}

/** A heading of the body ("1. Phạm vi, thành phần đoàn…"): bold, as a Word heading so the outline shows it. */
export const heading = (text: string, level: 1 | 2 = 1) =>
  new Paragraph({
    heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    keepNext: true,
    spacing: { before: 120, after: 120 },
    indent: { firstLine: mm(12.7) },
    children: [run(text, { bold: true, italics: level === 2 })],
  });

/** A body paragraph: justified, first line indented 1.27 cm, 6 pt after. */
export const para = (text: string | TextRun[], style: RunStyle = {}, opts: { afterTable?: boolean } = {}) =>
  new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: mm(12.7) },
    spacing: { before: opts.afterTable ? 120 : 0, after: 120, line: 300 },
    children: typeof text === 'string' ? runsOf(text, style) : text,
  });

/** Cells after the first holding only a figure (`12/15`, `80,0%`, `—`) are right-aligned so their digits line up. */
const NUMERIC = /^[\d\s.,/%—–-]+$/;

/** A bordered table (12 pt text): header row repeated on every page, rows never split across pages. */
export function dataTable(head: string[], rows: (string | Paragraph[])[][], widthsMm: number[]): Table {
  const total = widthsMm.reduce((a, b) => a + b, 0);
  const widths = widthsMm.map((w) => Math.floor((w / total) * TEXT_WIDTH));
  const cellOf = (content: string | Paragraph[], i: number, isHead: boolean) =>
    new TableCell({
      width: { size: widths[i] ?? 0, type: WidthType.DXA },
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children:
        typeof content === 'string'
          ? [new Paragraph({ alignment: isHead ? AlignmentType.CENTER : i > 0 && NUMERIC.test(content) ? AlignmentType.RIGHT : AlignmentType.LEFT, children: runsOf(content, { size: 12, bold: isHead }) })]
          : content,
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: head.map((h, i) => cellOf(h, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cellOf(c, i, false)) })),
    ],
  });
}

export interface SignatureBlock {
  recipients: string[];
  /** "Lưu: VT, ĐKT." */
  archive: string;
  /** "TM. ĐOÀN KIỂM TRA" (may be empty). */
  authority: string;
  /** "TRƯỞNG ĐOÀN" */
  title: string;
  name: string;
}

/** "Nơi nhận:" (12 pt bold italic, list 11 pt "- …;") on the left, the signature (caps bold, name bold) on the right. */
export function signatureTable(s: SignatureBlock): Table {
  const cell = (width: number, children: Paragraph[]) => new TableCell({ width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS, children });
  const tight = { spacing: { before: 0, after: 0 } };
  const recipients = [
    new Paragraph({ ...tight, children: [run('Nơi nhận:', { bold: true, italics: true, size: 12 })] }),
    ...s.recipients.map((r) => new Paragraph({ ...tight, children: [run(`- ${r};`, { size: 11 })] })),
    new Paragraph({ ...tight, children: [run(`- ${s.archive}`, { size: 11 })] }),
  ];
  const signature = [
    ...(s.authority ? [centred([run(s.authority.toLocaleUpperCase('vi'), { bold: true })], tight)] : []),
    centred([run(s.title.toLocaleUpperCase('vi'), { bold: true })], tight),
    // Room for the signature and the seal between the title and the name.
    centred([], { spacing: { before: 0, after: 1440 } }),
    centred([run(s.name, { bold: true })], tight),
  ];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [Math.round(TEXT_WIDTH / 2), TEXT_WIDTH - Math.round(TEXT_WIDTH / 2)],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ cantSplit: true, children: [cell(Math.round(TEXT_WIDTH / 2), recipients), cell(TEXT_WIDTH - Math.round(TEXT_WIDTH / 2), signature)] })],
  });
}

/** The document: A4 portrait, the decree's margins, Times New Roman 14 pt, page numbers top centre except on page 1. */
export function decreeDocument(meta: { title: string; subject: string }, children: FileChild[]): Document {
  const pageNumber = new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: pt(13), font: FONT })] });
  return new Document({
    creator: 'OneStop Audit',
    title: clean(meta.title),
    subject: clean(meta.subject),
    styles: {
      default: {
        document: { run: { font: FONT, size: pt(14), color: '000000' }, paragraph: { spacing: { after: 0 } } },
        title: { run: { font: FONT, size: pt(14), bold: true, color: '000000' } },
        heading1: { run: { font: FONT, size: pt(14), bold: true, color: '000000' } },
        heading2: { run: { font: FONT, size: pt(14), bold: true, italics: true, color: '000000' } },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: { size: { width: PAGE.width, height: PAGE.height }, margin: { ...PAGE.margin, header: mm(10), footer: mm(10) } },
        },
        headers: { default: new Header({ children: [pageNumber] }), first: new Header({ children: [new Paragraph({ children: [] })] }) },
        footers: { first: new Footer({ children: [new Paragraph({ children: [] })] }) },
        children,
      },
    ],
  });
}

/** A calendar date or timestamp as dd/mm/yyyy in Asia/Ho_Chi_Minh. */
export function viDate(value: string | null | undefined): string {
  if (!value) return '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : (() => {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? '' : new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
  })();
  if (!date) return value;
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** A rate 0..1 as "87,5%" (Vietnamese decimal comma); null as "—". */
export function viPercent(rate: number | null): string {
  if (rate === null) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1).replace('.', ',')}%`;
}
