// Every NC transition pair for every actor, what each step needs, result changes and overdue actions.
import { describe, expect, it } from 'vitest';
import { FINDING_STATUSES, RESULTS, type FindingStatus, type Result } from '../schemas/enums.ts';
import { ActionDoneSchema, DisputeReviewSchema, FindingResponseSchema, VerificationSchema } from '../schemas/findings.ts';
import {
  FINDING_ACTOR_ROLES,
  NC_TRANSITIONS,
  checkFindingDelete,
  checkFindingTransition,
  findingCounts,
  initialFindingStatus,
  isOverdue,
  responseTarget,
  reviewTarget,
  statusAfterResultChange,
  verificationTarget,
  type FindingActorRole,
  type TransitionInput,
} from './finding-workflow.ts';

const TODAY = '2026-11-23';
const FULL: TransitionInput = {
  root_cause: 'Cán bộ chưa được tập huấn',
  action: 'Tập huấn lại quy trình',
  owner_name: 'Trần Thị B',
  due_date: '2026-12-31',
  reason: 'Hồ sơ đã có phiếu xin lỗi',
  comment: 'Đã xem xét',
  note: 'Đã thực hiện',
  new_due_date: '2027-01-15',
};

/** DESIGN section 4: from, to, who. */
const DESIGN_TABLE: [FindingStatus, FindingStatus, FindingActorRole[]][] = [
  ['open', 'action_planned', ['unit_head']],
  ['open', 'disputed', ['unit_head']],
  ['disputed', 'open', ['lead']],
  ['disputed', 'withdrawn', ['lead']],
  ['action_planned', 'action_done', ['unit_head']],
  ['action_done', 'closed', ['lead', 'member']],
  ['action_done', 'action_planned', ['lead', 'member']],
];
const whoMay = (from: FindingStatus, to: FindingStatus) => DESIGN_TABLE.find(([f, t]) => f === from && t === to)?.[2];

describe('finding transitions, every pair and every actor', () => {
  it('the data table is the DESIGN table', () => {
    expect(NC_TRANSITIONS.map((t) => [t.from, t.to, [...t.actors]])).toEqual(DESIGN_TABLE);
  });

  const cases = FINDING_STATUSES.flatMap((from) =>
    FINDING_STATUSES.flatMap((to) => FINDING_ACTOR_ROLES.map((role) => [from, to, role] as const)),
  );

  it.each(cases)('%s → %s by %s', (from, to, role) => {
    const r = checkFindingTransition(from, to, { role }, FULL, TODAY);
    const who = whoMay(from, to);
    if (from === 'recorded') {
      expect(r).toMatchObject({ ok: false, code: 'not_a_nonconformity' });
    } else if (who === undefined) {
      expect(r).toMatchObject({ ok: false, code: 'transition_not_allowed' });
    } else if (who.includes(role)) {
      expect(r).toEqual({ ok: true });
    } else if (role === 'unit_head' && from === 'action_done') {
      expect(r).toMatchObject({ ok: false, code: 'unit_head_cannot_verify' });
    } else {
      expect(r).toMatchObject({ ok: false, code: 'role_not_allowed' });
    }
    if (!r.ok) expect(r.detail.length).toBeGreaterThan(10);
  });
});

describe('what each step needs', () => {
  const without = (key: keyof TransitionInput, value?: string): TransitionInput => ({ ...FULL, [key]: value });

  it.each<[FindingStatus, FindingStatus, FindingActorRole, TransitionInput, string]>([
    ['open', 'action_planned', 'unit_head', without('root_cause'), 'root_cause_required'],
    ['open', 'action_planned', 'unit_head', without('root_cause', '   '), 'root_cause_required'],
    ['open', 'action_planned', 'unit_head', without('action'), 'action_required'],
    ['open', 'action_planned', 'unit_head', without('owner_name', ''), 'owner_name_required'],
    ['open', 'action_planned', 'unit_head', without('due_date'), 'due_date_required'],
    ['open', 'action_planned', 'unit_head', without('due_date', '2026-11-22'), 'due_date_in_past'],
    ['open', 'action_planned', 'unit_head', without('due_date', '2026-02-30'), 'due_date_invalid'],
    ['open', 'action_planned', 'unit_head', without('due_date', '31/12/2026'), 'due_date_invalid'],
    ['open', 'disputed', 'unit_head', without('reason'), 'reason_required'],
    ['disputed', 'open', 'lead', without('comment'), 'comment_required'],
    ['disputed', 'withdrawn', 'lead', without('comment', ' '), 'comment_required'],
    ['action_planned', 'action_done', 'unit_head', without('note'), 'note_required'],
    ['action_done', 'closed', 'member', without('note'), 'note_required'],
    ['action_done', 'action_planned', 'member', without('note'), 'note_required'],
    ['action_done', 'action_planned', 'lead', without('new_due_date'), 'new_due_date_required'],
    ['action_done', 'action_planned', 'lead', without('new_due_date', '2026-01-01'), 'new_due_date_in_past'],
  ])('%s → %s by %s: %j refused with %s', (from, to, role, input, code) => {
    expect(checkFindingTransition(from, to, { role }, input, TODAY)).toMatchObject({ ok: false, code });
  });

  it('a due date of today is accepted', () => {
    expect(checkFindingTransition('open', 'action_planned', { role: 'unit_head' }, { ...FULL, due_date: TODAY }, TODAY)).toEqual({ ok: true });
  });

  it('the correction is optional', () => {
    expect(checkFindingTransition('open', 'action_planned', { role: 'unit_head' }, { ...FULL, correction: undefined }, TODAY)).toEqual({ ok: true });
  });

  it('details are clear English sentences', () => {
    const r = checkFindingTransition('open', 'action_planned', { role: 'unit_head' }, { ...FULL, due_date: '2026-11-01' }, TODAY);
    expect(r).toEqual({
      ok: false,
      code: 'due_date_in_past',
      detail: 'The due date 2026-11-01 is in the past; it must be today (2026-11-23) or later.',
    });
    const v = checkFindingTransition('action_done', 'closed', { role: 'unit_head' }, FULL, TODAY);
    expect(v).toMatchObject({ detail: 'The unit head cannot verify their own corrective action; an audit team member must.' });
  });
});

describe('request bodies drive the workflow', () => {
  it('parsed bodies map to their target status and pass the check', () => {
    const accept = FindingResponseSchema.parse({
      decision: 'accept',
      root_cause: 'x',
      action: 'y',
      owner_user_id: '01890000-0000-7000-8000-00000000a0a0',
      due_date: '2026-12-01',
    });
    const dispute = FindingResponseSchema.parse({ decision: 'dispute', reason: 'đã đúng hạn' });
    const reject = DisputeReviewSchema.parse({ decision: 'reject', comment: 'không chấp nhận' });
    const withdraw = DisputeReviewSchema.parse({ decision: 'accept', comment: 'chấp nhận' });
    const done = ActionDoneSchema.parse({ note: 'đã tập huấn' });
    const effective = VerificationSchema.parse({ effective: true, note: 'hiệu quả' });
    const notEffective = VerificationSchema.parse({ effective: false, note: 'chưa hiệu quả', new_due_date: '2027-01-01' });

    expect(checkFindingTransition('open', responseTarget(accept), { role: 'unit_head' }, accept, TODAY)).toEqual({ ok: true });
    expect(checkFindingTransition('open', responseTarget(dispute), { role: 'unit_head' }, dispute, TODAY)).toEqual({ ok: true });
    expect(checkFindingTransition('disputed', reviewTarget(reject), { role: 'lead' }, reject, TODAY)).toEqual({ ok: true });
    expect(reviewTarget(reject)).toBe('open');
    expect(checkFindingTransition('disputed', reviewTarget(withdraw), { role: 'lead' }, withdraw, TODAY)).toEqual({ ok: true });
    expect(reviewTarget(withdraw)).toBe('withdrawn');
    expect(checkFindingTransition('action_planned', 'action_done', { role: 'unit_head' }, done, TODAY)).toEqual({ ok: true });
    expect(verificationTarget(effective)).toBe('closed');
    expect(checkFindingTransition('action_done', verificationTarget(effective), { role: 'member' }, effective, TODAY)).toEqual({ ok: true });
    expect(verificationTarget(notEffective)).toBe('action_planned');
    expect(checkFindingTransition('action_done', verificationTarget(notEffective), { role: 'lead' }, notEffective, TODAY)).toEqual({ ok: true });
  });
});

describe('result changes', () => {
  it('a new finding starts open when it is an NC, recorded otherwise', () => {
    expect(Object.fromEntries(RESULTS.map((r) => [r, initialFindingStatus(r)]))).toEqual({
      nc_major: 'open',
      nc_minor: 'open',
      observation: 'recorded',
      ofi: 'recorded',
      conform: 'recorded',
      not_applicable: 'recorded',
    });
  });

  const statuses = (from: Result): FindingStatus[] => (from === 'nc_major' || from === 'nc_minor' ? ['open', 'action_planned', 'disputed', 'withdrawn', 'action_done', 'closed'] : ['recorded']);
  const cases = RESULTS.flatMap((from) => statuses(from).flatMap((status) => RESULTS.map((to) => [from, status, to] as const)));

  it.each(cases)('%s (%s) → %s', (from, status, to) => {
    const r = statusAfterResultChange({ result: from, status }, to);
    if (from === to) expect(r).toEqual({ ok: true, status });
    else if (status === 'recorded' || status === 'open') expect(r).toEqual({ ok: true, status: initialFindingStatus(to) });
    else expect(r).toMatchObject({ ok: false, code: 'result_locked' });
  });

  it('deleting is allowed only before the unit head answers', () => {
    expect(FINDING_STATUSES.filter((s) => checkFindingDelete(s).ok)).toEqual(['recorded', 'open']);
  });

  it('withdrawn and deleted findings do not count', () => {
    expect(findingCounts({ status: 'open', deleted_at: null })).toBe(true);
    expect(findingCounts({ status: 'withdrawn', deleted_at: null })).toBe(false);
    expect(findingCounts({ status: 'recorded', deleted_at: '2026-11-23T01:00:00.000Z' })).toBe(false);
  });
});

describe('isOverdue', () => {
  it.each<[string, string | null, boolean]>([
    ['2026-11-22', null, true],
    ['2026-11-23', null, false],
    ['2026-12-01', null, false],
    ['2026-11-01', '2026-11-20T03:00:00.000Z', false],
  ])('due %s, done %s → %s', (due, done, overdue) => {
    expect(isOverdue({ due_date: due, done_at: done }, TODAY)).toBe(overdue);
  });
});
