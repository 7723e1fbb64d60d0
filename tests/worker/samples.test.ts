// Samples (a sweep's per-dossier outcomes; the server counts) and dismissed suggestions: who may record and read
// them, idempotency by id, masking of citizen identifiers, the drill-down, the size limits.
import type { SampleCreate } from '@onestop/shared';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';
import { makeRuleSet } from '../fixtures/checks.ts';

interface Summary {
  id: string;
  unit_id: string;
  dossier_count: number;
  dossiers_with_violation: number;
  rules: { rule_id: string; pass: number; violation: number; not_applicable: number; undecidable: number }[];
  on_time: { rule_id: string; on_time: number; late: number; decided: number; rate_percent: number | null } | null;
}
interface Detail extends Summary {
  dossiers: { items: { ordinal: number; dossier_code: string; violations: number; outcomes: { rule_id: string; outcome: string; facts: Record<string, unknown> }[] }[]; total: number };
}

let w: {
  tree: Awaited<ReturnType<typeof makeTree>>;
  auditId: string;
  checklistId: string;
  lead: { id: string; token: string };
  member: { id: string; token: string };
  stranger: string;
  head: string;
  leaderA: string;
  admin: string;
};

beforeAll(async () => {
  const tree = await makeTree();
  const checklist = await makeChecklist();
  const lead = await signedIn('inspector', tree.province);
  const member = await signedIn('inspector', tree.province);
  const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB], versionId: checklist.versionId, leadId: lead.id, memberIds: [member.id] });
  const { checklistId } = await makeRuleSet(checklist.versionId);
  w = {
    tree,
    auditId: audit.id,
    checklistId,
    lead,
    member,
    stranger: (await signedIn('inspector', tree.province)).token,
    head: (await signedIn('unit_head', tree.communeA)).token,
    leaderA: (await signedIn('leader', tree.districtA)).token,
    admin: (await signedIn('admin', tree.province)).token,
  };
});

const at = (minutesAgo = 1) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

function sample(unitId: string, dossiers: SampleCreate['dossiers'], extra: Partial<SampleCreate> = {}): SampleCreate {
  return { id: crypto.randomUUID(), unit_id: unitId, site_profile: 'Hệ thống một cửa thử', as_of: at(), rule_set_id: 'small-rules', rule_set_version: 1, dossiers, ...extra };
}

const DOSSIERS: SampleCreate['dossiers'] = [
  { dossier_code: 'H26-260305-0001', outcomes: [{ rule_id: 'returned-late', outcome: 'pass', facts: {} }, { rule_id: 'open-past-due', outcome: 'not_applicable', facts: {} }] },
  {
    dossier_code: 'H26-260305-0002',
    outcomes: [
      { rule_id: 'returned-late', outcome: 'violation', facts: { returned_at: '2026-03-05T09:55:00Z', due_at: '2026-03-05T09:30:00Z', minutes_late: 25, note: 'Gọi 0912 345 678', applicant: 'Nguyễn Văn A' } },
      { rule_id: 'open-past-due', outcome: 'not_applicable', facts: {} },
    ],
  },
  { dossier_code: '001099012345', outcomes: [{ rule_id: 'returned-late', outcome: 'not_applicable', facts: {} }, { rule_id: 'open-past-due', outcome: 'violation', facts: { status: 'processing' } }] },
  { dossier_code: 'H26-260305-0004', outcomes: [{ rule_id: 'returned-late', outcome: 'pass', facts: {} }, { rule_id: 'open-past-due', outcome: 'undecidable', facts: {} }] },
];

const post = (body: unknown, token = w.lead.token, auditId = w.auditId) => api(`/audits/${auditId}/samples`, { method: 'POST', token, body });
const count = async (table: string) => (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>())!.n;
const problem = async (res: Response) => json<{ code: string; errors?: { path: string }[] }>(res);

describe('POST /audits/{id}/samples', () => {
  it('records the outcomes and answers the counts the server computed, ignoring counts a client sends', async () => {
    const body = { ...sample(w.tree.communeA, DOSSIERS), counts: { 'returned-late': { pass: 99 } }, on_time: { rate_percent: 100 } };
    const res = await post(body);
    expect(res.status, await res.clone().text()).toBe(201);
    const s = await json<Summary>(res);
    expect(s).toMatchObject({ dossier_count: 4, dossiers_with_violation: 2 });
    expect(s.rules).toEqual([
      { rule_id: 'returned-late', rule_version: 1, item_code: expect.any(String), pass: 2, violation: 1, not_applicable: 1, undecidable: 0 },
      { rule_id: 'open-past-due', rule_version: 1, item_code: expect.any(String), pass: 0, violation: 1, not_applicable: 2, undecidable: 1 },
    ]);
    expect(s.on_time).toEqual({ rule_id: 'returned-late', on_time: 2, late: 1, decided: 3, rate_percent: (100 * 2) / 3 });
    const event = await env.DB.prepare("SELECT summary FROM events WHERE entity = 'sample' AND entity_id = ?").bind(body.id).first<{ summary: string }>();
    expect(JSON.parse(event!.summary)).toMatchObject({ audit_id: w.auditId, dossiers: 4, with_violation: 2 });
  });

  it('never stores a citizen identifier: codes and facts are masked, personal fields whole', async () => {
    const body = sample(w.tree.communeA, DOSSIERS);
    expect((await post(body)).status).toBe(201);
    const detail = await json<Detail>(await api(`/samples/${body.id}`, { token: w.member.token }));
    expect(detail.dossiers.items.map((d) => d.dossier_code)).toEqual(['H26-260305-0001', 'H26-260305-0002', '0010•••••345', 'H26-260305-0004']);
    expect(detail.dossiers.items[1]!.outcomes[0]!.facts).toEqual({ returned_at: '2026-03-05T09:55:00Z', due_at: '2026-03-05T09:30:00Z', minutes_late: 25, note: 'Gọi 0912•••678', applicant: '•••' });
    const raw = await env.DB.prepare('SELECT group_concat(dossier_code || outcomes) AS t FROM sample_dossiers WHERE sample_id = ?').bind(body.id).first<{ t: string }>();
    expect(raw!.t).not.toMatch(/001099012345|0912 345 678|Nguyễn Văn A/);
  });

  it('is idempotent by id for the same caller and body; any other use of a taken id is 409 id_taken', async () => {
    const body = sample(w.tree.communeA, DOSSIERS.slice(0, 2));
    const first = await json<Summary>(await post(body));
    const before = await count('samples');
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(await json<Summary>(again)).toEqual(first);
    expect(await count('samples')).toBe(before);
    const changed = await post({ ...body, site_profile: 'Hệ thống khác' });
    expect(changed.status).toBe(409);
    const byMember = await post(body, w.member.token);
    expect(byMember.status).toBe(409);
    expect([await problem(changed), await problem(byMember)].map((p) => p.code)).toEqual(['id_taken', 'id_taken']);
    expect(await count('samples')).toBe(before);
  });

  it('refuses what does not fit the audit, with paths, and writes nothing', async () => {
    const before = await count('samples');
    const cases: [unknown, number, string, string[]][] = [
      [sample(w.tree.communeA, DOSSIERS, { rule_set_version: 7 }), 422, 'unknown_rule_set', ['$.rule_set_version']],
      [sample(w.tree.communeA, [DOSSIERS[0]!, { dossier_code: 'H26-9', outcomes: [{ rule_id: 'no-such-rule', outcome: 'pass', facts: {} }] }]), 422, 'unknown_rule', ['$.dossiers[1].outcomes[0].rule_id']],
      [sample(w.tree.districtA, DOSSIERS), 422, 'unit_not_in_audit', ['$.unit_id']],
      [sample(w.tree.communeA, DOSSIERS, { as_of: new Date(Date.now() + 3_600_000).toISOString() }), 422, 'timestamp_out_of_range', ['$.as_of']],
      [sample(w.tree.communeA, DOSSIERS, { as_of: '2020-01-01T00:00:00Z' }), 422, 'timestamp_out_of_range', ['$.as_of']],
      [{ ...sample(w.tree.communeA, DOSSIERS), dossiers: [DOSSIERS[0], DOSSIERS[0]] }, 422, 'validation_failed', ['$.dossiers[1].dossier_code']],
    ];
    for (const [body, status, code, paths] of cases) {
      const res = await post(body);
      expect(res.status, code).toBe(status);
      const p = await problem(res);
      expect(p.code).toBe(code);
      expect(p.errors?.map((e) => e.path)).toEqual(paths);
    }
    expect((await post(sample(w.tree.communeA, DOSSIERS), w.stranger)).status).toBe(404);
    expect((await post(sample(w.tree.communeA, DOSSIERS), w.head)).status).toBe(403);
    expect((await post(sample(w.tree.communeA, DOSSIERS), w.admin)).status).toBe(403);
    expect(await count('samples')).toBe(before);
  });

  it('takes 5,000 dossiers in a body over 1 MiB, refuses 5,001 and bodies over 2 MiB', async () => {
    type Facts = Record<string, string | number | boolean | null>;
    const padded = (facts: Facts, pad: number): Facts => (pad ? { ...facts, procedure: 'x'.repeat(pad) } : facts);
    const many = (n: number, pad = 0): SampleCreate['dossiers'] =>
      Array.from({ length: n }, (_, i) => ({
        dossier_code: `000.35.24.H26-260305-${String(i).padStart(5, '0')}`,
        outcomes: [
          { rule_id: 'returned-late', outcome: i % 10 === 0 ? 'violation' : 'pass', facts: padded({ returned_at: '2026-03-05T09:55:00Z', due_at: '2026-03-05T09:30:00Z', minutes_late: i % 10 === 0 ? 25 : 0 }, pad) },
          { rule_id: 'open-past-due', outcome: 'not_applicable', facts: { status: 'returned' } },
        ],
      }));
    const big = sample(w.tree.communeB, many(5000));
    const text = JSON.stringify(big);
    expect(text.length).toBeGreaterThan(1024 * 1024);
    expect(text.length).toBeLessThan(2 * 1024 * 1024);
    const res = await post(big);
    expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(201);
    expect(await json<Summary>(res)).toMatchObject({ dossier_count: 5000, dossiers_with_violation: 500, on_time: { on_time: 4500, late: 500, rate_percent: 90 } });
    const page = await json<Detail>(await api(`/samples/${big.id}?outcome=violation&rule=returned-late&limit=500&offset=400`, { token: w.lead.token }));
    expect(page.dossiers.total).toBe(500);
    expect(page.dossiers.items).toHaveLength(100);
    expect(page.dossiers.items[0]!.ordinal).toBe(4000);

    const tooMany = await post(sample(w.tree.communeB, many(5001)));
    expect(tooMany.status).toBe(422);
    expect((await problem(tooMany)).errors?.map((e) => e.path)).toEqual(['$.dossiers']);
    const tooLarge = await post(sample(w.tree.communeB, many(4000, 300)));
    expect(tooLarge.status).toBe(413);
  }, 60_000);
});

describe('reading samples', () => {
  let inA: string;
  let inB: string;

  beforeAll(async () => {
    inA = (await json<Summary>(await post(sample(w.tree.communeA, DOSSIERS)))).id;
    inB = (await json<Summary>(await post(sample(w.tree.communeB, DOSSIERS)))).id;
  });

  it('pages a sample\'s dossiers, filtered by rule and outcome', async () => {
    const filtered = await json<Detail>(await api(`/samples/${inA}?rule=open-past-due&outcome=violation`, { token: w.lead.token }));
    expect(filtered.dossiers.items.map((d) => d.ordinal)).toEqual([2]);
    const anyViolation = await json<Detail>(await api(`/samples/${inA}?outcome=violation`, { token: w.lead.token }));
    expect(anyViolation.dossiers.items.map((d) => [d.ordinal, d.violations])).toEqual([[1, 1], [2, 1]]);
    const page = await json<Detail>(await api(`/samples/${inA}?limit=2&offset=2`, { token: w.lead.token }));
    expect(page.dossiers).toMatchObject({ total: 4, offset: 2, limit: 2 });
    expect(page.dossiers.items.map((d) => d.ordinal)).toEqual([2, 3]);
  });

  it('shows unit heads their subtree\'s samples from reporting on, leaders their subtree, strangers nothing', async () => {
    expect((await api(`/audits/${w.auditId}/samples`, { token: w.head })).status).toBe(404);
    const leaderList = await json<{ items: Summary[] }>(await api(`/audits/${w.auditId}/samples`, { token: w.leaderA }));
    expect(leaderList.items.every((s) => s.unit_id === w.tree.communeA)).toBe(true);
    expect(leaderList.items.map((s) => s.id)).toContain(inA);
    expect((await api(`/samples/${inB}`, { token: w.leaderA })).status).toBe(404);
    expect((await api(`/samples/${inA}`, { token: w.stranger })).status).toBe(404);
    expect((await api(`/audits/${w.auditId}/samples`, { token: w.stranger })).status).toBe(404);

    await env.DB.prepare("UPDATE audits SET status = 'reporting', reporting_at = ? WHERE id = ?").bind(at(), w.auditId).run();
    try {
      const headList = await json<{ items: Summary[]; total: number }>(await api(`/audits/${w.auditId}/samples`, { token: w.head }));
      expect(headList.items.length).toBeGreaterThan(0);
      expect(headList.items.every((s) => s.unit_id === w.tree.communeA)).toBe(true);
      expect((await api(`/samples/${inA}`, { token: w.head })).status).toBe(200);
      expect((await api(`/samples/${inB}`, { token: w.head })).status).toBe(404);
      // In reporting only the lead still records.
      const byMember = await post(sample(w.tree.communeA, DOSSIERS), w.member.token);
      expect(byMember.status).toBe(409);
      expect((await problem(byMember)).code).toBe('audit_not_recording');
      expect((await post(sample(w.tree.communeA, DOSSIERS))).status).toBe(201);
    } finally {
      await env.DB.prepare("UPDATE audits SET status = 'in_progress', reporting_at = NULL WHERE id = ?").bind(w.auditId).run();
    }
  });
});

describe('dismissed suggestions', () => {
  const dismissal = (extra: Record<string, unknown> = {}) => ({
    id: crypto.randomUUID(),
    unit_id: w.tree.communeA,
    rule_id: 'open-past-due',
    rule_version: 1,
    dossier_code: 'H26-260305-0003',
    reason: 'Hồ sơ đang chờ công dân bổ sung; phần mềm chưa chuyển trạng thái. Liên hệ 0912 345 678.',
    dismissed_at: at(),
    ...extra,
  });
  const dismiss = (body: unknown, token = w.member.token) => api(`/audits/${w.auditId}/suggestion-dismissals`, { method: 'POST', token, body });

  it('records a dismissal with its reason masked, lists it and counts false positives per rule', async () => {
    const body = dismissal();
    const res = await dismiss(body);
    expect(res.status, await res.clone().text()).toBe(201);
    const row = await json<{ reason: string; item_code: string; checklist_id: string; dismissed_by: string }>(res);
    expect(row.reason).toContain('0912•••678');
    expect(row).toMatchObject({ checklist_id: w.checklistId, dismissed_by: w.member.id });
    expect((await dismiss(body)).status).toBe(409);

    const list = await json<{ items: { id: string }[]; by_rule: { rule_id: string; dismissed: number; violations: number; dismissed_percent: number | null }[] }>(
      await api(`/audits/${w.auditId}/suggestion-dismissals?rule=open-past-due`, { token: w.lead.token }),
    );
    expect(list.items.map((i) => i.id)).toContain(body.id);
    const rule = list.by_rule.find((r) => r.rule_id === 'open-past-due')!;
    expect(rule.dismissed).toBeGreaterThanOrEqual(1);
    expect(rule.violations).toBeGreaterThanOrEqual(1);
    expect(rule.dismissed_percent).toBeCloseTo((100 * rule.dismissed) / rule.violations, 9);

    const fp = await json<{ items: { rule_id: string; dismissed: number }[] }>(await api(`/check-rules/false-positives?checklist=${w.checklistId}`, { token: w.admin }));
    expect(fp.items.find((r) => r.rule_id === 'open-past-due')!.dismissed).toBe(rule.dismissed);
    expect((await api(`/check-rules/false-positives?checklist=${crypto.randomUUID()}`, { token: w.admin })).status).toBe(404);
    const event = await env.DB.prepare("SELECT type FROM events WHERE entity = 'suggestion_dismissal' AND entity_id = ?").bind(body.id).first<{ type: string }>();
    expect(event?.type).toBe('suggestion.dismissed');
  });

  it('needs a reason and a rule of the audit\'s rule sets, and a plausible time', async () => {
    const { reason: _reason, ...noReason } = dismissal();
    const cases: [unknown, string, string[]][] = [
      [noReason, 'validation_failed', ['$.reason']],
      [dismissal({ reason: 'x'.repeat(501) }), 'validation_failed', ['$.reason']],
      [dismissal({ rule_id: 'no-such-rule' }), 'unknown_rule', ['$.rule_id']],
      [dismissal({ rule_version: 2 }), 'unknown_rule', ['$.rule_id']],
      [dismissal({ unit_id: w.tree.districtB }), 'unit_not_in_audit', ['$.unit_id']],
      [dismissal({ dismissed_at: '2099-01-01T00:00:00Z' }), 'timestamp_out_of_range', ['$.dismissed_at']],
    ];
    for (const [body, code, paths] of cases) {
      const res = await dismiss(body);
      expect(res.status, code).toBe(422);
      const p = await problem(res);
      expect(p.code).toBe(code);
      expect(p.errors?.map((e) => e.path)).toEqual(paths);
    }
    expect((await dismiss(dismissal(), w.stranger)).status).toBe(404);
    expect((await dismiss(dismissal(), w.head)).status).toBe(403);
  });

  it('keeps leaders to their subtree\'s dismissals', async () => {
    const inB = dismissal({ unit_id: w.tree.communeB });
    expect((await dismiss(inB)).status).toBe(201);
    const leader = await json<{ items: { id: string; unit_id: string }[] }>(await api(`/audits/${w.auditId}/suggestion-dismissals`, { token: w.leaderA }));
    expect(leader.items.map((i) => i.id)).not.toContain(inB.id);
    expect(leader.items.every((i) => i.unit_id === w.tree.communeA)).toBe(true);
  });
});
