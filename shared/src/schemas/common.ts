// Building blocks reused by every entity schema: ids, timestamps, bounded strings.
import { z } from 'zod';

/** UUID (v7 for everything we create; any RFC 9562 UUID is accepted on input). */
export const IdSchema = z.uuid();
export type Id = z.infer<typeof IdSchema>;

/** ISO 8601 UTC timestamp, e.g. `2026-11-23T08:30:00.000Z`. */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** Calendar date `YYYY-MM-DD` (interpreted in Asia/Ho_Chi_Minh). */
export const DateSchema = z.iso.date();

/** Non-empty trimmed text with an upper bound, so no field can carry megabytes. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) => z.string().trim().max(max);

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

/** URL of a page in a dossier web system (http or https), bounded like the D1 column. */
export const PageUrlSchema = z.url({ protocol: /^https?$/ }).max(2048);

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
