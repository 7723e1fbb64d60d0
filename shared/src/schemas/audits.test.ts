// Audit plan bodies and stored audit rows.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../domain/ids.ts';
import { AuditCreateSchema, AuditPatchSchema, AuditSchema, AuditTransitionRequestSchema } from './audits.ts';
import { zodErrorsToProblem } from './problem.ts';

const plan = {
  code: 'KT-2026/11-PHUONG-BEN-NGHE',
  title: 'Kiểm tra nội bộ ISO 9001 quý IV',
  kind: 'internal',
  planned_start: '2026-11-23',
  planned_end: '2026-11-27',
  unit_ids: [uuidv7(), uuidv7()],
  version_ids: [uuidv7()],
  lead_user_id: uuidv7(),
};

const paths = (body: unknown, schema: typeof AuditCreateSchema | typeof AuditPatchSchema = AuditCreateSchema) => {
  const r = schema.safeParse(body);
  return r.success ? [] : zodErrorsToProblem(r.error).map((e) => e.path);
};

describe('audit bodies', () => {
  it('creates with defaults', () => {
    expect(AuditCreateSchema.parse(plan)).toMatchObject({ scope_note: '', member_ids: [] });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['end before start', { planned_end: '2026-11-01' }, ['$.planned_end']],
    ['no unit', { unit_ids: [] }, ['$.unit_ids']],
    ['a unit twice', { unit_ids: [plan.unit_ids[0], plan.unit_ids[0]] }, ['$.unit_ids']],
    ['no checklist', { version_ids: [] }, ['$.version_ids']],
    ['too many members', { member_ids: Array.from({ length: 51 }, uuidv7) }, ['$.member_ids']],
    ['a bad kind', { kind: 'surprise' }, ['$.kind']],
    ['a code with spaces', { code: 'KT 1' }, ['$.code']],
    ['a huge scope note', { scope_note: 'x'.repeat(4001) }, ['$.scope_note']],
  ])('refuses %s', (_, change, expected) => {
    expect(paths({ ...plan, ...change })).toEqual(expected);
  });

  it('patches need a version and keep the date order', () => {
    expect(paths({ title: 'x' }, AuditPatchSchema)).toEqual(['$.version']);
    expect(paths({ version: 2, planned_start: '2026-12-01', planned_end: '2026-11-30' }, AuditPatchSchema)).toEqual(['$.planned_end']);
    expect(paths({ version: 2, planned_end: '2026-11-30' }, AuditPatchSchema)).toEqual([]);
  });

  it('transition requests name a status', () => {
    expect(AuditTransitionRequestSchema.safeParse({ to: 'in_progress' }).success).toBe(true);
    expect(AuditTransitionRequestSchema.safeParse({ to: 'started' }).success).toBe(false);
  });

  it('parses a stored audit', () => {
    const now = '2026-11-23T01:00:00.000Z';
    const a = AuditSchema.parse({
      id: uuidv7(), code: 'KT-1', title: 't', kind: 'inspection', status: 'in_progress', owner_unit_id: uuidv7(),
      planned_start: '2026-11-23', planned_end: '2026-11-24', started_at: now, closed_at: null, lead_user_id: uuidv7(),
      scope_note: '', version: 2, created_at: now, updated_at: now,
    });
    expect(a).toMatchObject({ reporting_at: null, cancelled_at: null });
  });
});
