// The checklist import schema on the real ISO 9001 file and on broken variants (paths of the errors).
import { describe, expect, it } from 'vitest';
import { readRepoFile } from '../testing/files.ts';
import { ChecklistImportSchema, ChecklistItemSchema, ChecklistVersionCreateSchema } from './checklists.ts';
import { zodErrorsToProblem } from './problem.ts';

/** The checklist the seed loads (a copy of shared/domain/checklist-iso9001-one-stop-shop.json). */
const raw = readRepoFile('data/checklist-iso9001-one-stop-shop.json');
const file = JSON.parse(raw) as { items: Record<string, unknown>[] } & Record<string, unknown>;

/** A deep copy of the file with one change. */
function variant(change: (doc: { items: Record<string, unknown>[] } & Record<string, unknown>) => void): unknown {
  const doc = JSON.parse(raw) as typeof file;
  change(doc);
  return doc;
}

function paths(input: unknown): string[] {
  const r = ChecklistImportSchema.safeParse(input);
  expect(r.success).toBe(false);
  return r.success ? [] : zodErrorsToProblem(r.error).map((e) => e.path);
}

describe('checklist import', () => {
  it('parses the real ISO 9001 one-stop-shop checklist', () => {
    const parsed = ChecklistImportSchema.parse(file);
    expect(parsed.code).toBe('ISO9001-MC');
    expect(parsed.version).toBe(1);
    expect(parsed.items).toHaveLength(file.items.length);
    expect(parsed.items.length).toBeGreaterThan(60);
    expect(new Set(parsed.items.map((i) => i.code)).size).toBe(parsed.items.length);
    expect(parsed.items.every((i) => i.weight >= 1 && i.weight <= 3)).toBe(true);
    expect(parsed.items.some((i) => i.on_page && i.page_rule_hint !== null)).toBe(true);
    expect(parsed.notes.length).toBeGreaterThan(0);
    // Nothing is dropped or rewritten: the parsed file is the file.
    expect(parsed).toEqual(file);
  });

  it('points at the duplicate item code', () => {
    const dup = variant((d) => {
      const first = d.items[0] as { code: string };
      (d.items[5] as { code: string }).code = first.code;
    });
    const r = ChecklistImportSchema.safeParse(dup);
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(zodErrorsToProblem(r.error)).toEqual([
        { path: '$.items[5].code', message: `duplicate item code ${(file.items[0] as { code: string }).code} (first at items[0])` },
      ]);
    }
  });

  it.each<[string, (d: typeof file) => void, string[]]>([
    ['a clause with a letter', (d) => void ((d.items[2] as Record<string, unknown>).clause = '8.5.a'), ['$.items[2].clause']],
    ['a clause ending in a dot', (d) => void ((d.items[2] as Record<string, unknown>).clause = '8.'), ['$.items[2].clause']],
    ['a weight of 4', (d) => void ((d.items[3] as Record<string, unknown>).weight = 4), ['$.items[3].weight']],
    ['a weight of 0', (d) => void ((d.items[3] as Record<string, unknown>).weight = 0), ['$.items[3].weight']],
    ['a fractional weight', (d) => void ((d.items[3] as Record<string, unknown>).weight = 2.5), ['$.items[3].weight']],
    ['a weight as text', (d) => void ((d.items[3] as Record<string, unknown>).weight = '2'), ['$.items[3].weight']],
    ['no text_vi', (d) => void delete (d.items[4] as Record<string, unknown>).text_vi, ['$.items[4].text_vi']],
    ['a blank text_vi', (d) => void ((d.items[4] as Record<string, unknown>).text_vi = '   '), ['$.items[4].text_vi']],
    ['a misspelt key', (d) => void ((d.items[1] as Record<string, unknown>).wieght = 2), ['$.items[1]']],
    ['on_page as text', (d) => void ((d.items[1] as Record<string, unknown>).on_page = 'yes'), ['$.items[1].on_page']],
    ['a code with spaces', (d) => void ((d.items[1] as Record<string, unknown>).code = 'MC 4.1'), ['$.items[1].code']],
    ['no items', (d) => void (d.items = []), ['$.items']],
    ['a blank title', (d) => void (d.title_vi = ''), ['$.title_vi']],
    ['version 0', (d) => void (d.version = 0), ['$.version']],
    ['an unknown top-level key', (d) => void (d.author = 'x'), ['$']],
    ['a huge note', (d) => void (d.notes = ['x'.repeat(2001)]), ['$.notes[0]']],
  ])('rejects %s with the right path', (_, change, expected) => {
    expect(paths(variant(change))).toEqual(expected);
  });

  it('bounds the number of items', () => {
    const many = variant((d) => {
      const template = d.items[0] as Record<string, unknown>;
      d.items = Array.from({ length: 1001 }, (_, i) => ({ ...template, code: `X-${i}` }));
    });
    expect(paths(many)).toEqual(['$.items']);
  });

  it('fills optional item fields with their defaults', () => {
    const minimal = ChecklistVersionCreateSchema.parse({ items: [{ code: 'A-1', clause: '8.5.1', text_vi: 'Kiểm tra', weight: 2 }] });
    expect(minimal).toEqual({
      notes: [],
      items: [
        {
          code: 'A-1',
          clause: '8.5.1',
          text_vi: 'Kiểm tra',
          weight: 2,
          section_vi: '',
          section_en: '',
          text_en: '',
          guidance_vi: '',
          evidence_hint_vi: '',
          on_page: false,
          page_rule_hint: null,
        },
      ],
    });
  });

  it('describes a stored item', () => {
    const item = {
      id: '0190f2a4-8c3e-7b1a-9f00-0123456789ab',
      version_id: '0190f2a4-8c3e-7b1a-9f00-0123456789ac',
      ...(ChecklistImportSchema.parse(file).items[0] as object),
      sort: 0,
    };
    expect(ChecklistItemSchema.parse(item)).toMatchObject({ sort: 0, clause: '4.1' });
  });
});
