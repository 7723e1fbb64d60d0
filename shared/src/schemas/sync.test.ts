// Sync contract: ops validated per kind, bounds, and the four per-op outcomes.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../domain/ids.ts';
import { zodErrorsToProblem } from './problem.ts';
import { auditTimeFloor, checkSyncOps, CLIENT_CLOCK_SKEW_MS, CLIENT_TIME_MARGIN_MS, clientTimeProblem, readableOpId, SyncEnvelopeSchema, SyncOpResultSchema, SyncRequestSchema, SyncResponseSchema, type SyncOpInput } from './sync.ts';

const AUDIT = uuidv7();
const UNIT = uuidv7();
const ITEM = uuidv7();
const FINDING = uuidv7();
const NOW = '2026-11-23T02:15:00.000Z';

const upsert = (over: Partial<SyncOpInput> = {}): SyncOpInput =>
  ({
    op_id: uuidv7(),
    kind: 'finding.upsert',
    entity_id: FINDING,
    base_version: null,
    data: { audit_id: AUDIT, unit_id: UNIT, item_id: ITEM, result: 'nc_minor', note: 'Quá hạn không có phiếu xin lỗi', dossier_code: '000.00.31.H30-250701-0004', page_url: 'http://127.0.0.1:8788/ho-so/4', recorded_at: NOW },
    ...over,
  }) as SyncOpInput;

const capture = {
  op_id: uuidv7(),
  kind: 'evidence.create',
  entity_id: uuidv7(),
  base_version: null,
  data: {
    finding_id: FINDING,
    kind: 'page_capture',
    page_url: 'http://127.0.0.1:8788/ho-so/4',
    page_title: 'Chi tiết hồ sơ',
    selectors: [
      { type: 'TextQuoteSelector', exact: '20/07/2025 17:00', prefix: 'Hạn xử lý: ', suffix: ' Trạng thái' },
      { type: 'TextPositionSelector', start: 120, end: 136 },
      { type: 'CssSelector', value: 'dd:nth-of-type(4)' },
    ],
    quote: '20/07/2025 17:00',
    fields: { dossier_code: '000.00.31.H30-250701-0004', due_at: '2025-07-20T10:00:00.000Z', steps: [{ name: 'Tiếp nhận', to_officer: 'Lê C' }] },
    captured_at: NOW,
  },
};

function problemPaths(body: unknown): string[] {
  const r = SyncRequestSchema.safeParse(body);
  expect(r.success).toBe(false);
  return r.success ? [] : zodErrorsToProblem(r.error).map((e) => e.path);
}

describe('sync request', () => {
  it('accepts the three kinds of op', () => {
    const body = {
      client_id: 'ext-0190f2a4',
      ops: [upsert(), { op_id: uuidv7(), kind: 'finding.delete', entity_id: FINDING, base_version: 2, data: {} }, capture],
    };
    const parsed = SyncRequestSchema.parse(body);
    expect(parsed.ops.map((o) => o.kind)).toEqual(['finding.upsert', 'finding.delete', 'evidence.create']);
    const ev = parsed.ops[2];
    if (ev?.kind === 'evidence.create') expect(ev.data.selectors).toHaveLength(3);
  });

  it('validates data by kind', () => {
    expect(problemPaths({ client_id: 'c', ops: [upsert({ data: { ...upsert().data, result: 'bad' } as never })] })).toEqual(['$.ops[0].data.result']);
    expect(problemPaths({ client_id: 'c', ops: [{ ...upsert(), kind: 'finding.delete' }] })).toEqual(['$.ops[0].data']);
    expect(problemPaths({ client_id: 'c', ops: [{ ...upsert(), kind: 'unit.delete' }] })).toEqual(['$.ops[0].kind']);
    expect(problemPaths({ client_id: 'c', ops: [{ ...capture, data: { ...capture.data, page_url: undefined } }] })).toEqual(['$.ops[0].data.page_url']);
    expect(problemPaths({ client_id: 'c', ops: [{ ...capture, data: { ...capture.data, kind: 'screenshot' } }] })).toEqual([
      '$.ops[0].data.sha256',
      '$.ops[0].data.mime',
      '$.ops[0].data.bytes',
    ]);
  });

  it('checks ids, versions and bounds', () => {
    expect(problemPaths({ client_id: 'c', ops: [upsert({ op_id: 'x' })] })).toEqual(['$.ops[0].op_id']);
    expect(problemPaths({ client_id: 'c', ops: [upsert({ base_version: 0 })] })).toEqual(['$.ops[0].base_version']);
    expect(problemPaths({ client_id: 'c', ops: [] })).toEqual(['$.ops']);
    expect(problemPaths({ client_id: 'c', ops: Array.from({ length: 201 }, () => upsert()) })).toEqual(['$.ops']);
    expect(SyncRequestSchema.safeParse({ client_id: 'c', ops: Array.from({ length: 200 }, () => upsert()) }).success).toBe(true);
    expect(problemPaths({ client_id: 'a b', ops: [upsert()] })).toEqual(['$.client_id']);
    const longQuote = { ...capture, data: { ...capture.data, selectors: [{ type: 'TextQuoteSelector', exact: 'x'.repeat(2001) }] } };
    expect(problemPaths({ client_id: 'c', ops: [longQuote] })).toEqual(['$.ops[0].data.selectors[0].exact']);
  });
});

describe('sync envelope and per-op checks', () => {
  const envelopePaths = (body: unknown) => {
    const r = SyncEnvelopeSchema.safeParse(body);
    return r.success ? [] : zodErrorsToProblem(r.error).map((e) => e.path);
  };

  it('reads the envelope whatever the ops hold, within the bounds', () => {
    expect(envelopePaths({ client_id: 'c', ops: [upsert(), { kind: 'unit.delete' }, 7, null] })).toEqual([]);
    expect(envelopePaths({ client_id: 'c', ops: [] })).toEqual(['$.ops']);
    expect(envelopePaths({ client_id: 'c', ops: Array.from({ length: 201 }, () => ({})) })).toEqual(['$.ops']);
    expect(envelopePaths({ client_id: 'a b', ops: [upsert()] })).toEqual(['$.client_id']);
    expect(envelopePaths({ client_id: 'c', ops: {} })).toEqual(['$.ops']);
    expect(envelopePaths(null)).toEqual(['$']);
  });

  it('checks each op on its own, with paths from the request body', () => {
    const good = upsert();
    const checks = checkSyncOps([good, upsert({ data: { ...upsert().data, result: 'excellent' } as never }), { ...upsert(), kind: 'unit.delete' }, 'op', { ...upsert(), op_id: undefined }, upsert({ op_id: 'x' }), capture]);
    expect(checks.map((c) => c.ok)).toEqual([true, false, false, false, false, false, true]);
    const failed = checks.flatMap((c) => (c.ok ? [] : [c]));
    expect(failed.map((c) => c.errors.map((e) => e.path))).toEqual([['$.ops[1].data.result'], ['$.ops[2].kind'], ['$.ops[3]'], ['$.ops[4].op_id'], ['$.ops[5].op_id']]);
    // The op's own op_id when readable, null otherwise.
    expect(failed.map((c) => c.op_id === null)).toEqual([false, false, true, true, true]);
    expect(failed[0]?.detail).toContain('$.ops[1].data.result');
  });

  it('refuses a later op repeating an op_id, and only that one', () => {
    const op = upsert();
    const checks = checkSyncOps([op, upsert(), op]);
    expect(checks.map((c) => c.ok)).toEqual([true, true, false]);
    const third = checks[2];
    if (third && !third.ok) {
      expect(third.op_id).toBe(op.op_id);
      expect(third.errors).toEqual([{ path: '$.ops[2].op_id', message: 'op_id repeated in the batch' }]);
    }
    // The documented request schema no longer refuses the batch for it.
    expect(SyncRequestSchema.safeParse({ client_id: 'c', ops: [op, op] }).success).toBe(true);
  });

  it('reads an op_id only from an object holding a UUID', () => {
    const id = uuidv7();
    expect([readableOpId({ op_id: id }), readableOpId({ op_id: 'x' }), readableOpId([id]), readableOpId(null), readableOpId(id)]).toEqual([id, null, null, null, null]);
  });
});

describe('sync response', () => {
  const finding = {
    id: FINDING,
    audit_id: AUDIT,
    unit_id: UNIT,
    item_id: ITEM,
    result: 'nc_major',
    note: 'theirs',
    dossier_code: null,
    page_url: null,
    status: 'open',
    recorded_by: uuidv7(),
    recorded_at: NOW,
    deleted_at: null,
    version: 3,
    seq: 41,
    created_at: NOW,
    updated_at: NOW,
  };
  const problem = { type: 'urn:onestop:problem:forbidden', title: 'Forbidden', status: 403, code: 'not_audit_member', detail: 'x' };

  it('answers every op with one of four outcomes', () => {
    const body = {
      results: [
        { op_id: uuidv7(), status: 'applied', version: 1, seq: 42 },
        { op_id: uuidv7(), status: 'duplicate', original: { status: 'applied', version: 1, seq: 40 } },
        { op_id: uuidv7(), status: 'conflict', server: finding },
        { op_id: uuidv7(), status: 'rejected', problem },
        { op_id: uuidv7(), status: 'duplicate', original: { status: 'rejected', problem } },
      ],
      server_time: NOW,
      cursor: 42,
    };
    const parsed = SyncResponseSchema.parse(body);
    expect(parsed.results.map((r) => r.status)).toEqual(['applied', 'duplicate', 'conflict', 'rejected', 'duplicate']);
    const conflict = parsed.results[2];
    if (conflict?.status === 'conflict') expect(conflict.server.review_comment).toBeNull();
  });

  it('lets only a rejected result go without an op_id', () => {
    expect(SyncOpResultSchema.safeParse({ op_id: null, status: 'rejected', problem }).success).toBe(true);
    expect(SyncOpResultSchema.safeParse({ op_id: null, status: 'applied', version: 1 }).success).toBe(false);
    expect(SyncOpResultSchema.safeParse({ op_id: null, status: 'duplicate', original: { status: 'applied', version: 1 } }).success).toBe(false);
  });

  it('refuses a duplicate of a duplicate and an applied op without a version', () => {
    expect(SyncOpResultSchema.safeParse({ op_id: uuidv7(), status: 'duplicate', original: { status: 'duplicate' } }).success).toBe(false);
    expect(SyncOpResultSchema.safeParse({ op_id: uuidv7(), status: 'applied' }).success).toBe(false);
  });
});

describe('client timestamp bounds', () => {
  const audit = { created_at: '2026-11-10T03:20:00.000Z', planned_start: '2026-11-12' };
  const now = Date.parse('2026-11-23T02:15:00.000Z');

  it('starts at the earlier of creation and the planned first day (00:00 in Hà Nội), minus the margin', () => {
    expect(auditTimeFloor(audit)).toBe(Date.parse('2026-11-10T03:20:00.000Z') - CLIENT_TIME_MARGIN_MS);
    // Planned to start before it was entered: the planned day counts, from 00:00 +07:00 (17:00 UTC the day before).
    expect(auditTimeFloor({ created_at: '2026-11-20T08:00:00.000Z', planned_start: '2026-11-12' })).toBe(Date.parse('2026-11-11T17:00:00.000Z') - CLIENT_TIME_MARGIN_MS);
  });

  it('accepts times between the floor and the server clock plus the skew, in any offset', () => {
    const floor = auditTimeFloor(audit);
    for (const ok of ['2026-11-23T02:15:00.000Z', '2026-11-23T09:19:00.000+07:00', new Date(now + CLIENT_CLOCK_SKEW_MS).toISOString(), new Date(floor).toISOString(), '2026-11-09T04:00:00.000Z']) {
      expect(clientTimeProblem(ok, { now, floor }), ok).toBeNull();
    }
  });

  it('refuses the far future, a clock running more than the skew ahead, and times before the audit', () => {
    const floor = auditTimeFloor(audit);
    expect(clientTimeProblem('2099-01-01T00:00:00.000Z', { now, floor })).toMatch(/future/);
    expect(clientTimeProblem(new Date(now + CLIENT_CLOCK_SKEW_MS + 1000).toISOString(), { now, floor })).toMatch(/future/);
    expect(clientTimeProblem('2026-11-08T00:00:00.000Z', { now, floor })).toMatch(/before the audit/);
    expect(clientTimeProblem('1970-01-01T00:00:00.000Z', { now, floor })).toMatch(/before the audit/);
    expect(clientTimeProblem('not a time', { now, floor })).toMatch(/readable/);
  });
});
