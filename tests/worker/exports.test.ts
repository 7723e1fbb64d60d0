// The CSV export: BOM for Excel, Vietnamese intact, formulas neutralised, rows limited to the caller's scope.
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../worker/src/routes/exports.ts';
import { makeAudit, makeChecklist, makeFinding } from '../fixtures/audits.ts';
import { api, makeTree, signedIn } from '../fixtures/builders.ts';

describe('GET /audits/{id}/export.csv', () => {
  it('exports the findings the caller may see as UTF-8 CSV with a BOM', async () => {
    const tree = await makeTree();
    const checklist = await makeChecklist();
    const lead = await signedIn('inspector', tree.province);
    const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB], versionId: checklist.versionId, leadId: lead.id, status: 'reporting' });
    await makeFinding({ auditId: audit.id, unitId: tree.communeA, itemId: checklist.items[0]!.id, result: 'nc_minor', recordedBy: lead.id, note: '=HYPERLINK("http://evil")' });
    await makeFinding({ auditId: audit.id, unitId: tree.communeB, itemId: checklist.items[1]!.id, result: 'conform', recordedBy: lead.id, note: 'Niêm yết đầy đủ, "đúng mẫu"' });

    const res = await api(`/audits/${audit.id}/export.csv`, { token: lead.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('Điều khoản');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain('"Niêm yết đầy đủ, ""đúng mẫu"""');
    expect(text).toContain('Không phù hợp nhẹ');

    const head = await signedIn('unit_head', tree.communeA);
    const scoped = await (await api(`/audits/${audit.id}/export.csv`, { token: head.token })).text();
    expect(scoped.trim().split('\r\n')).toHaveLength(2);
    expect(scoped).not.toContain('Niêm yết');
  });

  it('neutralises every formula prefix', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(bad).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });
});
