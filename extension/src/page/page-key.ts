// Where evidence captured with no dossier on screen belongs: its page (origin and path; query and hash left out).
// Both parts of the overlay key such evidence this way (the loader to know it needs the chunk, the chunk to anchor).

/** The page evidence without a record belongs to: origin and path (query and hash left out). */
export function pageKey(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return null;
  }
}
