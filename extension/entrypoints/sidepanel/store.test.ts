// The side panel's side of issue 12: the unit select is a choice of the inspector's (sent as `manual`), the audit
// select is not (the background may take the page's unit), a unit moved by the background is taken with its
// checklist, and new findings wait while the page belongs to a unit the audit does not cover.
import { describe, expect, it } from 'vitest';
import type { Scope, UnitFiling } from '../../src/model.ts';
import { createPanelStore, type Call } from './store.ts';

const AUDIT = 'audit-1';
const HD = 'unit-hd';
const ST = 'unit-st';

function fakeBackground() {
  const calls: { name: string; payload: unknown }[] = [];
  let scope: Scope | null = null;
  let filing: UnitFiling | null = null;
  const state = {
    calls,
    setFiling(next: UnitFiling) {
      filing = next;
      scope = { auditId: next.auditId, unitId: next.unitId };
    },
  };
  const make = (unitId: string, source: UnitFiling['source'], extra: Partial<UnitFiling> = {}): UnitFiling => ({ auditId: AUDIT, unitId, unitName: unitId === HD ? 'Phường Hà Đông' : 'Phường Sơn Tây', source, page: null, needsChoice: false, ...extra });
  const call = (async (name: string, payload: unknown) => {
    calls.push({ name, payload });
    switch (name) {
      case 'selectScope': {
        const p = payload as Scope & { manual?: boolean };
        // The page is Sơn Tây's: choosing the audit lands there; a hand-made choice is taken as is.
        state.setFiling(p.manual ? make(p.unitId, { kind: 'manual' }) : make(ST, { kind: 'profile', profileName: 'Một cửa Sơn Tây' }));
        return { scope, filing };
      }
      case 'getFiling':
        return { scope, filing };
      case 'getChecklist':
        return { items: [{ id: 'i1', code: 'MC-1', clause: '8.5', section_vi: '', section_en: '', text_vi: 'Mục', text_en: 'Item', guidance_vi: '', evidence_hint_vi: '', weight: 1, sort: 1, on_page: false, page_rule_hint: null, item_result: null }], findings: [], offline: false };
      case 'recordFinding':
        return { finding: { id: 'f1', ...(payload as object), unit_id: (payload as { unitId: string }).unitId } };
      default:
        return {};
    }
  }) as unknown as Call;
  return { state, call, make };
}

describe('side panel scope', () => {
  it('sends the unit select as a manual choice and the audit select as not, and takes the scope the background answers', async () => {
    const bg = fakeBackground();
    const store = createPanelStore(bg.call);
    store.user.value = { id: 'u', email: 'kiemtra@demo.onestop.vn', display_name: 'Kiểm Tra', role: 'inspector', unit_name: null };
    await store.chooseScope({ auditId: AUDIT, unitId: HD });
    expect(bg.state.calls.find((c) => c.name === 'selectScope')?.payload).toEqual({ auditId: AUDIT, unitId: HD });
    expect(store.scope.value).toEqual({ auditId: AUDIT, unitId: ST });
    expect(store.filing.value?.source.kind).toBe('profile');
    expect(bg.state.calls.at(-1)).toEqual({ name: 'getChecklist', payload: { auditId: AUDIT, unitId: ST } });

    await store.chooseScope({ auditId: AUDIT, unitId: HD }, true);
    expect(bg.state.calls.filter((c) => c.name === 'selectScope').at(-1)?.payload).toEqual({ auditId: AUDIT, unitId: HD, manual: true });
    expect(store.filing.value).toMatchObject({ unitId: HD, source: { kind: 'manual' } });
  });

  it('takes a unit the background moved, with its checklist, and says so', async () => {
    const bg = fakeBackground();
    const store = createPanelStore(bg.call);
    store.user.value = { id: 'u', email: 'kiemtra@demo.onestop.vn', display_name: 'Kiểm Tra', role: 'inspector', unit_name: null };
    await store.chooseScope({ auditId: AUDIT, unitId: HD }, true);
    bg.state.setFiling(bg.make(ST, { kind: 'profile', profileName: 'Một cửa Sơn Tây' }));
    await store.onChanged('scope');
    expect(store.scope.value).toEqual({ auditId: AUDIT, unitId: ST });
    expect(bg.state.calls.at(-1)).toEqual({ name: 'getChecklist', payload: { auditId: AUDIT, unitId: ST } });
    expect(store.toast.value?.text).toBe('Đơn vị chuyển sang Phường Sơn Tây theo trang đang xem.');
  });

  it('records nothing while the page belongs to a unit outside the audit, until the inspector confirms the unit', async () => {
    const bg = fakeBackground();
    const store = createPanelStore(bg.call);
    store.user.value = { id: 'u', email: 'kiemtra@demo.onestop.vn', display_name: 'Kiểm Tra', role: 'inspector', unit_name: null };
    await store.chooseScope({ auditId: AUDIT, unitId: HD }, true);
    bg.state.setFiling(bg.make(HD, { kind: 'manual' }, { needsChoice: true, page: { profileName: 'Một cửa Cầu Giấy', units: [{ code: 'HN-PHUONG-CAU-GIAY', name: null }], inAudit: false } }));
    await store.refreshFiling();
    store.focusItem('i1');
    await store.record('nc_minor');
    expect(bg.state.calls.some((c) => c.name === 'recordFinding')).toBe(false);
    expect(store.toast.value?.kind).toBe('error');
    await store.confirmUnit();
    expect(bg.state.calls.filter((c) => c.name === 'selectScope').at(-1)?.payload).toEqual({ auditId: AUDIT, unitId: HD, manual: true });
    store.noteDraft.value = 'Thiếu phiếu hẹn';
    await store.record('nc_minor');
    expect(bg.state.calls.find((c) => c.name === 'recordFinding')?.payload).toMatchObject({ auditId: AUDIT, unitId: HD, itemId: 'i1' });
  });
});

describe('side panel required note (issue 16)', () => {
  const ready = async () => {
    const bg = fakeBackground();
    const store = createPanelStore(bg.call);
    store.user.value = { id: 'u', email: 'kiemtra@demo.onestop.vn', display_name: 'Kiểm Tra', role: 'inspector', unit_name: null };
    await store.chooseScope({ auditId: AUDIT, unitId: HD }, true);
    store.focusItem('i1');
    const recorded = () => bg.state.calls.filter((c) => c.name === 'recordFinding').map((c) => c.payload as { result: string; note: string });
    return { store, recorded };
  };

  for (const result of ['nc_major', 'nc_minor'] as const) {
    it(`does not record ${result} with a blank note (by click or key), asks for it, then records it with the note`, async () => {
      const { store, recorded } = await ready();
      const digit = result === 'nc_minor' ? 2 : 3;
      await store.record(result);
      store.noteDraft.value = '  \n ';
      store.recordByKey(digit);
      await Promise.resolve();
      expect(recorded()).toEqual([]);
      expect(store.noteRequiredFor.value).toBe(result);
      expect(store.noteAsked.value).toBe(2);
      store.noteDraft.value = 'Hồ sơ trễ hạn, không có văn bản xin lỗi';
      await store.record(result);
      expect(recorded()).toMatchObject([{ result, note: 'Hồ sơ trễ hạn, không có văn bản xin lỗi' }]);
      expect(store.noteRequiredFor.value).toBeNull();
      expect(store.noteDraft.value).toBe('');
    });
  }

  it('records other results without a note, and forgets the request when another item is chosen', async () => {
    const { store, recorded } = await ready();
    for (const r of ['conform', 'observation', 'ofi', 'not_applicable'] as const) await store.record(r);
    expect(recorded().map((p) => p.result)).toEqual(['conform', 'observation', 'ofi', 'not_applicable']);
    await store.record('nc_minor');
    expect(store.noteRequiredFor.value).toBe('nc_minor');
    store.focusItem(null);
    expect(store.noteRequiredFor.value).toBeNull();
  });
});
