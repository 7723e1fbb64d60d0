// What the overlay reports of each dossier on screen for the automated checks (issue 14): the values of the fields
// the check rules read (dates as the profile's date format turned them into instants, statuses canonical), by the
// dossier whose place holds them (its row, its modal, the page). No personal field is ever sent; the background
// builds the check records and runs the rules, so the content script carries neither the rules nor the calendar.
import { CHECK_FIELD_PROFILE_NAMES } from '@onestop/shared';
import type { PageReading } from './profile-reader.ts';

/** The profile fields the check rules read (a list field by its date column). */
const CHECK_READS: ReadonlySet<string> = new Set(Object.values(CHECK_FIELD_PROFILE_NAMES).map((n) => (n === 'supplement_requests' ? 'supplement_requests.requested_at' : n)));
/** A page-level field with the time its figures stand at ("Số liệu tính đến …", "Cập nhật lúc …"). */
export const AS_OF_FIELD = 'x_as_of';

export type CheckFieldValue = string | null | { requested_at: string | null }[];

export interface ReportedDossier {
  code: string;
  kind: 'row' | 'modal' | 'page';
  fields: Record<string, CheckFieldValue>;
}

/** At most this many dossiers (the first on the page) and values per list. */
export const MAX_REPORTED_DOSSIERS = 300;
const MAX_LIST = 100;
const MAX_VALUE = 300;
/** Elements looked at per field: a 2,000-row list is read to its 2,000th row, no further. */
const MAX_ELEMENTS = 5000;

/**
 * The check fields of each dossier on screen, or an empty list when the page reads none of them (beyond its code).
 * Each element of a field belongs to the innermost dossier place holding it (`dossierAt`).
 */
export function dossierCheckFields(reading: PageReading): { dossiers: ReportedDossier[]; asOf: string | null } {
  const reads = reading.reads.filter((r) => !r.pii && CHECK_READS.has(r.name));
  const asOfRead = reading.reads.find((r) => r.name === AS_OF_FIELD && !r.perRow);
  const asOf = asOfRead ? (asOfRead.valueAt(0) ?? null) : null;
  if (!reads.some((r) => r.name !== 'dossier_code') || reading.dossiers.length === 0) return { dossiers: [], asOf };
  const chosen = reading.dossiers.slice(0, MAX_REPORTED_DOSSIERS);
  const byScope = new Map(chosen.map((d) => [d, { code: d.code, kind: d.kind, fields: {} as Record<string, CheckFieldValue> }]));
  // A screen that reads the supplement requests of its dossier and shows none: read, and empty.
  if (reads.some((r) => r.name === 'supplement_requests.requested_at' && !r.perRow)) {
    for (const d of byScope.values()) if (d.kind !== 'row') d.fields.supplement_requests = [];
  }
  for (const r of reads) {
    const list = r.name === 'supplement_requests.requested_at';
    const n = Math.min(r.elements.length, MAX_ELEMENTS);
    for (let i = 0; i < n; i++) {
      const el = r.elements[i];
      if (el === undefined) continue;
      const scope = reading.dossierAt(el);
      const out = scope ? byScope.get(scope) : undefined;
      if (!out) continue;
      const value = r.valueAt(i)?.slice(0, MAX_VALUE) ?? null;
      if (list) {
        const rows = (out.fields.supplement_requests ??= []) as { requested_at: string | null }[];
        if (rows.length < MAX_LIST) rows.push({ requested_at: value });
      } else if (!(r.name in out.fields) || out.fields[r.name] === null) {
        // The first value of a field in the dossier's place (a detail page may repeat a date in its receipt).
        out.fields[r.name] = value;
      }
    }
  }
  return { dossiers: Array.from(byScope.values()), asOf };
}
