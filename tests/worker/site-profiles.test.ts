// Site profiles: validated by the shared schema with paths, matched to page URLs for the extension, versioned.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';
import { sampleProfile } from '../fixtures/profiles.ts';

async function admin() {
  const tree = await makeTree();
  return { admin: (await signedIn('admin', tree.province)).token, inspector: (await signedIn('inspector', tree.province)).token };
}

describe('site profiles', () => {
  it('creates, matches and updates a profile with optimistic versions', async () => {
    const t = await admin();
    const profile = { ...sampleProfile(), match: ['http://*.motcua-test.vn/*'] };
    const created = await api('/site-profiles', { method: 'POST', token: t.admin, body: { profile } });
    expect(created.status).toBe(201);
    const record = await json<{ id: string; version: number }>(created);
    const match = await json<{ items: { id: string }[] }>(await api(`/site-profiles/match?url=${encodeURIComponent('http://hanoi.motcua-test.vn/ho-so/1')}`, { token: t.inspector }));
    expect(match.items.map((p) => p.id)).toContain(record.id);
    const miss = await json<{ items: { id: string }[] }>(await api(`/site-profiles/match?url=${encodeURIComponent('https://example.com/')}`, { token: t.inspector }));
    expect(miss.items.map((p) => p.id)).not.toContain(record.id);

    const updated = await api(`/site-profiles/${record.id}`, { method: 'PUT', token: t.admin, body: { version: 1, profile: { ...profile, version: 2 } } });
    expect(updated.status).toBe(200);
    expect((await json<{ version: number }>(updated)).version).toBe(2);
    const stale = await api(`/site-profiles/${record.id}`, { method: 'PUT', token: t.admin, body: { version: 1, profile } });
    expect(stale.status).toBe(409);
  });

  it('answers matches in the order the extension applies them: priority, then the most specific pattern', async () => {
    const t = await admin();
    const host = `p${crypto.randomUUID().slice(0, 8)}.motcua-test.vn`;
    const make = async (name: string, match: string[], priority?: number) => {
      const profile = { ...sampleProfile(), name: `${name} ${host}`, match, ...(priority === undefined ? {} : { priority }) };
      const res = await api('/site-profiles', { method: 'POST', token: t.admin, body: { profile } });
      expect(res.status).toBe(201);
      return (await json<{ id: string }>(res)).id;
    };
    // Created from the least to the most specific, so the API's list order cannot be the answer.
    const anyHost = await make('A', ['http://*.motcua-test.vn/*']);
    const anyPort = await make('B', [`http://${host}:*/*`]);
    const exact = await make('C', [`http://${host}:8080/ho-so/*`]);
    const url = (u: string) => `/site-profiles/match?url=${encodeURIComponent(u)}`;
    const order = async (u: string) => (await json<{ items: { id: string }[] }>(await api(url(u), { token: t.inspector }))).items.map((p) => p.id).filter((id) => [anyHost, anyPort, exact].includes(id));
    expect(await order(`http://${host}:8080/ho-so/12`)).toEqual([exact, anyPort, anyHost]);
    expect(await order(`http://${host}:8080/thu-tuc`)).toEqual([anyPort, anyHost]);
    // An explicit priority goes before specificity.
    const favoured = await make('D', ['http://*.motcua-test.vn/*'], 10);
    const withFavoured = (await json<{ items: { id: string }[] }>(await api(url(`http://${host}:8080/ho-so/12`), { token: t.inspector }))).items.map((p) => p.id);
    expect(withFavoured[0]).toBe(favoured);
  });

  it('returns each validation error at its place and stores nothing', async () => {
    const t = await admin();
    const bad = sampleProfile() as unknown as { pages: { fields: { date_format?: string; locator: { kind: string } }[] }[]; match: string[]; bindings: { page: string }[] };
    bad.match = ['not a pattern'];
    bad.pages[0]!.fields[1]!.date_format = 'dd/QQ';
    bad.bindings[0]!.page = 'no-such-page';
    const res = await api('/site-profiles', { method: 'POST', token: t.admin, body: { profile: bad } });
    expect(res.status).toBe(422);
    const paths = (await json<{ errors: { path: string }[] }>(res)).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['$.profile.match[0]', '$.profile.pages[0].fields[1].date_format']));
    const list = await json<{ items: unknown[] }>(await api('/site-profiles', { token: t.admin }));
    expect(JSON.stringify(list)).not.toContain('dd/QQ');
  });

  it('refuses profiles that reach too far or hold a regex that may run long (issue 13), and stores nothing', async () => {
    const t = await admin();
    const base = sampleProfile();
    const broad = { ...structuredClone(base), match: ['http://127.0.0.1:8788/*', '*://*/*', 'https://*.gov.vn/*', 'https://*.vn/*'] };
    (broad.pages[0]!.fields[0] as Record<string, unknown>).regex = '^(a+)+$';
    (broad.pages[0]!.fields[1] as Record<string, unknown>).regex = '(\\d+)\\1';
    const res = await api('/site-profiles', { method: 'POST', token: t.admin, body: { profile: broad } });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const errors = (await json<{ errors: { path: string; message: string }[] }>(res)).errors;
    const at = (path: string) => errors.find((e) => e.path === path)?.message ?? '';
    expect(at('$.profile.match[1]')).toContain('matches every site');
    expect(at('$.profile.match[2]')).toContain('public suffix gov.vn');
    expect(at('$.profile.match[3]')).toContain('top-level domain');
    expect(at('$.profile.pages[0].fields[0].regex')).toContain('nested quantifier');
    expect(at('$.profile.pages[0].fields[1].regex')).toContain('backreferences are not allowed');
    expect(errors.map((e) => e.path)).not.toContain('$.profile.match[0]');
    const list = await json<{ items: { profile: { name: string } }[] }>(await api('/site-profiles?include_inactive=true', { token: t.admin }));
    expect(list.items.map((r) => r.profile.name)).not.toContain(base.name);

    // The same on an update: the stored document stays as it was.
    const created = await api('/site-profiles', { method: 'POST', token: t.admin, body: { profile: base } });
    expect(created.status).toBe(201);
    const record = await json<{ id: string }>(created);
    const update = await api(`/site-profiles/${record.id}`, { method: 'PUT', token: t.admin, body: { version: 1, profile: { ...base, version: 2, match: ['https://*/*'] } } });
    expect(update.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(update)).errors.map((e) => e.path)).toEqual(['$.profile.match[0]']);
    const stored = await json<{ version: number; profile: { match: string[] } }>(await api(`/site-profiles/${record.id}`, { token: t.admin }));
    expect(stored).toMatchObject({ version: 1, profile: { match: base.match } });
  });

  it('leaves out of lists a stored profile that no longer passes the rules, and lets an admin replace it', async () => {
    const t = await admin();
    const profile = { ...sampleProfile(), name: 'Hệ thống cũ', match: ['http://*.cu-test.vn/*'] };
    const created = await json<{ id: string; version: number }>(await api('/site-profiles', { method: 'POST', token: t.admin, body: { profile } }));
    // Stored before the reach rules existed: a pattern that matches every site.
    const widened = { ...profile, match: ['*://*/*'] };
    await env.DB.prepare('UPDATE site_profiles SET profile = ? WHERE id = ?').bind(JSON.stringify(widened), created.id).run();
    const listed = await api('/site-profiles', { token: t.inspector });
    expect(listed.status).toBe(200);
    expect((await json<{ items: { id: string }[] }>(listed)).items.map((p) => p.id)).not.toContain(created.id);
    const matched = await api(`/site-profiles/match?url=${encodeURIComponent('https://example.com/')}`, { token: t.inspector });
    expect(matched.status).toBe(200);
    expect((await json<{ items: { id: string }[] }>(matched)).items.map((p) => p.id)).not.toContain(created.id);
    const one = await api(`/site-profiles/${created.id}`, { token: t.admin });
    expect(one.status).toBe(422);
    expect(await json<{ code: string; errors: { path: string }[] }>(one)).toMatchObject({ code: 'stored_profile_invalid', errors: [{ path: '$.match[0]' }] });
    const replaced = await api(`/site-profiles/${created.id}`, { method: 'PUT', token: t.admin, body: { version: created.version, profile: { ...profile, version: 2 } } });
    expect(replaced.status).toBe(200);
    expect((await json<{ items: { id: string }[] }>(await api('/site-profiles', { token: t.inspector }))).items.map((p) => p.id)).toContain(created.id);
  });

  it('refuses a duplicate name', async () => {
    const t = await admin();
    const profile = sampleProfile();
    expect((await api('/site-profiles', { method: 'POST', token: t.admin, body: { profile } })).status).toBe(201);
    const dup = await api('/site-profiles', { method: 'POST', token: t.admin, body: { profile } });
    expect(dup.status).toBe(409);
    expect((await json(dup)).code).toBe('profile_name_taken');
  });
});
