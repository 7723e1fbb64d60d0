// What the overlay reports of each dossier on screen for the automated checks: values by the dossier whose row holds
// them, never a personal field.
import { describe, expect, it } from 'vitest';
import { fixtureProfile, loadFixture } from '../testing/fixtures.ts';
import { dossierCheckFields } from './check-fields.ts';
import { readPage } from './profile-reader.ts';

const LIST_URL = 'http://127.0.0.1:8798/ho-so?size=20';

describe('dossierCheckFields', () => {
  it('gives each row’s dossier its own values of the check fields, and no personal field', () => {
    const doc = loadFixture('dossier-list.html');
    const { dossiers } = dossierCheckFields(readPage(doc, LIST_URL, fixtureProfile()));
    const rows = dossiers.filter((d) => d.kind === 'row');
    expect(rows.map((d) => d.code)).toEqual(['000.00.62.H49-251103-0001', '000.00.62.H49-251103-0002', '000.00.62.H49-251104-0001']);
    expect(rows.map((d) => [d.fields.due_at, d.fields.returned_at, d.fields.status])).toEqual([
      ['2025-11-05T10:00:00.000Z', '2025-11-07T03:30:00.000Z', 'returned'],
      ['2025-11-03T09:00:00.000Z', '2025-11-03T08:10:00.000Z', 'returned'],
      ['2025-11-07T03:40:00.000Z', null, 'processing'],
    ]);
    for (const d of dossiers) for (const name of Object.keys(d.fields)) expect(['applicant', 'id_number', 'phone', 'email', 'address']).not.toContain(name);
  });

  it('reports nothing on a page that reads no check field beyond the code', () => {
    const doc = loadFixture('dossier-list.html');
    const profile = fixtureProfile();
    const bare = { ...profile, pages: profile.pages.map((p) => ({ ...p, fields: p.fields.filter((f) => f.name === 'dossier_code') })) };
    expect(dossierCheckFields(readPage(doc, LIST_URL, bare)).dossiers).toEqual([]);
  });
});
