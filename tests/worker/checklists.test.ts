// Checklist import and versions: the real ISO 9001 one-stop-shop file, every error with its path, nothing half-imported.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import checklistFile from '../../data/checklist-iso9001-one-stop-shop.json';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

type File = typeof checklistFile;
const clone = (): File => structuredClone(checklistFile);

async function admin() {
  const tree = await makeTree();
  return (await signedIn('admin', tree.province)).token;
}

async function countRows() {
  const row = await env.DB.prepare('SELECT (SELECT COUNT(*) FROM checklists) AS c, (SELECT COUNT(*) FROM checklist_versions) AS v, (SELECT COUNT(*) FROM checklist_items) AS i').first<{ c: number; v: number; i: number }>();
  return row;
}

describe('POST /checklists', () => {
  it('imports the real checklist as a draft, then publishes it', async () => {
    const token = await admin();
    const file = { ...clone(), code: `ISO-${crypto.randomUUID().slice(0, 6)}` };
    const res = await api('/checklists', { method: 'POST', token, body: file });
    expect(res.status).toBe(201);
    const detail = await json<{ id: string; versions: { id: string; status: string; item_count: number }[] }>(res);
    expect(detail.versions).toHaveLength(1);
    expect(detail.versions[0]).toMatchObject({ status: 'draft', item_count: file.items.length });
    const versionId = detail.versions[0]!.id;
    const published = await api(`/checklist-versions/${versionId}/publish`, { method: 'POST', token });
    expect(published.status).toBe(200);
    const version = await json<{ status: string; items: { code: string; clause: string; on_page: boolean }[] }>(published);
    expect(version.status).toBe('published');
    expect(version.items.map((i) => i.code)).toEqual(file.items.map((i) => i.code));
    expect((await api(`/checklist-versions/${versionId}/publish`, { method: 'POST', token })).status).toBe(409);
  });

  it('returns every validation error with its JSON path and stores nothing', async () => {
    const token = await admin();
    const before = await countRows();
    const file = clone() as unknown as { code: string; items: Record<string, unknown>[] };
    file.code = `BAD-${crypto.randomUUID().slice(0, 6)}`;
    file.items[3]!.clause = '8.x';
    file.items[7]!.weight = 5;
    file.items[9]!.code = file.items[8]!.code;
    const res = await api('/checklists', { method: 'POST', token, body: file });
    expect(res.status).toBe(422);
    const paths = (await json<{ errors: { path: string }[] }>(res)).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['$.items[3].clause', '$.items[7].weight', '$.items[9].code']));
    expect(await countRows()).toEqual(before);
  });

  it('refuses a second draft and an existing version number', async () => {
    const token = await admin();
    const file = { ...clone(), code: `DUP-${crypto.randomUUID().slice(0, 6)}` };
    expect((await api('/checklists', { method: 'POST', token, body: file })).status).toBe(201);
    const again = await api('/checklists', { method: 'POST', token, body: { ...file, version: 2 } });
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('draft_exists');
  });

  it('is admin-only', async () => {
    const tree = await makeTree();
    const leader = await signedIn('leader', tree.province);
    expect((await api('/checklists', { method: 'POST', token: leader.token, body: clone() })).status).toBe(403);
  });
});

describe('versions', () => {
  it('a new draft starts from the latest version; a published version never changes', async () => {
    const token = await admin();
    const file = { ...clone(), code: `V-${crypto.randomUUID().slice(0, 6)}` };
    const detail = await json<{ id: string; versions: { id: string }[] }>(await api('/checklists', { method: 'POST', token, body: file }));
    const v1 = detail.versions[0]!.id;
    await api(`/checklist-versions/${v1}/publish`, { method: 'POST', token });

    const frozen = await api(`/checklist-versions/${v1}/items`, { method: 'PUT', token, body: { items: file.items.slice(0, 2) } });
    expect(frozen.status).toBe(409);
    expect((await json(frozen)).code).toBe('version_not_draft');
    // The database refuses it too, whatever the route says.
    await expect(env.DB.prepare('UPDATE checklist_items SET weight = 1 WHERE version_id = ?').bind(v1).run()).rejects.toThrow(/not a draft/);

    const draftRes = await api(`/checklists/${detail.id}/versions`, { method: 'POST', token, body: {} });
    expect(draftRes.status).toBe(201);
    const draft = await json<{ id: string; version: number; status: string; items: { code: string }[] }>(draftRes);
    expect(draft).toMatchObject({ version: 2, status: 'draft' });
    expect(draft.items.map((i) => i.code)).toEqual(file.items.map((i) => i.code));

    const edited = await api(`/checklist-versions/${draft.id}/items`, { method: 'PUT', token, body: { items: file.items.slice(0, 3) } });
    expect(edited.status).toBe(200);
    expect((await json<{ items: unknown[] }>(edited)).items).toHaveLength(3);

    expect((await api(`/checklist-versions/${draft.id}/publish`, { method: 'POST', token })).status).toBe(200);
    expect((await api(`/checklist-versions/${v1}/retire`, { method: 'POST', token })).status).toBe(200);
    const list = await json<{ items: { id: string; published_version: number }[] }>(await api('/checklists', { token }));
    expect(list.items.find((c) => c.id === detail.id)?.published_version).toBe(2);
  });
});

describe('publishing a copy', () => {
  it('refuses a draft identical to the published version, then publishes it once it changes', async () => {
    const token = await admin();
    const file = { ...clone(), code: `SAME-${crypto.randomUUID().slice(0, 6)}` };
    const detail = await json<{ id: string; versions: { id: string }[] }>(await api('/checklists', { method: 'POST', token, body: file }));
    expect((await api(`/checklist-versions/${detail.versions[0]!.id}/publish`, { method: 'POST', token })).status).toBe(200);
    const draft = await json<{ id: string; items: Record<string, unknown>[] }>(await api(`/checklists/${detail.id}/versions`, { method: 'POST', token, body: {} }));

    const refused = await api(`/checklist-versions/${draft.id}/publish`, { method: 'POST', token });
    expect(refused.status).toBe(409);
    expect((await json(refused)).code).toBe('version_identical');
    expect((await json<{ status: string }>(await api(`/checklist-versions/${draft.id}`, { token }))).status).toBe('draft');

    // Only the order changes: that is a change worth a version.
    const items = file.items.map((it) => ({ ...it }));
    [items[0], items[1]] = [items[1]!, items[0]!];
    expect((await api(`/checklist-versions/${draft.id}/items`, { method: 'PUT', token, body: { items } })).status).toBe(200);
    expect((await api(`/checklist-versions/${draft.id}/publish`, { method: 'POST', token })).status).toBe(200);
  });
});

describe('GET /checklist-versions/{id}/export', () => {
  it('downloads a version in the import format, which imports back to the same checklist', async () => {
    const token = await admin();
    const code = `EXP-${crypto.randomUUID().slice(0, 6)}`;
    const file = { ...clone(), code };
    const detail = await json<{ versions: { id: string }[] }>(await api('/checklists', { method: 'POST', token, body: file }));
    const res = await api(`/checklist-versions/${detail.versions[0]!.id}/export`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toContain(`filename="${code}-v1.json"`);
    const exported = await json<Record<string, unknown> & { code: string; items: { code: string }[] }>(res);
    expect(exported.code).toBe(code);
    expect(exported.items.map((i) => i.code)).toEqual(file.items.map((i) => i.code));
    expect(Object.keys(exported.items[0]!)).not.toContain('id');

    // Imported under another code, then exported again: the same document but for the code.
    const copyCode = `${code}-B`;
    const copy = await json<{ versions: { id: string }[] }>(await api('/checklists', { method: 'POST', token, body: { ...exported, code: copyCode } }));
    const again = await json<Record<string, unknown>>(await api(`/checklist-versions/${copy.versions[0]!.id}/export`, { token }));
    expect(again).toEqual({ ...exported, code: copyCode });
  });

  it('answers 404 for an unknown version', async () => {
    const token = await admin();
    const res = await api(`/checklist-versions/${crypto.randomUUID()}/export`, { token });
    expect(res.status).toBe(404);
  });
});
