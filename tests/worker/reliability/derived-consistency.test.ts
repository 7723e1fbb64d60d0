// The summary roll-ups under every kind of write that changes them: random sequences of nonconformity workflow steps,
// findings recorded and deleted through sync, and units moved to another parent. After each sequence the incrementally
// kept rows must equal a rebuild from the findings, and GET /summary must stay equal before and after the rebuild.
import type { Result } from '@onestop/shared';
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist, makeFinding } from '../../fixtures/audits.ts';
import { api, json, makeTree, makeUnit, makeUser, signedIn } from '../../fixtures/builders.ts';
import { derivedSnapshot, rebuiltSnapshot } from '../../fixtures/reliability.ts';

const SOAK = env.SOAK === '1';
const future = () => new Date(Date.now() + 15 * 86400_000).toISOString().slice(0, 10);

type Action = { kind: 'accept' | 'dispute' | 'review-accept' | 'review-reject' | 'done' | 'verify-ok' | 'verify-fail' | 'record' | 'delete' | 'move'; pick: number; result: Result };

const actionArb: fc.Arbitrary<Action> = fc.record({
  kind: fc.constantFrom<Action['kind']>('accept', 'dispute', 'review-accept', 'review-reject', 'done', 'verify-ok', 'verify-fail', 'record', 'record', 'delete', 'move'),
  pick: fc.nat(),
  result: fc.constantFrom<Result>('conform', 'nc_minor', 'nc_major', 'ofi', 'observation', 'not_applicable'),
});

describe('summary roll-ups stay equal to a rebuild', () => {
  it('after random workflow steps, sync writes and unit moves', async () => {
    let changed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 5, maxLength: SOAK ? 60 : 20 }), async (actions) => {
        const tree = await makeTree();
        const extraDistrict = await makeUnit({ parentId: tree.province, level: 'district', name: 'Huyện C' });
        const checklist = await makeChecklist();
        const lead = await signedIn('inspector', tree.province);
        const head = await signedIn('unit_head', tree.province);
        // An action's owner is an account of the finding's unit (one per commune).
        const owners = { [tree.communeA]: (await makeUser('inspector', tree.communeA)).id, [tree.communeB]: (await makeUser('inspector', tree.communeB)).id };
        const admin = await signedIn('admin', tree.province);
        const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB], versionId: checklist.versionId, leadId: lead.id, status: 'reporting' });
        const findings: string[] = [];
        for (let i = 0; i < 8; i++) {
          const f = await makeFinding({ auditId: audit.id, unitId: i % 2 ? tree.communeA : tree.communeB, itemId: checklist.items[i]!.id, result: i % 3 === 0 ? 'conform' : 'nc_minor', recordedBy: lead.id });
          findings.push(f.id);
        }
        const unitOf = async (id: string) => (await env.DB.prepare('SELECT unit_id FROM findings WHERE id = ?').bind(id).first<{ unit_id: string }>())!.unit_id;
        const status = async (id: string) => (await env.DB.prepare('SELECT status, version, deleted_at FROM findings WHERE id = ?').bind(id).first<{ status: string; version: number; deleted_at: string | null }>())!;
        // Each step picks a finding in a status it applies to, so most steps go through.
        const wants: Record<Action['kind'], string[]> = {
          accept: ['open'],
          dispute: ['open'],
          'review-accept': ['disputed'],
          'review-reject': ['disputed'],
          done: ['action_planned'],
          'verify-ok': ['action_done'],
          'verify-fail': ['action_done'],
          record: [],
          delete: ['recorded', 'open'],
          move: [],
        };
        for (const a of actions) {
          const pool = wants[a.kind].length === 0 ? findings : (await env.DB.prepare(`SELECT id FROM findings WHERE audit_id = ? AND deleted_at IS NULL AND status IN (SELECT value FROM json_each(?)) ORDER BY id`).bind(audit.id, JSON.stringify(wants[a.kind])).all<{ id: string }>()).results.map((r) => r.id);
          const id = pool.length > 0 ? pool[a.pick % pool.length]! : findings[0]!;
          const f = await status(id);
          const post = (path: string, token: string, body: unknown) => api(path, { method: 'POST', token, body });
          let res: Response | null = null;
          switch (a.kind) {
            case 'accept':
              res = await post(`/findings/${id}/response`, head.token, { decision: 'accept', root_cause: 'Thiếu theo dõi', action: 'Lập sổ', owner_user_id: owners[await unitOf(id)], due_date: future() });
              break;
            case 'dispute':
              res = await post(`/findings/${id}/response`, head.token, { decision: 'dispute', reason: 'Hồ sơ đúng hạn' });
              break;
            case 'review-accept':
            case 'review-reject':
              res = await post(`/findings/${id}/review`, lead.token, { decision: a.kind === 'review-accept' ? 'accept' : 'reject', comment: 'Đã xem xét' });
              break;
            case 'done':
              res = await post(`/findings/${id}/action-done`, head.token, { note: 'Đã làm' });
              break;
            case 'verify-ok':
            case 'verify-fail':
              res = await post(`/findings/${id}/verification`, lead.token, a.kind === 'verify-ok' ? { effective: true, note: 'Hiệu quả' } : { effective: false, note: 'Chưa hiệu quả', new_due_date: future() });
              break;
            case 'record': {
              const newId = crypto.randomUUID();
              res = await post('/sync', lead.token, { client_id: 'derived', ops: [{ op_id: crypto.randomUUID(), kind: 'finding.upsert', entity_id: newId, base_version: null, data: { audit_id: audit.id, unit_id: a.pick % 2 ? tree.communeA : tree.communeB, item_id: checklist.items[a.pick % 8]!.id, result: a.result, note: 'Ghi chú', recorded_at: new Date().toISOString() } }] });
              findings.push(newId);
              break;
            }
            case 'delete':
              res = await post('/sync', lead.token, { client_id: 'derived', ops: [{ op_id: crypto.randomUUID(), kind: 'finding.delete', entity_id: id, base_version: f.version, data: {} }] });
              break;
            case 'move': {
              const unit = a.pick % 2 ? tree.communeA : tree.communeB;
              const row = (await env.DB.prepare('SELECT version, parent_id FROM units WHERE id = ?').bind(unit).first<{ version: number; parent_id: string }>())!;
              const to = [tree.districtA, tree.districtB, extraDistrict].filter((d) => d !== row.parent_id)[a.pick % 2]!;
              res = await api(`/units/${unit}`, { method: 'PATCH', token: admin.token, body: { version: row.version, parent_id: to } });
              expect(res.status).toBe(200);
              break;
            }
          }
          expect(res?.status ?? 200, a.kind).toBeLessThan(500);
          if (res && res.status < 300 && a.kind !== 'record' && a.kind !== 'delete') changed++;
        }
        const summary = async () => json(await api(`/summary?unit=${tree.province}&by=unit`, { token: admin.token }));
        const before = await summary();
        const incremental = await derivedSnapshot();
        expect(await rebuiltSnapshot()).toEqual(incremental);
        expect(await summary()).toEqual(before);
      }),
      { numRuns: SOAK ? 60 : 8 },
    );
    // Not vacuous: workflow steps and moves did go through.
    expect(changed).toBeGreaterThan(SOAK ? 120 : 10);
  }, SOAK ? 600_000 : 60_000);
});
