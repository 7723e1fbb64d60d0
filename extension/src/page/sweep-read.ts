// What a sweep (issue 14) reads of a screen when the background asks: the check fields of every dossier on it (as the
// debounced page report carries them), the address of each row's own screen when the profile declares the link, the
// list's pagination and the page's "as of" time. Addresses are handed over, and the background goes to them itself; a
// link off the page's origin, or one that is not http(s), is left out. The one control a sweep may press is the
// next-page control the profile declares, and only when it is not a link (`clickNext`).
import type { PaginationReading, PageReading } from './profile-reader.ts';
import { dossierCheckFields, type ReportedDossier } from './check-fields.ts';

export interface SweepDossier extends ReportedDossier {
  /** The address of the dossier's own screen (the profile's `detail.link` in its row), when there is one. */
  detail?: string;
}

export interface SweepRead {
  url: string;
  /** The profile pages recognised on the screen. */
  pageIds: string[];
  asOf: string | null;
  dossiers: SweepDossier[];
  /** Every dossier scope on the screen, for a list longer than the reported ones (`dossiers` stops at 300). */
  total: number;
  pagination: (Omit<PaginationReading, 'nextControl'> & { nextHref: string | null; nextClickable: boolean }) | null;
  /** The page id the rows' links open (`detail.page` of the list's profile page), when the list declares one. */
  detailPage: string | null;
}

const MAX_URL = 2048;

/** The link's absolute address when it stays on the page's origin over http(s), else null. */
export function sameOriginHref(a: Element, base: string): string | null {
  const raw = a.getAttribute('href');
  if (raw === null || raw.trim() === '') return null;
  try {
    const to = new URL(raw, base);
    const from = new URL(base);
    if ((to.protocol !== 'https:' && to.protocol !== 'http:') || to.origin !== from.origin) return null;
    return to.href.length <= MAX_URL ? to.href : null;
  } catch {
    return null;
  }
}

export function sweepRead(reading: PageReading, url: string): SweepRead {
  const { dossiers, asOf } = dossierCheckFields(reading);
  const listPage = reading.pages.find((p) => p.page.detail !== undefined && !p.covered);
  const rule = listPage?.page.detail;
  const out: SweepDossier[] = dossiers;
  if (rule) {
    const scopes = reading.dossiers.slice(0, out.length);
    scopes.forEach((scope, i) => {
      const d = out[i];
      if (!d || scope.kind !== 'row' || scope.code !== d.code) return;
      let link: Element | null = null;
      try {
        link = scope.element.matches(rule.link) ? scope.element : scope.element.querySelector(rule.link);
      } catch {
        link = null;
      }
      const href = link && link.localName === 'a' ? sameOriginHref(link, url) : null;
      if (href) d.detail = href;
    });
  }
  return {
    url: url.slice(0, MAX_URL),
    pageIds: reading.pages.map((p) => p.page.id),
    asOf,
    dossiers: out,
    total: reading.dossiers.length,
    pagination: paginationOf(reading.pagination, url),
    detailPage: rule?.page ?? null,
  };
}

function paginationOf(p: PaginationReading | null, url: string): SweepRead['pagination'] {
  if (!p) return null;
  const { nextControl, ...rest } = p;
  const href = nextControl?.localName === 'a' ? sameOriginHref(nextControl, url) : null;
  return { ...rest, nextHref: href, nextClickable: nextControl !== null && href === null && (nextControl.localName === 'button' || nextControl.getAttribute('role') === 'button') };
}

/**
 * Presses the next-page control the profile declares, when it is a button (a link's address is followed instead).
 * Nothing else on a page is ever pressed by a sweep. True when it was pressed.
 */
export function clickNext(reading: PageReading): boolean {
  const control = reading.pagination?.nextControl;
  if (!control || control.localName === 'a' || !(control instanceof HTMLElement)) return false;
  if (control.localName !== 'button' && control.getAttribute('role') !== 'button') return false;
  if (control.closest('form') && control.localName === 'button' && (control as HTMLButtonElement).type === 'submit') return false;
  control.click();
  return true;
}
