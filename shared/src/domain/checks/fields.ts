// The check fields' vocabulary (issue 14): which dossier fields rules read, of which kind, and the site-profile field
// each is read from. Zod-free, so the evaluator and the overlay content script share it with the schemas without
// carrying zod.

// ── Vocabulary ─────────────────────────────────────────────────────────────────────────────────────────────────

/** Times of a dossier: an ISO instant, or a local date `YYYY-MM-DD` when the screen shows no hour. */
export const CHECK_TIME_FIELDS = [
  'submitted_at',
  'received_at',
  'due_at',
  'finished_at',
  'returned_at',
  'apology_issued_at',
  'new_due_at',
] as const;
export type CheckTimeField = (typeof CHECK_TIME_FIELDS)[number];

/** Numbers: the statutory time limit in working days, and how many apology/rescheduling letters the dossier lists. */
export const CHECK_NUMBER_FIELDS = ['statutory_days', 'apology_count'] as const;
export type CheckNumberField = (typeof CHECK_NUMBER_FIELDS)[number];

/** Lists, counted with `{ "count": … }`. */
export const CHECK_LIST_FIELDS = ['supplement_requests'] as const;
export type CheckListField = (typeof CHECK_LIST_FIELDS)[number];

/** Fields compared with `equals`. */
export const CHECK_EQUALS_FIELDS = ['status', 'channel', 'apology_issued', 'procedure_code'] as const;
export type CheckEqualsField = (typeof CHECK_EQUALS_FIELDS)[number];

/** Every field a rule may read (and list in `needs`). */
export const CHECK_FIELDS = [
  'dossier_code',
  'procedure',
  'procedure_code',
  'channel',
  'status',
  'submitted_at',
  'received_at',
  'statutory_days',
  'due_at',
  'finished_at',
  'returned_at',
  'apology_issued',
  'apology_issued_at',
  'new_due_at',
  'apology_count',
  'supplement_requests',
] as const;
export type CheckField = (typeof CHECK_FIELDS)[number];

/**
 * The site-profile field each check field is read from (domain/profile-fields.ts). Two are not in the canonical
 * vocabulary yet, so a profile reads them as its own `x_` fields: the online submission time (*Ngày nộp*) and the
 * number of apology/rescheduling letters.
 */
export const CHECK_FIELD_PROFILE_NAMES: Readonly<Record<CheckField, string>> = {
  dossier_code: 'dossier_code',
  procedure: 'procedure',
  procedure_code: 'procedure_code',
  channel: 'channel',
  status: 'status',
  submitted_at: 'x_submitted_at',
  received_at: 'received_at',
  statutory_days: 'statutory_days',
  due_at: 'due_at',
  finished_at: 'finished_at',
  returned_at: 'returned_at',
  apology_issued: 'apology_issued',
  apology_issued_at: 'apology_issued_at',
  new_due_at: 'new_due_at',
  apology_count: 'x_apology_count',
  supplement_requests: 'supplement_requests',
};
