// Building blocks reused by every entity schema: ids, timestamps, bounded strings.
import { z } from 'zod';
import { dropControlCharacters, NOT_IN_LINE, NOT_IN_TEXT } from '../domain/control-characters.ts';

/** UUID (v7 for everything we create; any RFC 9562 UUID is accepted on input). */
export const IdSchema = z.uuid();
export type Id = z.infer<typeof IdSchema>;

/** ISO 8601 UTC timestamp, e.g. `2026-11-23T08:30:00.000Z`. */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** Calendar date `YYYY-MM-DD` (interpreted in Asia/Ho_Chi_Minh). */
export const DateSchema = z.iso.date();

// ── Control characters ───────────────────────────────────────────────────────────────────────────────────────
// Text is refused (422) rather than stored when it holds a control character (Unicode category Cc: C0 U+0000–U+001F,
// DEL U+007F, C1 U+0080–U+009F). They show as nothing or as garbage, break CSV and terminal output, and SQLite's
// length() stops at U+0000, so a leading NUL made every `CHECK (length(x) BETWEEN 1 AND n)` fail with a 500.
// One-line text (names, titles, codes, labels) also refuses TAB, LF, CR and U+2028/U+2029; multi-line text (notes,
// reasons, item texts, descriptions) keeps TAB, LF, CR and U+2028/U+2029. Text captured from a page drops them (see
// `capturedText`). The rule is checked after trimming, and documented in README "API conventions".

export const LINE_RULE = 'control characters (U+0000–U+001F, U+007F–U+009F) and line breaks are not allowed in one-line text';
export const TEXT_RULE = 'control characters (U+0000–U+001F except tab, line feed and carriage return; U+007F–U+009F) are not allowed';

const codePoint = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * A refinement refusing control characters: `line` for one-line text, `text` for multi-line text. The message names
 * the first offending character and the class refused, e.g. `contains U+0000: control characters … are not allowed`.
 */
export function noControlCharacters(kind: 'line' | 'text') {
  const re = kind === 'line' ? NOT_IN_LINE : NOT_IN_TEXT;
  const rule = kind === 'line' ? LINE_RULE : TEXT_RULE;
  return (value: string, ctx: z.RefinementCtx): void => {
    const found = re.exec(value);
    if (found) ctx.addIssue({ code: 'custom', message: `contains ${codePoint(found[0])}: ${rule}` });
  };
}

/** Non-empty trimmed multi-line text with an upper bound (so no field can carry megabytes); TAB, LF and CR allowed. */
export const text = (max: number) => z.string().trim().min(1).max(max).superRefine(noControlCharacters('text'));
/** Trimmed multi-line text that may be empty. */
export const optionalText = (max: number) => z.string().trim().max(max).superRefine(noControlCharacters('text'));
/** Non-empty trimmed one-line text (a name, a title, a label): no control character, no line break. */
export const line = (max: number) => z.string().trim().min(1).max(max).superRefine(noControlCharacters('line'));
/** Trimmed one-line text that may be empty. */
export const optionalLine = (max: number) => z.string().trim().max(max).superRefine(noControlCharacters('line'));

/**
 * Text captured from a page (evidence title, quote, field values): a page may hold control characters, which a
 * browser shows as nothing; refusing the capture would lose evidence recorded offline, so they are dropped (TAB, LF
 * and CR stay), then the text is trimmed.
 */
export const capturedText = (max: number) => z.string().overwrite(dropControlCharacters).trim().max(max);

export const VersionSchema = z.number().int().min(1);

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});

/** Calendar month `YYYY-MM` (Asia/Ho_Chi_Minh), the bucket of month roll-ups. */
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');

/** Lower-cased e-mail address, as stored in `users.email`. */
export const EmailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** Short code of a unit, checklist, item or audit: letters, digits, dot, dash, underscore (slash for audits). */
export const CodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, dot, dash or underscore');

/**
 * URL of a page in a dossier web system (http or https), bounded like the D1 column. The URL parser ignores leading
 * and trailing C0 controls, so they are refused explicitly: the value is stored as sent, not as parsed.
 */
export const PageUrlSchema = z.url({ protocol: /^https?$/ }).max(2048).superRefine(noControlCharacters('line'));

/** SHA-256 digest, lower-case hex. */
export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits');

/** A JSON object with any JSON values: event summaries and other free-form payloads. */
export const JsonObjectSchema = z.record(z.string().max(200), z.json());
export type JsonObject = z.infer<typeof JsonObjectSchema>;

/** Wraps an item schema as a list response `{ items, total?, next_cursor? }`. */
export const listOf = <T extends z.ZodType>(item: T, max = 10_000) =>
  z.object({
    items: z.array(item).max(max),
    total: z.number().int().min(0).optional(),
    next_cursor: z.string().max(200).nullable().optional(),
  });
