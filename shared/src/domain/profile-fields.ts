// The zod-free part of site profiles (schemas/site-profiles.ts): the field vocabulary, canonical statuses and how a
// page's fields resolve. The overlay content script imports these without pulling the profile schemas (and zod) into
// every dossier page.
import type { Field, Page, SiteProfile } from '../schemas/site-profiles.ts';

// ── Field vocabulary (domain/one-stop-shop-forms.md section 4) ────────────────────────────────────────────────

export const DOSSIER_FIELDS = [
  'dossier_code',
  'procedure',
  'procedure_code',
  'applicant',
  'id_number',
  'phone',
  'email',
  'address',
  'channel',
  'received_at',
  'statutory_days',
  'due_at',
  'finished_at',
  'returned_at',
  'return_method',
  'status',
  'timeliness',
  'receiving_officer',
  'current_handler',
  'steps',
  'supplement_requests',
  'refusal_notice',
  'apology_issued',
  'apology_issued_at',
  'new_due_at',
  'fee_configured',
  'fee_collected',
  'receipt_no',
  'payment_txn_id',
  'attachments',
  'result_file',
  'digitized',
  'result_signed_by',
  'portal_sync_status',
  'rating',
] as const;
export type DossierField = (typeof DOSSIER_FIELDS)[number];

/** Columns of the list fields, read one value per row (`steps.started_at`). */
export const DOSSIER_LIST_FIELDS = {
  steps: ['name', 'from_officer', 'to_officer', 'started_at', 'finished_at', 'allotted_hours', 'step_result', 'note'],
  supplement_requests: ['requested_at', 'content', 'reason'],
  attachments: ['name', 'file_name'],
} as const satisfies Partial<Record<DossierField, readonly string[]>>;

const FIELD_SET: ReadonlySet<string> = new Set(DOSSIER_FIELDS);

/**
 * True for a canonical field name, a list column (`steps.to_officer`), or a profile's own extra field (`x_…`,
 * lower-case), so a profile can carry what the vocabulary does not name yet.
 */
export function isDossierFieldName(name: string): boolean {
  if (FIELD_SET.has(name)) return true;
  if (/^x_[a-z0-9_]{1,40}$/.test(name)) return true;
  const dot = name.indexOf('.');
  if (dot === -1) return false;
  const list = name.slice(0, dot);
  const column = name.slice(dot + 1);
  if (!Object.hasOwn(DOSSIER_LIST_FIELDS, list)) return false;
  const columns: readonly string[] = DOSSIER_LIST_FIELDS[list as keyof typeof DOSSIER_LIST_FIELDS];
  return columns.includes(column) || /^x_[a-z0-9_]{1,40}$/.test(column);
}

/**
 * Canonical dossier statuses (domain/one-stop-shop-forms.md section 4: the `status` wordings of one-stop software and
 * the forms of Circular 01/2018 and Decree 118/2025). A `status` field maps each screen wording to one of them.
 */
export const CANONICAL_STATUSES = [
  /** Submitted online, not yet checked and received (Chờ tiếp nhận, Chờ xác nhận). */
  'awaiting_intake',
  /** Received, with a receipt and an appointment (Mới tiếp nhận, Đã tiếp nhận). */
  'received',
  /** Being processed, on time (Đang xử lý, Đang giải quyết). */
  'processing',
  /** Being processed past its due date (Quá hạn, Trễ hạn). */
  'overdue',
  /** Sent back for completion (Chờ bổ sung, Yêu cầu bổ sung: form 02). */
  'supplement_requested',
  /** A result is ready, not yet returned (Chờ trả kết quả, Có kết quả - chờ trả). */
  'awaiting_return',
  /** The result was returned (Đã trả kết quả). */
  'returned',
  /** Refused or rejected (Từ chối, Không giải quyết: form 03). */
  'refused',
  /** Processing stopped (Dừng xử lý, Thông báo dừng giải quyết hồ sơ: Decree 118/2025 form 05). */
  'stopped',
  /** Withdrawn at the applicant's request (Rút hồ sơ). */
  'withdrawn',
] as const;
export type CanonicalStatus = (typeof CANONICAL_STATUSES)[number];
const STATUS_SET: ReadonlySet<string> = new Set(CANONICAL_STATUSES);
export const isCanonicalStatus = (s: string): s is CanonicalStatus => STATUS_SET.has(s);
export const CANONICAL_STATUS_MESSAGE = `not a canonical status (${CANONICAL_STATUSES.join(', ')})`;

/** The field that identifies a dossier when a profile does not name one. */
export const DEFAULT_RECORD_KEY = 'dossier_code';

/** A field with its value map resolved (`values` named a map of the profile). */
export type ResolvedField = Omit<Field, 'values'> & { values?: Record<string, string> };

/**
 * The fields a page reads: those of its field sets (in `use` order), then its own; a later field replaces an earlier
 * one of the same name (a page's own field replaces a set's). Named value maps are resolved; an unknown name (which
 * validation refuses) leaves the field without a map.
 */
export function resolvePageFields(profile: Pick<SiteProfile, 'value_maps' | 'field_sets'>, page: Pick<Page, 'use' | 'fields'>): ResolvedField[] {
  const maps = profile.value_maps ?? {};
  const sets = profile.field_sets ?? {};
  const byName = new Map<string, ResolvedField>();
  const take = (f: Field) => {
    const { values, ...rest } = f;
    const resolved: ResolvedField = { ...rest };
    const map = typeof values === 'string' ? (Object.hasOwn(maps, values) ? maps[values] : undefined) : values;
    if (map !== undefined) resolved.values = map;
    byName.delete(f.name);
    byName.set(f.name, resolved);
  };
  for (const set of page.use ?? []) for (const f of Object.hasOwn(sets, set) ? (sets[set] ?? []) : []) take(f);
  for (const f of page.fields) take(f);
  return Array.from(byName.values());
}

