// Site profiles name the units whose system they describe (issue 12): every code must name a unit, on create and on
// update, or the request is refused with the unknown codes named and nothing is stored.
import { describe, expect, it } from 'vitest';
import { api, json, makeTree, makeUnit, signedIn } from '../fixtures/builders.ts';
import { sampleProfile } from '../fixtures/profiles.ts';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors: { path: string; message: string }[];
}

describe('site profile units', () => {
  it('stores a profile whose unit codes all name units, and refuses unknown codes on create with 422 problem+json', async () => {
    const tree = await makeTree();
    const admin = (await signedIn('admin', tree.province)).token;
    const code = `HN-PHUONG-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    await makeUnit({ parentId: tree.districtA, level: 'commune', name: 'Phường Thử', code });

    const ok = await api('/site-profiles', { method: 'POST', token: admin, body: { profile: { ...sampleProfile(), units: [code] } } });
    expect(ok.status).toBe(201);
    expect((await json<{ profile: { units: string[] } }>(ok)).profile.units).toEqual([code]);

    const name = `Hệ thống sai đơn vị ${crypto.randomUUID().slice(0, 6)}`;
    const bad = await api('/site-profiles', { method: 'POST', token: admin, body: { profile: { ...sampleProfile(name), units: [code, 'HN-KHONG-CO', 'HN-CUNG-KHONG'] } } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json<Problem>(bad);
    expect(problem.code).toBe('unknown_unit_codes');
    expect(problem.detail).toContain('HN-KHONG-CO');
    expect(problem.detail).toContain('HN-CUNG-KHONG');
    expect(problem.detail).not.toContain(code);
    expect(problem.errors).toEqual([
      { path: '$.profile.units[1]', message: 'no unit has the code HN-KHONG-CO' },
      { path: '$.profile.units[2]', message: 'no unit has the code HN-CUNG-KHONG' },
    ]);
    const list = await json<{ items: { name: string }[] }>(await api('/site-profiles?include_inactive=true', { token: admin }));
    expect(list.items.map((r) => r.name)).not.toContain(name);
  });

  it('refuses an update that names an unknown unit code and keeps the stored version', async () => {
    const tree = await makeTree();
    const admin = (await signedIn('admin', tree.province)).token;
    const code = `HN-XA-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    await makeUnit({ parentId: tree.districtB, level: 'commune', name: 'Xã Thử', code });
    const profile = { ...sampleProfile(), units: [code] };
    const created = await json<{ id: string; version: number }>(await api('/site-profiles', { method: 'POST', token: admin, body: { profile } }));

    const bad = await api(`/site-profiles/${created.id}`, { method: 'PUT', token: admin, body: { version: created.version, profile: { ...profile, units: ['HN-MA-LA'] } } });
    expect(bad.status).toBe(422);
    const problem = await json<Problem>(bad);
    expect(problem.code).toBe('unknown_unit_codes');
    expect(problem.detail).toContain('HN-MA-LA');
    expect(problem.errors.map((e) => e.path)).toEqual(['$.profile.units[0]']);
    const stored = await json<{ version: number; profile: { units: string[] } }>(await api(`/site-profiles/${created.id}`, { token: admin }));
    expect(stored.version).toBe(created.version);
    expect(stored.profile.units).toEqual([code]);

    // Known codes (several units sharing one system), or none at all, still update.
    const other = `HN-XA-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    await makeUnit({ parentId: tree.districtB, level: 'commune', name: 'Xã Thử Hai', code: other });
    const good = await api(`/site-profiles/${created.id}`, { method: 'PUT', token: admin, body: { version: created.version, profile: { ...profile, units: [code, other] } } });
    expect(good.status).toBe(200);
    const { units: _u, ...withoutUnits } = profile;
    const none = await api(`/site-profiles/${created.id}`, { method: 'PUT', token: admin, body: { version: created.version + 1, profile: withoutUnits } });
    expect(none.status).toBe(200);
  });
});
