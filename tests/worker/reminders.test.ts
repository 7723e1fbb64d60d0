// Reminders (docs/reminders.md): the daily run on fixed dates (who gets which notification, never twice a day), the
// digest e-mails (recipients, preferences, MIME and Vietnamese text, never twice a day), the notifications API scoped
// to its caller, preferences, and the lead's "remind" action.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../worker/src/index.ts';
import { runReminders, type OutgoingMail } from '../../worker/src/reminders/run.ts';
import { makeAction, makeAudit, makeChecklist, makeFinding } from '../fixtures/audits.ts';
import { api, json, makeUnit, makeTree, makeUser, signedIn } from '../fixtures/builders.ts';

type User = { id: string; email: string; token: string };
type FindingName = 'unansweredA' | 'recentB' | 'dueSoonA' | 'overdueB' | 'laterA' | 'disputedB' | 'doneA' | 'closedA' | 'noHeadC' | 'notReporting';
let w: {
  auditId: string;
  otherAuditId: string;
  lead: User;
  member: User;
  headA: User;
  headDistrictA: User;
  headB: User;
  disabledHeadA: string;
  f: Record<FindingName, string>;
};

const T0 = '2027-03-01T02:00:00.000Z';

/** Puts a finding where a test wants it: status and last change. */
async function setFinding(id: string, status: string, updatedAt = T0) {
  await env.DB.prepare('UPDATE findings SET status = ?, updated_at = ? WHERE id = ?').bind(status, updatedAt, id).run();
}

beforeAll(async () => {
  const tree = await makeTree();
  const communeC = await makeUnit({ parentId: tree.districtB, level: 'commune', name: 'Xã C1 (không có thủ trưởng)' });
  const checklist = await makeChecklist();
  const lead = await signedIn('inspector', tree.province);
  const member = await signedIn('inspector', tree.province);
  const headA = await signedIn('unit_head', tree.communeA);
  const headDistrictA = await signedIn('unit_head', tree.districtA);
  const headB = await signedIn('unit_head', tree.communeB);
  const disabledHeadA = (await makeUser('unit_head', tree.communeA, { disabled: true })).id;
  const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB, communeC], versionId: checklist.versionId, leadId: lead.id, memberIds: [member.id], status: 'reporting' });
  const other = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA], versionId: checklist.versionId, leadId: lead.id, status: 'in_progress' });
  await env.DB.batch([
    env.DB.prepare('UPDATE audits SET reporting_at = ?, reminder_after_days = 5 WHERE id = ?').bind(T0, audit.id),
  ]);
  const items = checklist.items;
  const nc = async (unitId: string, i: number, auditId = audit.id) =>
    (await makeFinding({ auditId, unitId, itemId: items[i % items.length]!.id, result: i % 2 ? 'nc_major' : 'nc_minor', recordedBy: member.id })).id;
  const f = {
    unansweredA: await nc(tree.communeA, 0),
    recentB: await nc(tree.communeB, 1),
    dueSoonA: await nc(tree.communeA, 2),
    overdueB: await nc(tree.communeB, 3),
    laterA: await nc(tree.communeA, 4),
    disputedB: await nc(tree.communeB, 5),
    doneA: await nc(tree.communeA, 6),
    closedA: await nc(tree.communeA, 7),
    noHeadC: await nc(communeC, 0),
    notReporting: await nc(tree.communeA, 1, other.id),
  };
  await setFinding(f.unansweredA, 'open');
  await setFinding(f.recentB, 'open', '2027-03-04T03:00:00.000Z');
  await setFinding(f.dueSoonA, 'action_planned');
  await makeAction(f.dueSoonA, { dueDate: '2027-03-10' });
  await setFinding(f.overdueB, 'action_planned');
  await makeAction(f.overdueB, { dueDate: '2027-03-05' });
  await setFinding(f.laterA, 'action_planned');
  await makeAction(f.laterA, { dueDate: '2027-03-20' });
  await setFinding(f.disputedB, 'disputed');
  await setFinding(f.doneA, 'action_done');
  await makeAction(f.doneA, { dueDate: '2027-03-02', doneAt: '2027-03-02T03:00:00.000Z' });
  await setFinding(f.closedA, 'closed');
  await setFinding(f.noHeadC, 'open');
  await setFinding(f.notReporting, 'open');
  w = { auditId: audit.id, otherAuditId: other.id, lead, member, headA, headDistrictA, headB, disabledHeadA, f };
});

/** This file's notifications of one Vietnam day, as `user kind finding` lines (names instead of ids). */
async function notificationsOf(day: string): Promise<string[]> {
  const who = new Map([[w.lead.id, 'lead'], [w.member.id, 'member'], [w.headA.id, 'headA'], [w.headDistrictA.id, 'headDistrictA'], [w.headB.id, 'headB'], [w.disabledHeadA, 'disabledHeadA']]);
  const what = new Map(Object.entries(w.f).map(([k, v]) => [v, k]));
  const { results } = await env.DB.prepare('SELECT user_id, kind, finding_id FROM notifications WHERE day = ? AND audit_id IN (?, ?)')
    .bind(day, w.auditId, w.otherAuditId)
    .all<{ user_id: string; kind: string; finding_id: string }>();
  return results.map((r) => `${who.get(r.user_id) ?? r.user_id} ${r.kind} ${what.get(r.finding_id) ?? r.finding_id}`).sort();
}

/** A run at 06:00 in Vietnam of `day` (23:00 UTC the evening before), e-mails captured. */
async function runOn(day: string) {
  const mails: OutgoingMail[] = [];
  const scheduled = new Date(Date.parse(`${day}T06:00:00+07:00`));
  const result = await runReminders(env, scheduled, async (m) => {
    mails.push(m);
  });
  const mine = new Set([w.lead.email, w.member.email, w.headA.email, w.headDistrictA.email, w.headB.email]);
  return { result, mails: mails.filter((m) => mine.has(m.to)) };
}

/** Decodes the RFC 2047 subject and the base64 body of a message this module built. */
function decode(raw: string): { headers: Record<string, string>; subject: string; body: string } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n /g, ' ').split('\r\n')) {
    const i = line.indexOf(': ');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 2);
  }
  const utf8 = (b64: string) => new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  // Adjacent encoded words join without the folding space between them (RFC 2047 section 6.2).
  const value = headers.subject ?? '';
  const subject = value.startsWith('=?') ? value.split(' ').map((word) => word.replace(/^=\?UTF-8\?B\?(.*)\?=$/, (_m, b64: string) => utf8(b64))).join('') : value;
  return { headers, subject, body: utf8(body.replace(/\r\n/g, '')) };
}

describe('the daily reminder run', () => {
  it('reminds exactly who may act, once per item, recipient and day', async () => {
    const { result } = await runOn('2027-03-08');
    expect(result.day).toBe('2027-03-08');
    expect(await notificationsOf('2027-03-08')).toEqual(
      [
        // Unanswered 7 days ≥ the audit's 5: the commune's head and the district head above it, not the disabled one.
        'headA nc_unanswered unansweredA',
        'headDistrictA nc_unanswered unansweredA',
        // Due in 2 days (≤ 3) and overdue by 3.
        'headA action_due dueSoonA',
        'headDistrictA action_due dueSoonA',
        'headB action_overdue overdueB',
        // The lead decides disputes and verifies actions.
        'lead dispute_waiting disputedB',
        'lead verification_waiting doneA',
      ].sort(),
    );
    const params = await env.DB.prepare("SELECT params FROM notifications WHERE finding_id = ? AND kind = 'action_overdue'").bind(w.f.overdueB).first<{ params: string }>();
    expect(JSON.parse(params?.params ?? '{}')).toMatchObject({ due_date: '2027-03-05', days: 3, unit_name: 'Xã B1' });

    const again = await runOn('2027-03-08');
    expect(again.result.notifications).toBe(0);
    expect(await notificationsOf('2027-03-08')).toHaveLength(7);

    // The next day the same items are reminded again (once for that day); recentB now waits 5 days.
    await runOn('2027-03-09');
    const next = await notificationsOf('2027-03-09');
    expect(next).toContain('headB nc_unanswered recentB');
    expect(next).toHaveLength(8);
  });

  it('sends one digest per user who wants one, with the kinds chosen, in Vietnamese with English below or in their language', async () => {
    const put = (u: User, body: unknown) => api('/notifications/preferences', { method: 'PUT', token: u.token, body });
    expect((await put(w.headA, { digest_enabled: true, digest_kinds: ['nc_unanswered', 'action_due', 'action_overdue'], language: null })).status).toBe(200);
    expect((await put(w.headB, { digest_enabled: true, digest_kinds: ['action_due'], language: null })).status).toBe(200);
    expect((await put(w.lead, { digest_enabled: true, digest_kinds: ['dispute_waiting', 'verification_waiting'], language: 'en' })).status).toBe(200);
    expect((await put(w.headDistrictA, { digest_enabled: false, digest_kinds: ['nc_unanswered'], language: 'vi' })).status).toBe(200);

    const { mails } = await runOn('2027-03-10');
    // headB's only item (overdue) is not a kind they chose; headDistrictA has the digest off.
    expect(mails.map((m) => m.to).sort()).toEqual([w.headA.email, w.lead.email].sort());
    const toA = decode(mails.find((m) => m.to === w.headA.email)?.raw ?? '');
    expect(toA.headers['content-type']).toBe('text/plain; charset=UTF-8');
    expect(toA.headers['mime-version']).toBe('1.0');
    expect(toA.headers['message-id']).toMatch(/^<[0-9a-f-]{36}@onestop-audit\.example>$/);
    expect(toA.headers.from).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <nhac-viec@onestop-audit\.example>$/);
    expect(toA.headers.subject).toMatch(/^=\?UTF-8\?B\?/);
    expect(toA.subject).toBe('[OneStop Audit] Nhắc việc ngày 10/03/2027: 2 việc cần xử lý');
    expect(toA.body).toContain('Kính gửi Người dùng unit_head,');
    expect(toA.body).toMatch(/- Chưa phản hồi không phù hợp (nặng|nhẹ) CL-[\w-]+ \(Xã A1, cuộc kiểm tra KT-[\w-]+\) sau 9 ngày\./);
    expect(toA.body).toContain('đến hạn ngày 10/03/2027.');
    expect(toA.body).toContain('----- English -----');
    expect(toA.body).toContain('is due on 10/03/2027.');
    const toLead = decode(mails.find((m) => m.to === w.lead.email)?.raw ?? '');
    expect(toLead.subject).toBe('[OneStop Audit] Reminders for 10/03/2027: 2 item(s)');
    expect(toLead.body).toContain('waiting for verification');
    expect(toLead.body).not.toContain('Kính gửi');

    const again = await runOn('2027-03-10');
    expect(again.mails).toEqual([]);
    expect(again.result.emails).toBe(0);
  });

  it('runs from the Cron Trigger through the send_email binding', async () => {
    expect(typeof env.SEND_EMAIL.send).toBe('function');
    await api('/notifications/preferences', { method: 'PUT', token: w.headA.token, body: { digest_enabled: true, digest_kinds: ['nc_unanswered'], language: 'vi' } });
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: new Date('2027-03-11T23:00:00.000Z'), cron: '0 23 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await notificationsOf('2027-03-12')).toContain('headA nc_unanswered unansweredA');
    // The digest was claimed and not given back: the binding accepted the message.
    const sent = await env.DB.prepare('SELECT item_count FROM notification_digests WHERE user_id = ? AND day = ?').bind(w.headA.id, '2027-03-12').first<{ item_count: number }>();
    expect(sent?.item_count).toBe(1);
  });
});

describe('the notifications API', () => {
  it('lists only my notifications, unread first, and counts and marks only mine', async () => {
    await runOn('2027-04-01');
    const list = await json<{ items: { id: string; kind: string; read_at: string | null; finding_id: string }[]; total: number; unread: number }>(await api('/notifications?limit=100', { token: w.headB.token }));
    expect(list.items.length).toBeGreaterThan(0);
    const mineB = await env.DB.prepare('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ?').bind(w.headB.id).first<{ n: number }>();
    expect(list.total).toBe(mineB?.n);
    const ids = new Set(list.items.map((i) => i.id));
    const ofA = await env.DB.prepare('SELECT id FROM notifications WHERE user_id = ? LIMIT 1').bind(w.headA.id).first<{ id: string }>();
    expect(ids.has(ofA?.id ?? '')).toBe(false);
    // Another user's notification is not found, and stays unread.
    const foreign = await api(`/notifications/${ofA?.id}/read`, { method: 'POST', token: w.headB.token });
    expect(foreign.status).toBe(404);
    expect((await json(foreign)).code).toBe('not_found');
    expect((await env.DB.prepare('SELECT read_at FROM notifications WHERE id = ?').bind(ofA?.id).first<{ read_at: string | null }>())?.read_at).toBeNull();

    const first = list.items[list.items.length - 1]!;
    const marked = await json<{ marked: number }>(await api(`/notifications/${first.id}/read`, { method: 'POST', token: w.headB.token }));
    expect(marked.marked).toBe(1);
    expect((await json<{ marked: number }>(await api(`/notifications/${first.id}/read`, { method: 'POST', token: w.headB.token }))).marked).toBe(0);
    const count = await json<{ unread: number }>(await api('/notifications/unread-count', { token: w.headB.token }));
    expect(count.unread).toBe(list.unread - 1);
    // Unread first: the one just read comes last.
    const after = await json<{ items: { id: string; read_at: string | null }[] }>(await api('/notifications?limit=100', { token: w.headB.token }));
    expect(after.items[after.items.length - 1]?.id).toBe(first.id);
    expect(after.items.slice(0, -1).every((i) => i.read_at === null)).toBe(true);
    const page = await json<{ items: unknown[] }>(await api('/notifications?limit=1&offset=1', { token: w.headB.token }));
    expect(page.items).toHaveLength(1);

    const unreadA = await json<{ unread: number }>(await api('/notifications/unread-count', { token: w.headA.token }));
    const all = await json<{ marked: number }>(await api('/notifications/read-all', { method: 'POST', token: w.headB.token }));
    expect(all.marked).toBe(count.unread);
    expect((await json<{ unread: number }>(await api('/notifications/unread-count', { token: w.headB.token }))).unread).toBe(0);
    expect((await json<{ unread: number }>(await api('/notifications/unread-count', { token: w.headA.token }))).unread).toBe(unreadA.unread);
    expect((await api('/notifications?limit=101', { token: w.headB.token })).status).toBe(400);
    expect((await api('/notifications/unread-count')).status).toBe(401);
  });

  it('keeps preferences per user, with defaults and validation', async () => {
    const fresh = await signedIn('inspector', (await makeTree()).province);
    const defaults = await json(await api('/notifications/preferences', { token: fresh.token }));
    expect(defaults).toEqual({ digest_enabled: false, digest_kinds: ['action_due', 'action_overdue', 'nc_unanswered', 'dispute_waiting', 'verification_waiting', 'nc_reminder'], language: null });
    const bad = await api('/notifications/preferences', { method: 'PUT', token: fresh.token, body: { digest_enabled: true, digest_kinds: ['spam'], language: 'fr' } });
    expect(bad.status).toBe(422);
    const problem = await json<{ code: string; errors: { path: string }[] }>(bad);
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['$.digest_kinds[0]', '$.language']);
    const twice = await api('/notifications/preferences', { method: 'PUT', token: fresh.token, body: { digest_enabled: true, digest_kinds: ['nc_reminder', 'nc_reminder'], language: null } });
    expect(twice.status).toBe(422);
    const saved = await json(await api('/notifications/preferences', { method: 'PUT', token: fresh.token, body: { digest_enabled: true, digest_kinds: ['nc_reminder'], language: 'en' } }));
    expect(saved).toEqual({ digest_enabled: true, digest_kinds: ['nc_reminder'], language: 'en' });
    expect(await json(await api('/notifications/preferences', { token: fresh.token }))).toEqual(saved);
    // Someone else's are untouched.
    expect(await json(await api('/notifications/preferences', { token: w.member.token }))).toEqual(defaults);
  });
});

describe('the lead\'s remind action', () => {
  it('reminds the unit heads of unanswered nonconformities at most once a day, lead only', async () => {
    const listed = await json<{ items: { finding_id: string; recipients: number; reminded_today: boolean }[] }>(await api(`/audits/${w.auditId}/reminders`, { token: w.lead.token }));
    const open = new Map(listed.items.map((i) => [i.finding_id, i]));
    expect([...open.keys()].sort()).toEqual([w.f.unansweredA, w.f.recentB, w.f.noHeadC].sort());
    expect(open.get(w.f.unansweredA)).toMatchObject({ recipients: 2, reminded_today: false });
    expect(open.get(w.f.noHeadC)?.recipients).toBe(0);

    expect((await api(`/audits/${w.auditId}/remind`, { method: 'POST', token: w.member.token })).status).toBe(403);
    expect((await api(`/audits/${w.auditId}/remind`, { method: 'POST', token: w.headA.token })).status).toBe(403);
    const notReporting = await api(`/audits/${w.otherAuditId}/remind`, { method: 'POST', token: w.lead.token });
    expect(notReporting.status).toBe(409);
    expect((await json(notReporting)).code).toBe('audit_not_reporting');

    const first = await json(await api(`/audits/${w.auditId}/remind`, { method: 'POST', token: w.lead.token }));
    expect(first).toEqual({ reminded: 2, already_reminded: 0, without_recipient: 1, notifications: 3 });
    const second = await json(await api(`/audits/${w.auditId}/remind`, { method: 'POST', token: w.lead.token }));
    expect(second).toEqual({ reminded: 0, already_reminded: 2, without_recipient: 1, notifications: 0 });
    const { results } = await env.DB.prepare("SELECT user_id FROM notifications WHERE kind = 'nc_reminder' AND finding_id = ?").bind(w.f.unansweredA).all<{ user_id: string }>();
    expect(results.map((r) => r.user_id).sort()).toEqual([w.headA.id, w.headDistrictA.id].sort());
    const relisted = await json<{ items: { reminded_today: boolean; recipients: number }[] }>(await api(`/audits/${w.auditId}/reminders`, { token: w.lead.token }));
    expect(relisted.items.filter((i) => i.recipients > 0).every((i) => i.reminded_today)).toBe(true);
  });

  it('lets the reminder setting change in reporting, alone, within bounds', async () => {
    const audit = await json<{ version: number; reminder_after_days: number }>(await api(`/audits/${w.auditId}`, { token: w.lead.token }));
    expect(audit.reminder_after_days).toBe(5);
    const mixed = await api(`/audits/${w.auditId}`, { method: 'PATCH', token: w.lead.token, body: { version: audit.version, reminder_after_days: 10, title: 'Đổi tên' } });
    expect(mixed.status).toBe(409);
    const tooMany = await api(`/audits/${w.auditId}`, { method: 'PATCH', token: w.lead.token, body: { version: audit.version, reminder_after_days: 0 } });
    expect(tooMany.status).toBe(422);
    const ok = await api(`/audits/${w.auditId}`, { method: 'PATCH', token: w.lead.token, body: { version: audit.version, reminder_after_days: 10 } });
    expect(ok.status).toBe(200);
    expect((await json<{ reminder_after_days: number }>(ok)).reminder_after_days).toBe(10);
  });
});
