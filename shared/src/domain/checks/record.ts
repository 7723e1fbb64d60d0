// A dossier's check record from what a site profile read on its screens (issue 14): the extension's field values
// (text, dates already turned into instants by the profile's date format and time zone, `true`/`false` for presence
// fields, lists of rows for list fields) become a `CheckDossier`; the background runs it on every page report. A field the page does not read stays absent (the checks on it are undecidable); a field read empty is null;
// a value that cannot be understood is left absent too, never guessed.
import type { CheckDossier } from '../../schemas/checks.ts';
import { CHECK_CHANNELS, CHECK_FIELD_PROFILE_NAMES, isCheckMoment } from '../../schemas/checks.ts';
import { isCanonicalStatus } from '../profile-fields.ts';

/** A value as the profile reader gives it (one dossier's fields: `fieldsForEvidence` of its row or page). */
export type ReadValue = string | null | readonly string[] | readonly Record<string, string | null>[];
export type ReadFields = Readonly<Record<string, ReadValue | undefined>>;

const CHANNELS: ReadonlySet<string> = new Set(CHECK_CHANNELS);
/** The words a page may show for a channel when no value map turned them into the canonical names. */
const CHANNEL_WORDS: Readonly<Record<string, (typeof CHECK_CHANNELS)[number]>> = {
  'trực tiếp': 'in_person',
  'trực tuyến': 'online',
  'bưu chính': 'postal',
  'dịch vụ bưu chính': 'postal',
  'bưu chính công ích': 'postal',
};

const single = (v: ReadValue | undefined): string | null | undefined => {
  if (v === undefined) return undefined;
  if (v === null || typeof v === 'string') return v;
  const first = v[0];
  return typeof first === 'string' ? first : first === undefined ? null : undefined;
};

/** An instant or local date, null when read empty, undefined when unreadable. */
function moment(v: ReadValue | undefined): string | null | undefined {
  const s = single(v);
  if (s === undefined || s === null) return s;
  const t = s.trim();
  if (t === '') return null;
  return isCheckMoment(t) ? t : undefined;
}

/** The first number of a text ("20 ngày làm việc", "0,5 ngày"), decimal comma or point. */
function numberIn(v: ReadValue | undefined, integer: boolean, max: number): number | null | undefined {
  const s = single(v);
  if (s === undefined || s === null) return s;
  const m = /\d+(?:[.,]\d+)?/.exec(s);
  if (!m) return s.trim() === '' ? null : undefined;
  const n = Number(m[0].replace(',', '.'));
  if (!Number.isFinite(n) || n < 0 || n > max || (integer && !Number.isInteger(n))) return undefined;
  return n;
}

function bool(v: ReadValue | undefined): boolean | null | undefined {
  const s = single(v);
  if (s === undefined || s === null) return s;
  const t = s.trim().toLowerCase();
  if (t === 'true' || t === 'có') return true;
  if (t === 'false' || t === 'không') return false;
  return t === '' ? null : undefined;
}

function channel(v: ReadValue | undefined): CheckDossier['channel'] | undefined {
  const s = single(v);
  if (s === undefined || s === null) return s;
  const t = s.trim().toLowerCase();
  if (t === '') return null;
  if (CHANNELS.has(t)) return t as (typeof CHECK_CHANNELS)[number];
  return CHANNEL_WORDS[t];
}

function status(v: ReadValue | undefined): CheckDossier['status'] | undefined {
  const s = single(v);
  if (s === undefined || s === null) return s;
  const t = s.trim().toLowerCase();
  if (t === '') return null;
  return isCanonicalStatus(t) ? t : undefined;
}

function text(v: ReadValue | undefined, max: number): string | null | undefined {
  const s = single(v);
  if (s === undefined || s === null) return s;
  const t = s.trim();
  return t === '' ? null : t.slice(0, max);
}

/** Supplement requests: the list field's rows (`supplement_requests.requested_at`), or one date per value. */
function requests(v: ReadValue | undefined): CheckDossier['supplement_requests'] | undefined {
  if (v === undefined || v === null) return v;
  if (typeof v === 'string') {
    const m = moment(v);
    return m === undefined ? undefined : m === null ? [] : [{ requested_at: m }];
  }
  const out: { requested_at: string | null }[] = [];
  for (const row of v.slice(0, 100)) {
    const at = typeof row === 'string' ? moment(row) : moment(row.requested_at ?? null);
    out.push({ requested_at: at ?? null });
  }
  return out;
}

/**
 * The check record of one dossier from its read fields. `asOf`: the page's "as of" time or the capture time (an ISO
 * instant). `code`: the dossier's code where the page showed it (the reader's record key), when the fields lack it.
 */
export function checkDossierFromFields(fields: ReadFields, asOf: string, code: string | null = null): CheckDossier {
  const n = CHECK_FIELD_PROFILE_NAMES;
  const get = (name: string) => (Object.hasOwn(fields, name) ? fields[name] : undefined);
  const out: Record<string, unknown> = { as_of: asOf };
  const put = (key: string, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  put('dossier_code', text(get(n.dossier_code), 200) ?? (code === null ? undefined : code));
  put('procedure', text(get(n.procedure), 1000));
  put('procedure_code', text(get(n.procedure_code), 100));
  put('channel', channel(get(n.channel)));
  put('status', status(get(n.status)));
  for (const f of ['submitted_at', 'received_at', 'due_at', 'finished_at', 'returned_at', 'apology_issued_at', 'new_due_at'] as const) put(f, moment(get(n[f])));
  put('statutory_days', numberIn(get(n.statutory_days), false, 3650));
  put('apology_count', numberIn(get(n.apology_count), true, 100));
  put('apology_issued', bool(get(n.apology_issued)));
  put('supplement_requests', requests(get(n.supplement_requests)));
  return out as CheckDossier;
}
