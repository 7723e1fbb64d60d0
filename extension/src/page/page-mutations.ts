// Which of a MutationObserver batch are the page's own changes the overlay must look at: not those of the overlay's
// own host element, and not those inside the site profile's ignored regions (a header re-rendered every few seconds
// with another dossier's code is never read, so its changes cost nothing). The overlay and `npm run bench` share it.
import { containsFlat } from '../anchoring/text-model.ts';
import type { PageReading } from './profile-reader.ts';

export function pageMutations(records: readonly MutationRecord[], host: Element | null, reading: Pick<PageReading, 'ignored' | 'isIgnored'> | null): MutationRecord[] {
  const ignoring = reading !== null && reading.ignored.length > 0;
  const ownOrIgnored = (n: Node): boolean => {
    const el = n.nodeType === 1 ? (n as Element) : n.parentElement;
    if (el === null) return false;
    if (host !== null && (el === host || containsFlat(host, el))) return true;
    return ignoring && reading.isIgnored(el);
  };
  return records.filter((r) => {
    if (ownOrIgnored(r.target)) return false;
    if (r.type !== 'childList' || host === null) return true;
    // The page moving our host element (re-attaching it) is not a change of its own.
    const nodes = [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)];
    return !(nodes.length > 0 && nodes.every((n) => n === host));
  });
}
