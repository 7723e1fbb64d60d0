// The draft-against-published diff: matching by code, field by field, moves among kept items, and "identical".
import { describe, expect, it } from 'vitest';
import { diffChecklistItems, type DiffableChecklistItem } from './checklist-diff.ts';

const item = (code: string, over: Partial<DiffableChecklistItem> = {}): DiffableChecklistItem => ({
  code,
  clause: '8.5.1',
  section_vi: 'Tiếp nhận',
  section_en: '',
  text_vi: `Nội dung ${code}`,
  text_en: '',
  guidance_vi: '',
  evidence_hint_vi: '',
  weight: 2,
  on_page: false,
  page_rule_hint: null,
  ...over,
});

describe('diffChecklistItems', () => {
  it('finds nothing between equal lists', () => {
    const d = diffChecklistItems([item('A'), item('B')], [item('A'), item('B')]);
    expect(d).toEqual({ added: [], removed: [], changed: [], moved: [], identical: true });
  });

  it('lists added and removed items by code', () => {
    const d = diffChecklistItems([item('A'), item('B')], [item('A'), item('C')]);
    expect(d.added.map((i) => i.code)).toEqual(['C']);
    expect(d.removed.map((i) => i.code)).toEqual(['B']);
    expect(d.changed).toEqual([]);
    expect(d.identical).toBe(false);
  });

  it('lists each changed field with its old and new value', () => {
    const d = diffChecklistItems([item('A'), item('B')], [item('A', { weight: 3, text_en: 'Is it?' }), item('B')]);
    expect(d.changed).toEqual([
      {
        code: 'A',
        fields: [
          { field: 'text_en', before: '', after: 'Is it?' },
          { field: 'weight', before: 2, after: 3 },
        ],
      },
    ]);
    expect(d.identical).toBe(false);
  });

  it('counts a reorder of kept items as a move, but not an insertion before them', () => {
    expect(diffChecklistItems([item('A'), item('B')], [item('B'), item('A')]).moved).toEqual(['B', 'A']);
    const inserted = diffChecklistItems([item('A'), item('B')], [item('N'), item('A'), item('B')]);
    expect(inserted.moved).toEqual([]);
    expect(inserted.added.map((i) => i.code)).toEqual(['N']);
  });

  it('treats a missing optional value as null', () => {
    const { page_rule_hint: _h, ...noHint } = item('A');
    expect(diffChecklistItems([item('A')], [noHint as DiffableChecklistItem]).identical).toBe(true);
    expect(diffChecklistItems([item('A')], [item('A', { page_rule_hint: 'x' })]).changed[0]?.fields).toEqual([{ field: 'page_rule_hint', before: null, after: 'x' }]);
  });

  it('against an empty published list, everything is added', () => {
    const d = diffChecklistItems([], [item('A')]);
    expect(d.added).toHaveLength(1);
    expect(d.identical).toBe(false);
  });
});
