// Evidence attached to findings: page captures (W3C selectors, redacted quote, fields read by the site profile),
// screenshots and files (blob in R2, verified by SHA-256).
import { z } from 'zod';
import { dropControlCharacters } from '../domain/control-characters.ts';
import { IdSchema, PageUrlSchema, Sha256Schema, TimestampSchema, capturedText, noControlCharacters } from './common.ts';
import { EvidenceKindSchema, EvidenceMimeSchema, type EvidenceMime } from './enums.ts';
import { SelectorsSchema } from './selectors.ts';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** What the evidence supports: the inspector's finding, the unit head's response, or the reported action. */
export const EVIDENCE_PURPOSES = ['finding', 'response', 'action'] as const;
export const EvidencePurposeSchema = z.enum(EVIDENCE_PURPOSES);
export type EvidencePurpose = z.infer<typeof EvidencePurposeSchema>;

/** A value read from the page: control characters other than TAB, LF and CR are dropped (see `capturedText`). */
const FieldText = z.string().overwrite(dropControlCharacters).max(2000);
const FieldRow = z.record(z.string().max(64), FieldText.nullable());

/** One value read by a site profile: text, a flag, a number, a list (`attachments`) or rows (`steps[]`). */
export const EvidenceFieldValueSchema = z.union([
  FieldText,
  z.number(),
  z.boolean(),
  z.null(),
  z.array(FieldText).max(500),
  z.array(FieldRow).max(500),
]);
export type EvidenceFieldValue = z.infer<typeof EvidenceFieldValueSchema>;

/** Field name → value (already redacted when it left the page). Also parses stored rows, so it only ever drops. */
export const EvidenceFieldsSchema = z
  .record(z.string().max(80), EvidenceFieldValueSchema)
  .refine((r) => Object.keys(r).length <= 100, { message: 'at most 100 fields' });
export type EvidenceFields = z.infer<typeof EvidenceFieldsSchema>;

/** A field or column name as a client sends it: no control character or line break (kept as sent otherwise). */
const FieldName = (max: number) => z.string().max(max).superRefine(noControlCharacters('line'));

/** The fields as a client sends them: the same values, with field and column names checked. */
const CapturedFieldsSchema = z
  .record(
    FieldName(80),
    z.union([FieldText, z.number(), z.boolean(), z.null(), z.array(FieldText).max(500), z.array(z.record(FieldName(64), FieldText.nullable())).max(500)]),
  )
  .refine((r) => Object.keys(r).length <= 100, { message: 'at most 100 fields' });

export const EvidenceSchema = z.object({
  id: IdSchema,
  finding_id: IdSchema,
  purpose: EvidencePurposeSchema.default('finding'),
  kind: EvidenceKindSchema,
  page_url: z.string().max(2048).nullable(),
  page_title: z.string().max(500).nullable(),
  selectors: SelectorsSchema,
  quote: z.string().max(4000).nullable(),
  fields: EvidenceFieldsSchema,
  /** R2 key `evidence/{audit}/{finding}/{evidence}`, set once the blob is uploaded and verified. */
  blob_key: z.string().max(300).nullable(),
  sha256: Sha256Schema.nullable(),
  mime: EvidenceMimeSchema.nullable(),
  bytes: z.number().int().min(1).max(MAX_EVIDENCE_BYTES).nullable(),
  uploaded_at: TimestampSchema.nullable().default(null),
  captured_at: TimestampSchema,
  captured_by: IdSchema,
  /** Display name of whoever captured it, for the people reviewing it. */
  captured_by_name: z.string().nullable().default(null),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** The capture as the client sends it (in a sync op or to `POST /findings/{id}/evidence`). */
export const EvidenceCaptureSchema = z.object({
  kind: EvidenceKindSchema,
  page_url: PageUrlSchema.nullable().optional(),
  /** Captured from the page: control characters other than TAB, LF and CR are dropped, then it is trimmed. */
  page_title: capturedText(500).nullable().optional(),
  /** Selector texts are kept as captured: they must equal the page's text to re-anchor. */
  selectors: SelectorsSchema.default([]),
  quote: capturedText(4000).nullable().optional(),
  fields: CapturedFieldsSchema.default({}),
  sha256: Sha256Schema.optional(),
  mime: EvidenceMimeSchema.optional(),
  bytes: z.number().int().min(1).max(MAX_EVIDENCE_BYTES).optional(),
  captured_at: TimestampSchema,
});

type Capture = z.infer<typeof EvidenceCaptureSchema>;

/** A page capture names its page; a screenshot or file announces the blob that will follow. */
export function checkEvidenceCapture(e: Capture, ctx: z.RefinementCtx): void {
  if (e.kind === 'page_capture') {
    if (e.page_url === undefined || e.page_url === null) {
      ctx.addIssue({ code: 'custom', path: ['page_url'], message: 'a page capture needs the page URL' });
    }
    return;
  }
  for (const key of ['sha256', 'mime', 'bytes'] as const) {
    if (e[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `a ${e.kind} needs ${key}` });
  }
}

/** `POST /findings/{id}/evidence`: the id is made by the client, like every offline-created record. */
export const EvidenceCreateSchema = EvidenceCaptureSchema.extend({
  id: IdSchema,
  purpose: EvidencePurposeSchema.default('finding'),
}).superRefine(checkEvidenceCapture);
export type EvidenceCreate = z.infer<typeof EvidenceCreateSchema>;

// ── Download names ───────────────────────────────────────────────────────────────────────────────────────────
// A file attached as evidence keeps its name: clients send it as `fields.file_name`; the download's
// Content-Disposition (and the dashboard's save dialog) use `evidenceFileName`.

/** File name extensions that fit each evidence type; the first is the one added when a name has none of them. */
export const EVIDENCE_FILE_EXTENSIONS = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jfif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
} as const satisfies Record<EvidenceMime, readonly string[]>;

const MAX_FILE_NAME = 180;

/**
 * A name safe to offer as a download: NFC, no path (only the last segment of `a/b\c`), no control or format
 * characters and none of `"*:<>?|` (refused by Windows), no leading dots, at most 180 characters. '' when nothing is left.
 */
export function safeFileName(name: string): string {
  const last = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = last
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .replace(/["*:<>?|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  return Array.from(cleaned).slice(0, MAX_FILE_NAME).join('').trim();
}

/** The name with an extension that fits the type: `bienban.pdf` stays, `anh.html` stored as PNG becomes `anh.html.png`. */
export function withExtensionFor(name: string, mime: EvidenceMime): string {
  const allowed: readonly string[] = EVIDENCE_FILE_EXTENSIONS[mime];
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return allowed.includes(ext) ? name : `${name}.${allowed[0]}`;
}

/**
 * The download name of an evidence blob: the original file name (`fields.file_name`) made safe, with an extension
 * that fits the stored type; `evidence-{id}.{ext}` when there is none (a screenshot has no name of its own).
 */
export function evidenceFileName(evidence: { id: string; mime: EvidenceMime; fields: Record<string, unknown> }): string {
  const given = typeof evidence.fields['file_name'] === 'string' ? safeFileName(evidence.fields['file_name']) : '';
  return withExtensionFor(given || `evidence-${evidence.id}`, evidence.mime);
}
