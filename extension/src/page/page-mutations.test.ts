// Which mutations the overlay looks at: the page's own, outside the profile's ignored regions and its own host.
import { describe, expect, it } from 'vitest';
import { pageMutations } from './page-mutations.ts';

const record = (init: { type: MutationRecordType; target: Node; added?: Node[]; removed?: Node[] }) =>
  ({ type: init.type, target: init.target, addedNodes: init.added ?? [], removedNodes: init.removed ?? [] }) as unknown as MutationRecord;

describe('pageMutations', () => {
  it('leaves out the overlay host, its shadow content, re-attaching it, and changes inside ignored regions', () => {
    document.body.innerHTML = '<header><span>Hồ sơ mới nhất: H26-0022</span></header><main><table><tr><td>H26-0004</td></tr></table></main>';
    const header = document.querySelector('header') as Element;
    const cell = document.querySelector('td') as Element;
    const host = document.createElement('onestop-overlay');
    const shadow = host.attachShadow({ mode: 'open' });
    const badge = document.createElement('div');
    shadow.append(badge);
    document.body.append(host);
    const reading = { ignored: [header], isIgnored: (el: Element) => header.contains(el) };
    const headerText = header.querySelector('span')?.firstChild as Node;
    const records = [
      record({ type: 'childList', target: header, added: [document.createElement('div')] }),
      record({ type: 'characterData', target: headerText }),
      record({ type: 'attributes', target: badge }),
      record({ type: 'childList', target: document.body, added: [host] }),
      record({ type: 'characterData', target: cell.firstChild as Node }),
      record({ type: 'childList', target: document.body, added: [document.createElement('p')] }),
    ];
    const kept = pageMutations(records, host, reading);
    expect(kept).toEqual([records[4], records[5]]);
    // Without ignored regions (no reading yet, or a profile without `ignore`) the header's changes are the page's.
    expect(pageMutations(records, host, null)).toEqual([records[0], records[1], records[4], records[5]]);
    expect(pageMutations(records, host, { ignored: [], isIgnored: () => true })).toHaveLength(4);
  });
});
