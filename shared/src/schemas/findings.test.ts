// Workflow bodies (response, review, action done, verification) and stored finding rows.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../domain/ids.ts';
import { ActionDoneSchema, CorrectiveActionSchema, DisputeReviewSchema, FindingResponseSchema, FindingSchema, VerificationSchema } from './findings.ts';
import { zodErrorsToProblem } from './problem.ts';

const paths = (r: { success: boolean; error?: Parameters<typeof zodErrorsToProblem>[0] }) =>
  r.success || r.error === undefined ? [] : zodErrorsToProblem(r.error).map((e) => e.path);

describe('finding response', () => {
  it('accepts with a plan, correction optional', () => {
    const r = FindingResponseSchema.parse({ decision: 'accept', root_cause: ' Thiếu nhân sự ', action: 'Bổ sung', owner_user_id: '01890000-0000-7000-8000-00000000a0a0', due_date: '2026-12-15' });
    expect(r).toMatchObject({ decision: 'accept', root_cause: 'Thiếu nhân sự' });
  });

  it.each<[unknown, string[]]>([
    [{ decision: 'accept', action: 'a', owner_user_id: '01890000-0000-7000-8000-00000000a0a0', due_date: '2026-12-15' }, ['$.root_cause']],
    [{ decision: 'accept', root_cause: 'r', action: 'a', owner_user_id: '01890000-0000-7000-8000-00000000a0a0', due_date: '15/12/2026' }, ['$.due_date']],
    // The owner is an account, never free text (issue 15): a name alone is no owner.
    [{ decision: 'accept', root_cause: 'r', action: 'a', owner_name: 'Ngô E', due_date: '2026-12-15' }, ['$.owner_user_id']],
    [{ decision: 'accept', root_cause: 'r', action: 'a', owner_user_id: 'Ngô E', due_date: '2026-12-15' }, ['$.owner_user_id']],
    [{ decision: 'dispute' }, ['$.reason']],
    [{ decision: 'dispute', reason: '   ' }, ['$.reason']],
    [{ decision: 'dispute', reason: 'r', evidence_ids: Array.from({ length: 21 }, uuidv7) }, ['$.evidence_ids']],
    [{ decision: 'ignore' }, ['$.decision']],
  ])('rejects %j', (body, expected) => {
    expect(paths(FindingResponseSchema.safeParse(body))).toEqual(expected);
  });
});

describe('review, action done, verification', () => {
  it('review needs a decision and a comment', () => {
    expect(DisputeReviewSchema.safeParse({ decision: 'reject', comment: 'Không đủ căn cứ' }).success).toBe(true);
    expect(paths(DisputeReviewSchema.safeParse({ decision: 'accept' }))).toEqual(['$.comment']);
    expect(paths(DisputeReviewSchema.safeParse({ decision: 'maybe', comment: 'c' }))).toEqual(['$.decision']);
  });

  it('action done needs a note', () => {
    expect(ActionDoneSchema.safeParse({ note: 'Đã tập huấn ngày 20/11' }).success).toBe(true);
    expect(paths(ActionDoneSchema.safeParse({}))).toEqual(['$.note']);
  });

  it('an ineffective verification needs a new due date', () => {
    expect(VerificationSchema.parse({ effective: true, note: 'ok' })).toEqual({ effective: true, note: 'ok' });
    expect(VerificationSchema.safeParse({ effective: false, note: 'chưa', new_due_date: '2027-01-10' }).success).toBe(true);
    expect(paths(VerificationSchema.safeParse({ effective: false, note: 'chưa' }))).toEqual(['$.new_due_date']);
    expect(paths(VerificationSchema.safeParse({ effective: 'yes', note: 'x' }))).toEqual(['$.effective']);
  });
});

describe('stored finding and action', () => {
  const now = '2026-11-23T02:15:00.000Z';
  it('parses D1-shaped rows (booleans already mapped)', () => {
    const f = FindingSchema.parse({
      id: uuidv7(), audit_id: uuidv7(), unit_id: uuidv7(), item_id: uuidv7(), result: 'ofi', note: '', dossier_code: null, page_url: null,
      status: 'recorded', recorded_by: uuidv7(), recorded_at: now, deleted_at: null, version: 1, seq: 0, created_at: now, updated_at: now,
    });
    expect(f).toMatchObject({ dispute_reason: null, review_comment: null, closed_at: null });
    const a = CorrectiveActionSchema.parse({
      finding_id: f.id, root_cause: 'r', correction: '', action: 'a', owner_name: 'o', due_date: '2026-12-01', done_note: null, done_at: null,
      verification_note: null, verified_by: null, verified_at: null, effective: null, version: 1, created_at: now, updated_at: now,
    });
    expect(a.planned_by).toBeNull();
  });
});
